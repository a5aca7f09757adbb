// SPDX-License-Identifier: Apache-2.0
// Digital unit: compute time = ceil(lane-cycles / lanes) / f (exp, div, rsqrt take
// special_cycles per lane), energy = sum of count x energy per op; the SystemC DigitalUnit is
// busy for max(compute, SRAM bytes / SRAM bandwidth) (roofline) and queues transactions.
#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"
#include "tests/support/tlm_call.hpp"
#include "sim/report/component_walk.hpp"
#include "tiles/digital_unit.hpp"

using aimcsim::tiles::DigitalOp;
using aimcsim::tiles::OpCounts;
using aimcsim::tiles::Precision;

namespace {
constexpr double ns = 1e-9, pJ = 1e-12;

aimcsim::tiles::DigitalUnitParams hermes_du() {
  // HERMES GDPU: 16 lanes at 400 MHz, 4-cycle specials, SRAM 25.6 GB/s at 0.034 pJ/bit.
  return aimcsim::test::load_config(aimcsim::test::config_file("hermes.yaml")).chip.digital_unit;
}

OpCounts sample_ops() {
  OpCounts o;
  o.add(Precision::fp16, DigitalOp::mac, 1000);
  o.add(Precision::fp32, DigitalOp::exp, 100);
  return o;
}
}  // namespace

TEST(DigitalUnitParams, DefaultEnergiesFollowHorowitzScaled) {
  const auto du = hermes_du();
  // Horowitz 2014 (45 nm) x 0.11: fp16 add 0.4 -> 0.044 pJ, mul 1.1 -> 0.121 pJ, mac 0.165 pJ;
  // fp32 exp = 5 x (0.9 + 3.7) x 0.11 = 2.53 pJ.
  EXPECT_NEAR(du.energy_j[1][static_cast<int>(DigitalOp::add)], 0.044 * pJ, 1e-18);
  EXPECT_NEAR(du.energy_j[1][static_cast<int>(DigitalOp::mac)], 0.165 * pJ, 1e-18);
  EXPECT_NEAR(du.energy_j[2][static_cast<int>(DigitalOp::exp)], 2.53 * pJ, 1e-18);
}

TEST(DigitalUnitParams, ComputeTimeAndEnergy) {
  const auto du = hermes_du();
  const OpCounts o = sample_ops();
  // 1000 MAC x 1 cycle + 100 exp x 4 cycles = 1400 lane-cycles / 16 lanes = 87.5 -> 88 cycles
  // at 400 MHz = 220 ns.
  EXPECT_NEAR(du.compute_time_s(o), 220 * ns, 1e-15);
  // 1000 x 0.165 pJ + 100 x 2.53 pJ = 418 pJ.
  EXPECT_NEAR(du.compute_energy_j(o), 418 * pJ, 1e-16);
  // A MAC counts as 2 operations: 2000 + 100.
  EXPECT_EQ(o.arithmetic_ops(), 2100);
}

TEST(DigitalUnitParams, LanesAndClockScaleTime) {
  const auto du = aimcsim::test::load_config(
                      aimcsim::test::config_file("hermes.yaml"),
                      {"chip.digital_unit.lanes=100", "chip.digital_unit.frequency=1GHz",
                       "chip.digital_unit.special_cycles=10"})
                      .chip.digital_unit;
  // 1000 + 100 x 10 = 2000 lane-cycles / 100 lanes = 20 cycles at 1 GHz = 20 ns.
  EXPECT_NEAR(du.compute_time_s(sample_ops()), 20 * ns, 1e-15);
}

TEST(DigitalUnitModule, ComputeBoundTransaction) {
  const auto params = hermes_du();
  aimcsim::tiles::DigitalUnit du("du", params, "chip0.digital_units");
  aimcsim::test::TlmCall c;
  c.payload.command = aimcsim::kernel::Command::digital;
  c.payload.ops = sample_ops();
  c.payload.sram_bytes = 2560;  // 2560 B / 25.6 GB/s = 100 ns < 220 ns compute
  EXPECT_NEAR(c.call(du.socket, 0), 220 * ns, 1e-15);
  // 418 pJ compute + 2560 x 8 bit x 0.034 pJ/bit = 696.32 pJ SRAM.
  EXPECT_NEAR(c.payload.energy_j, 418 * pJ + 696.32 * pJ, 1e-16);
}

TEST(DigitalUnitModule, SramBoundTransactionAndQueueing) {
  const auto params = hermes_du();
  aimcsim::tiles::DigitalUnit du("du", params, "chip0.digital_units");
  aimcsim::test::TlmCall c;
  c.payload.command = aimcsim::kernel::Command::digital;
  c.payload.ops = sample_ops();
  c.payload.sram_bytes = 25600;  // 25600 B / 25.6 GB/s = 1000 ns > 220 ns: SRAM bound
  EXPECT_NEAR(c.call(du.socket, 0), 1000 * ns, 1e-15);
  // Same ready time again: the unit is busy until 1000 ns.
  EXPECT_NEAR(c.call(du.socket, 0), 2000 * ns, 1e-15);
  // Arriving later than the unit frees up: starts on arrival.
  EXPECT_NEAR(c.call(du.socket, 5000 * ns), 6000 * ns, 1e-15);
  EXPECT_NEAR(du.totals().busy_s, 3000 * ns, 1e-15);
}

