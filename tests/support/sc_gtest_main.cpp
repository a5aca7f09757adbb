// SPDX-License-Identifier: Apache-2.0
// Entry point of the SystemC-linked test binaries. libsystemc's own main() prints the copyright
// banner before sc_main; this main silences it first, as sim/cli/main.cpp does, then enters SystemC
// the documented way. The time resolution is fixed once, before any sc_time exists.
#include <cstdlib>

#include <gtest/gtest.h>
#include <systemc>

int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}

int sc_main(int argc, char** argv) {
  sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
