// SPDX-License-Identifier: Apache-2.0
// Progress bar: the line's format against hand-computed cases, silence on a non-terminal, and
// drawing on a pseudo-terminal.
#include <gtest/gtest.h>
#include <pty.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "sim/cli/progress_bar.hpp"

namespace aimcsim::cli {
namespace {

TEST(ProgressBar, FormatsHandComputedCases) {
  // 450/1000: 45%, 9 of 20 bar cells; ETA 12.3 s / 450 * 550 = 15.03 s -> 0:15.
  EXPECT_EQ(format_progress("eval", 450, 1000, 12.3, 20),
            "eval [#########...........]  45% 450/1000 elapsed 0:12 ETA 0:15");
  // Nothing done yet: empty bar, unknown ETA.
  EXPECT_EQ(format_progress("ppl", 0, 7, 0.4, 10),
            "ppl [..........]   0% 0/7 elapsed 0:00 ETA --:--");
  // 2/3: 66% (rounded down), 6.67 of 10 cells -> 6; ETA 4000 s / 2 * 1 = 2000 s = 33:20;
  // elapsed 4000 s = 1:06:40.
  EXPECT_EQ(format_progress("x", 2, 3, 4000, 10),
            "x [######....]  66% 2/3 elapsed 1:06:40 ETA 33:20");
  // 999/1000 is not yet 100%.
  EXPECT_EQ(format_progress("a", 999, 1000, 999, 4),
            "a [###.]  99% 999/1000 elapsed 16:39 ETA 0:01");
  // Complete, over-counted and empty totals all read as done.
  EXPECT_EQ(format_progress("a", 5, 5, 61, 4), "a [####] 100% 5/5 elapsed 1:01 ETA 0:00");
  EXPECT_EQ(format_progress("a", 9, 5, 61, 4), "a [####] 100% 5/5 elapsed 1:01 ETA 0:00");
  EXPECT_EQ(format_progress("a", 0, 0, 0, 4), "a [####] 100% 0/0 elapsed 0:00 ETA 0:00");
  // Counts beyond 2^31 and a product done * 100 that would overflow a long long stay exact.
  // 2^62 of 2^62 + 2^61: 2/3 -> 66%, 5.33 of 8 cells -> 5; ETA 10 s / 2^62 * 2^61 = 5 s.
  EXPECT_EQ(format_progress("big", 4611686018427387904LL, 6917529027641081856LL, 10, 8),
            "big [#####...]  66% 4611686018427387904/6917529027641081856 elapsed 0:10 ETA 0:05");
}

TEST(ProgressBar, WritesNothingWhenNotATerminal) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    ProgressBar bar("eval", 100, file);
    for (int i = 0; i < 100; ++i) bar.advance();
    EXPECT_EQ(bar.done(), 100);
    bar.finish();
  }
  EXPECT_EQ(std::ftell(file), 0L);
  std::fclose(file);
}

TEST(ProgressBar, CountsAdvancesFromManyThreads) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  ProgressBar bar("eval", 40000, file);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&bar] {
      for (int i = 0; i < 10000; ++i) bar.advance();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(bar.done(), 40000);
  std::fclose(file);
}

std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

TEST(ProgressBar, DrawsOnATerminalAtMostTenTimesASecond) {
  int master = -1, slave = -1;
  if (openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) {
    GTEST_SKIP() << "no pseudo-terminal available";
  }
  std::FILE* terminal = fdopen(slave, "w");
  ASSERT_NE(terminal, nullptr);
  const auto start = std::chrono::steady_clock::now();
  {
    ProgressBar bar("eval", 1000, terminal);
    // 1000 advances take far less than 100 ms: the first redraws, the one reaching the total
    // redraws, finish() draws the final line; a slow machine may add one per 100 ms.
    for (int i = 0; i < 1000; ++i) bar.advance();
    bar.finish();
  }
  const double took_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fclose(terminal);  // closes the slave: the master then reads what was written, then EOF
  const std::string text = read_all(master);
  close(master);
  std::size_t lines = 0;
  for (std::size_t at = text.find('\r'); at != std::string::npos; at = text.find('\r', at + 1)) {
    // The terminal turns "\n" into "\r\n": count only the redraws' own carriage returns.
    if (at + 1 < text.size() && text[at + 1] != '\n') ++lines;
  }
  EXPECT_GE(lines, 3u) << text;
  EXPECT_LE(lines, 3u + static_cast<std::size_t>(took_s / 0.1)) << text;
  EXPECT_NE(text.find("eval [#"), std::string::npos) << text;
  EXPECT_NE(text.find("100% 1000/1000"), std::string::npos) << text;
  EXPECT_EQ(text.substr(text.size() - 2), "\r\n");  // the final line is ended
}

}  // namespace
}  // namespace aimcsim::cli