TEST(DigitalUnitModule, RejectsOtherCommands) {
  const auto params = hermes_du();
  aimcsim::tiles::DigitalUnit du("du", params, "chip0.digital_units");
  aimcsim::test::TlmCall c;
  c.payload.command = aimcsim::kernel::Command::mvm;
  c.call(du.socket, 0);
  EXPECT_EQ(c.status(), tlm::TLM_COMMAND_ERROR_RESPONSE);
}

TEST(DigitalUnitModule, IdleGatingBridgesGapsShorterThanBreakEven) {
  const auto params = aimcsim::test::load_config(aimcsim::test::config_file("hermes.yaml"),
                                                 {"chip.power_gating.mode=idle"})
                          .chip.digital_unit;
  // Break-even = wake energy / leakage = (100 pJ/mm2 x A) / (5 mW/mm2 x A) = 20 ns.
  ASSERT_NEAR(params.gating.idle_timeout_s, 20 * ns, 1e-18);
  aimcsim::tiles::DigitalUnit du("du", params, "chip0.digital_units");
  aimcsim::test::TlmCall c;
  c.payload.command = aimcsim::kernel::Command::digital;
  c.payload.ops = sample_ops();  // 220 ns of compute
  // Ready at 0: powered since the start, no gap. [0, 220]
  EXPECT_NEAR(c.call(du.socket, 0), 220 * ns, 1e-15);
  // Ready at 230: a 10 ns gap < 20 ns, bridged powered, no wake-up. [230, 450]
  EXPECT_NEAR(c.call(du.socket, 230 * ns), 450 * ns, 1e-15);
  // Ready at 500: a 50 ns gap > 20 ns: on for 20 ns, gated, wakes in 10 ns. [500, 730]
  EXPECT_NEAR(c.call(du.socket, 500 * ns), 730 * ns, 1e-15);
  const auto t = du.totals();
  EXPECT_NEAR(t.powered_busy_s, (220 + 220 + 230) * ns, 1e-15);
  EXPECT_NEAR(t.idle_on_s, (10 + 20) * ns, 1e-15);
  EXPECT_NEAR(t.last_end_s, 730 * ns, 1e-15);
  const double area_mm2 = params.logic_area_mm2();
  EXPECT_NEAR(t.wake_energy_j, 1 * 100 * pJ * area_mm2, 1e-18);
  // A run of 1000 ns: powered 670 + 30 + min(270, 20) = 720 ns, plus one wake-up.
  const double leak_w = 5e-3 * area_mm2;
  EXPECT_NEAR(aimcsim::report::static_energy_j(t, params.gating, 1000 * ns),
              leak_w * 720 * ns + 100 * pJ * area_mm2, 1e-18);
  // A run ending 10 ns after the last use: the tail is 10 ns.
  EXPECT_NEAR(aimcsim::report::static_energy_j(t, params.gating, 740 * ns),
              leak_w * 710 * ns + 100 * pJ * area_mm2, 1e-18);
  // Timeout 0 (gate every gap): the 10 ns gap now wakes too, and no gap time is powered.
  aimcsim::kernel::PowerGating eager = params.gating;
  eager.idle_timeout_s = 0;
  double on_s = 0;
  EXPECT_TRUE(eager.idle_gap(230 * ns, 220 * ns, on_s));
  EXPECT_EQ(on_s, 0.0);
}

TEST(DigitalUnitParams, LaneAreaAndLeakageByHand) {
  // HERMES GDPU: 0.0802 mm2 fixed + 16 lanes x 0.0023 mm2 = 0.1170 mm2 of logic, leaking
  // 5 mW/mm2; with the 64 KiB SRAM (0.524288 Mbit / 3.2 Mbit/mm2 = 0.16384 mm2) the unit is
  // 0.28084 mm2 (LG23: 0.281 mm2).
  const auto du = hermes_du();
  EXPECT_NEAR(du.logic_area_mm2(), 0.1170, 1e-12);
  EXPECT_NEAR(du.static_power_w(), 0.1170 * 5e-3, 1e-15);
  EXPECT_NEAR(du.logic_area_mm2() + du.sram.area_mm2(), 0.28084, 1e-9);
  // 64 lanes: 0.0802 + 64 x 0.0023 = 0.2274 mm2.
  const auto wide = aimcsim::test::load_config(aimcsim::test::config_file("hermes.yaml"),
                                               {"chip.digital_unit.lanes=64"})
                        .chip.digital_unit;
  EXPECT_NEAR(wide.logic_area_mm2(), 0.2274, 1e-12);
  EXPECT_NEAR(wide.static_power_w(), 0.2274 * 5e-3, 1e-15);
}
