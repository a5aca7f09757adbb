// SPDX-License-Identifier: Apache-2.0
// An exception thrown inside an SC_THREAD after sc_start() (a bad value found mid-simulation)
// reaches the caller of sc_start() as an sc_report carrying the original message, also under
// AddressSanitizer. Debian's libsystemc 2.3.4 runs thread processes on QuickThreads coroutine
// stacks; the debug-asan test preset sets ASAN_OPTIONS=detect_stack_use_after_return=0 because
// ASan's fake stacks do not follow those stack switches (with =1 this test dies with SEGV).
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <systemc>

namespace {

SC_MODULE(ThrowingProcess) {
  SC_CTOR(ThrowingProcess) { SC_THREAD(run); }
  int depth_reached = 0;

  void run() {
    wait(3, sc_core::SC_NS);
    descend(8);
  }
  // A few frames with stack buffers between the throw and the coroutine's entry: the unwinder
  // crosses instrumented frames on the coroutine stack.
  void descend(int n) {
    volatile char buffer[128];
    buffer[0] = static_cast<char>(n);
    depth_reached = 8 - n;
    if (n == 0)
      throw std::runtime_error("workload.decode_tokens: KV cache full at 3 ns (test exception)");
    descend(n - 1 + buffer[0] * 0);
  }
};

}  // namespace

TEST(ExceptionAfterScStart, IsCaughtAndReportedWithItsMessage) {
  ThrowingProcess p("p");
  std::string message;
  try {
    sc_core::sc_start();
    FAIL() << "sc_start returned without the exception";
  } catch (const std::exception& e) {
    message = e.what();
  }
  EXPECT_NE(message.find("KV cache full at 3 ns (test exception)"), std::string::npos) << message;
  EXPECT_EQ(p.depth_reached, 8);
  EXPECT_EQ(sc_core::sc_time_stamp(), sc_core::sc_time(3, sc_core::SC_NS));
}
