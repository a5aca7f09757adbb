// SPDX-License-Identifier: Apache-2.0
// The HERMES preset reproduces the four published figures (Le Gallo et al., Nature Electronics
// 6:680, 2023) within +-10%: 63.1 TOPS at 9.76 TOPS/W in one-phase mode, 16.1 TOPS at
// 2.48 TOPS/W in four-phase mode. summary.json's peak_tops is per tiles_total, so the run must
// fit exactly one 64-core chip: a small Llama-type config.json (20 tiles) with
// system.allow_multi_chip=false.
#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"

namespace {
nlohmann::json hermes_summary(const std::vector<std::string>& extra) {
  aimcsim::test::TempDir dir;
  const std::string model = aimcsim::test::write_small_llama(dir.path());
  std::vector<std::string> args = {"run", aimcsim::test::config_file("hermes.yaml"), "--model",
                                   model, "--prompt", "4", "--decode", "2", "-p",
                                   "system.allow_multi_chip=false", "-o", (dir / "out").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = aimcsim::test::run_cli(args, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return aimcsim::test::read_json(dir / "out" / "summary.json");
}

void expect_within_10_percent(double value, double published, const char* what) {
  EXPECT_NEAR(value, published, 0.10 * published) << what << ": " << value << " vs " << published;
}
}  // namespace

TEST(HermesFigures, OnePhase) {
  const auto s = hermes_summary({});
  ASSERT_EQ(s["chips"], 1);
  ASSERT_EQ(s["tiles_total"], 64);
  EXPECT_EQ(s["tiles_used"], 20);
  expect_within_10_percent(s["peak_tops"], 63.1, "one-phase TOPS");
  expect_within_10_percent(s["peak_tops_per_w"], 9.76, "one-phase TOPS/W");
  // Our own hand figures: 64 x 2 x 65536 / 133 ns = 63.07 TOPS; 131072 ops / 13437.4 pJ =
  // 9.754 TOPS/W.
  EXPECT_NEAR(s["peak_tops"].get<double>(), 64 * 131072 / 133e-9 / 1e12, 1e-9);
  EXPECT_NEAR(s["peak_tops_per_w"].get<double>(), 131072 / 13437.4e-12 / 1e12, 1e-9);
  EXPECT_NEAR(s["mvm_latency_s"].get<double>(), 133e-9, 1e-18);
}

TEST(HermesFigures, FourPhase) {
  const auto s = hermes_summary({"-p", "chip.analog_tile.input_phases=4"});
  ASSERT_EQ(s["tiles_total"], 64);
  expect_within_10_percent(s["peak_tops"], 16.1, "four-phase TOPS");
  expect_within_10_percent(s["peak_tops_per_w"], 2.48, "four-phase TOPS/W");
  // 4 x 133 = 532 ns (LG23 measures 520 ns): 15.77 TOPS; 4 x 13437.4 pJ: 2.439 TOPS/W.
  EXPECT_NEAR(s["peak_tops"].get<double>(), 64 * 131072 / 532e-9 / 1e12, 1e-9);
  EXPECT_NEAR(s["peak_tops_per_w"].get<double>(), 131072 / (4 * 13437.4e-12) / 1e12, 1e-9);
}
