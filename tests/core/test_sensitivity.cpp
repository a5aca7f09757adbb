// SPDX-License-Identifier: Apache-2.0
// Sensitivity: every cost-relevant parameter moves the metrics it should, in the right direction,
// and leaves the ones it should not touch where they were. Runs the CLI on the HERMES preset
// with a small Llama-type model on one chip (20 cores), or on the LLM-scale preset with
// Llama-3.2-1B for the multi-chip keys. Also: energy by component adds up to the total and its
// busy times add up without double counting.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"

namespace {
using nlohmann::json;

struct Outcome {
  json s;
  double component_energy_j = 0, dac_adc_busy_s = 0;
  double crossbar_busy_s = 0, tile_wakeups = 0;  ///< from stats.txt, over all chips
};

Outcome run(const std::vector<std::string>& overrides, bool multi_chip = false) {
  aimcsim::test::TempDir dir;
  std::vector<std::string> args;
  if (multi_chip) {
    args = {"run", aimcsim::test::config_file("llm_scale.yaml"), "--prompt", "64", "--decode", "4"};
  } else {
    const std::string model = aimcsim::test::write_small_llama(dir.path());
    args = {"run", aimcsim::test::config_file("hermes.yaml"), "--model", model, "--prompt", "8",
            "--decode", "4", "-p", "system.allow_multi_chip=false", "-p",
            "workload.prefill_chunk=4"};
  }
  for (const auto& o : overrides) args.insert(args.end(), {"-p", o});
  args.insert(args.end(), {"-o", (dir / "out").string()});
  const auto r = aimcsim::test::run_cli(args, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  Outcome out;
  out.s = aimcsim::test::read_json(dir / "out" / "summary.json");
  std::istringstream csv(aimcsim::test::read_text(dir / "out" / "energy_by_component.csv"));
  std::string line;
  std::getline(csv, line);  // header
  while (std::getline(csv, line)) {
    std::vector<std::string> f;
    std::istringstream ls(line);
    for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
    out.component_energy_j += std::stod(f.at(4));
    if (f[0] == "analog_tile.dac" || f[0] == "analog_tile.adc" || f[0] == "analog_tile.array")
      out.dac_adc_busy_s += std::stod(f.at(5));
  }
  std::istringstream stats(aimcsim::test::read_text(dir / "out" / "stats.txt"));
  const auto ends_with = [](const std::string& a, const std::string& b) {
    return a.size() >= b.size() && a.compare(a.size() - b.size(), b.size(), b) == 0;
  };
  for (std::string key; stats >> key;) {
    double value = 0;
    stats >> value;
    if (ends_with(key, ".tiles.crossbar_busy")) out.crossbar_busy_s += value;
    if (ends_with(key, ".tiles.wakeups")) out.tile_wakeups += value;
    std::getline(stats, line);  // unit and description
  }
  return out;
}

double v(const Outcome& r, const char* key) { return r.s.at(key).get<double>(); }

void expect_up(const Outcome& a, const Outcome& b, const char* key) {
  EXPECT_GT(v(b, key), v(a, key) * (1 + 1e-9)) << key << " should rise";
}
void expect_down(const Outcome& a, const Outcome& b, const char* key) {
  EXPECT_LT(v(b, key), v(a, key) * (1 - 1e-9)) << key << " should fall";
}
void expect_same(const Outcome& a, const Outcome& b, const char* key) {
  EXPECT_NEAR(v(b, key), v(a, key), 1e-12 * std::abs(v(a, key)) + 1e-30) << key << " moved";
}

const Outcome& base() {
  static const Outcome r = run({});
  return r;
}
}  // namespace

TEST(Sensitivity, EnergyByComponentSumsToTheTotal) {
  for (const auto& r : {base(), run({}, true)}) {
    EXPECT_NEAR(r.component_energy_j, v(r, "energy_j"), 1e-6 * v(r, "energy_j"));
    EXPECT_GT(r.dac_adc_busy_s, 0);
  }
}

TEST(Sensitivity, TileBusyTimesAddUpToTheCrossbars) {
  // The DACs are busy while they drive the rows, the ADCs while they convert, the array and the
  // periphery never on their own: their busy times add up to the crossbar's, minus the wake-ups
  // (10 ns each) it also holds under idle gating (the LLM-scale preset gates; HERMES does not).
  for (const auto& r : {base(), run({}, true)}) {
    ASSERT_GT(r.crossbar_busy_s, 0);
    EXPECT_NEAR(r.dac_adc_busy_s + r.tile_wakeups * 10e-9, r.crossbar_busy_s,
                1e-9 * r.crossbar_busy_s);
  }
  EXPECT_EQ(base().tile_wakeups, 0);
  EXPECT_GT(run({}, true).tile_wakeups, 0);
}

TEST(Sensitivity, AdcBits) {
  const Outcome r = run({"chip.analog_tile.adc.bits=10"});
  for (const char* k : {"mvm_latency_s", "mvm_energy_j", "tile_area_mm2", "chip_area_mm2",
                        "tpot_s", "energy_j"})
    expect_up(base(), r, k);
  expect_down(base(), r, "peak_tops");
  const Outcome low = run({"chip.analog_tile.adc.bits=4"});
  expect_down(base(), low, "mvm_energy_j");
  expect_down(base(), low, "tile_area_mm2");
  expect_same(base(), low, "mvm_latency_s");  // the 128 ns PWM window already covers 4 bits
}

TEST(Sensitivity, AdcType) {
  // Per-type defaults (docs/sources.md): SAR 15 fJ/step, CCO 20, flash 25, 1 / 6.25 / 4 um2
  // units; SAR 8 x 0.1 ns after the window.
  const Outcome sar = run({"chip.analog_tile.adc.type=sar"});
  expect_up(base(), sar, "mvm_latency_s");
  expect_down(base(), sar, "tile_area_mm2");  // 288 x 1 um2 < 48 x 6.25 um2
  expect_down(base(), sar, "mvm_energy_j");   // 15 < 20 fJ/step
  const Outcome flash = run({"chip.analog_tile.adc.type=flash"});
  expect_up(base(), flash, "tile_area_mm2");
  expect_up(base(), flash, "mvm_energy_j");   // 25 fJ/step
  expect_up(sar, flash, "mvm_energy_j");
  const Outcome ramp = run({"chip.analog_tile.adc.type=ramp"});
  expect_up(sar, ramp, "mvm_latency_s");
  expect_same(base(), ramp, "tile_area_mm2");  // counter + ramp: as many units as a CCO
}

TEST(Sensitivity, DacBitsAndMode) {
  const Outcome r = run({"chip.analog_tile.dac.bits=6"});
  expect_down(base(), r, "mvm_latency_s");
  expect_down(base(), r, "mvm_energy_j");
  expect_same(base(), r, "chip_area_mm2");
  const Outcome bs = run({"chip.analog_tile.dac.encoding=bit_serial"});
  expect_up(base(), bs, "mvm_latency_s");
  expect_up(base(), bs, "mvm_energy_j");
  expect_same(base(), bs, "chip_area_mm2");
}

TEST(Sensitivity, RowsColsAndAdcCount) {
  const Outcome rows = run({"chip.analog_tile.rows=512"});
  expect_up(base(), rows, "tile_area_mm2");
  expect_up(base(), rows, "mvm_energy_j");
  expect_same(base(), rows, "mvm_latency_s");
  EXPECT_LT(rows.s["tiles_used"].get<int>(), base().s["tiles_used"].get<int>());
  const Outcome cols = run({"chip.analog_tile.cols=512"});  // 256 ADCs now share 512 columns
  expect_up(base(), cols, "tile_area_mm2");
  expect_up(base(), cols, "mvm_latency_s");
  const Outcome adcs = run({"chip.analog_tile.adc.count=128"});
  expect_down(base(), adcs, "tile_area_mm2");
  expect_up(base(), adcs, "mvm_latency_s");
  expect_up(base(), adcs, "mvm_energy_j");  // a CCO bank re-integrates for every round
}

TEST(Sensitivity, InputPhases) {
  const Outcome r = run({"chip.analog_tile.input_phases=4"});
  expect_up(base(), r, "mvm_latency_s");
  expect_up(base(), r, "mvm_energy_j");
  expect_down(base(), r, "peak_tops");
  expect_same(base(), r, "chip_area_mm2");
}

TEST(Sensitivity, ArrayReadEnergy) {
  // Array energy ∝ V^2 x G x activity; G defaults to devices/2 x g_max x mean |w|/w_max.
  for (const char* o :
       {"chip.analog_tile.read_voltage=0.3", "chip.analog_tile.mean_conductance=25uS",
        "chip.analog_tile.input_activity=0.8", "chip.analog_tile.device.g_max=50uS",
        "chip.analog_tile.mean_weight_fraction=0.5"}) {
    const Outcome r = run({o});
    expect_up(base(), r, "mvm_energy_j");
    expect_same(base(), r, "mvm_latency_s");
    expect_same(base(), r, "ttft_s");
    expect_same(base(), r, "chip_area_mm2");
  }
  // g_max 50 uS = mean_conductance 2 x 50 x 0.25 = 25 uS: the same array energy.
  expect_same(run({"chip.analog_tile.mean_conductance=25uS"}),
              run({"chip.analog_tile.device.g_max=50uS"}), "mvm_energy_j");
}

TEST(Sensitivity, AdcFomAndNode) {
  const Outcome fom = run({"chip.analog_tile.adc.fom=40fJ"});  // default CCO 20 fJ/step
  expect_up(base(), fom, "mvm_energy_j");
  expect_same(base(), fom, "mvm_latency_s");
  expect_same(base(), fom, "chip_area_mm2");
  const Outcome node = run({"chip.analog_tile.node=28"});  // ADC energy ∝ F, cells, ADCs ∝ F^2
  expect_up(base(), node, "mvm_energy_j");
  expect_up(base(), node, "tile_area_mm2");
  expect_same(base(), node, "mvm_latency_s");
}

TEST(Sensitivity, LeakageParameters) {
  for (const char* o : {"chip.logic_leakage=10mW", "chip.digital_unit.sram.leakage_per_mbit=100uW",
                        "chip.kv_cache.sram.leakage_per_mbit=100uW",
                        "chip.other_static_power=100mW"}) {
    const Outcome r = run({o});
    expect_up(base(), r, "static_energy_j");
    expect_same(base(), r, "dynamic_energy_j");
    expect_same(base(), r, "ttft_s");
    expect_same(base(), r, "chip_area_mm2");
  }
  // The other area leaks chip.logic_leakage too, and it is area.
  const Outcome other = run({"chip.other_area=100mm2"});
  expect_up(base(), other, "static_energy_j");
  expect_up(base(), other, "chip_area_mm2");
  expect_same(base(), other, "dynamic_energy_j");
  expect_same(base(), other, "ttft_s");
  // DRAM background and link idle power: the multi-chip preset has both.
  const Outcome multi = run({}, true);
  for (const char* o : {"chip.kv_cache.dram.static_power=2W", "system.chip_link.static_power=50mW",
                        "system.board_link.static_power=1W"}) {
    const Outcome r = run({o}, true);
    expect_up(multi, r, "static_energy_j");
    expect_same(multi, r, "dynamic_energy_j");
    expect_same(multi, r, "ttft_s");
  }
}

TEST(Sensitivity, PeripheryEnergyAndAdcReferenceNode) {
  const Outcome periph = run({"chip.analog_tile.periphery_energy=72pJ"});
  expect_up(base(), periph, "mvm_energy_j");
  expect_same(base(), periph, "mvm_latency_s");
  expect_same(base(), periph, "chip_area_mm2");
  // FOM and unit area given at 28 nm, used at 14 nm: ADC energy x 1/2, ADC area x 1/4.
  const Outcome ref = run({"chip.analog_tile.adc.reference_node=28"});
  expect_down(base(), ref, "mvm_energy_j");
  expect_down(base(), ref, "tile_area_mm2");
  expect_same(base(), ref, "mvm_latency_s");
}

TEST(Sensitivity, PrefillChunk) {
  // The base runs an 8-token prompt in chunks of 4 (pipelined across layers); 0 = whole prompt.
  const Outcome whole = run({"workload.prefill_chunk=0"});
  expect_up(base(), whole, "ttft_s");
  expect_same(base(), whole, "tpot_s");
  expect_same(base(), whole, "chip_area_mm2");
}

TEST(Sensitivity, MaxAreaDecidesWhetherTheChipIsAccepted) {
  aimcsim::test::TempDir dir;
  const std::string model = aimcsim::test::write_small_llama(dir.path());
  const auto r = aimcsim::test::run_cli(
      {"run", aimcsim::test::config_file("hermes.yaml"), "--model", model, "--prompt", "8",
       "--decode", "4", "-p", "system.allow_multi_chip=false", "-p", "chip.max_area=100mm2", "-o",
       (dir / "out").string()},
      dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("chip.max_area"), std::string::npos) << r.err;
}

TEST(Sensitivity, DigitalUnitLanesAndCount) {
  const Outcome lanes = run({"chip.digital_unit.lanes=64"});
  expect_up(base(), lanes, "chip_area_mm2");
  expect_down(base(), lanes, "tpot_s");  // the digital LM head runs on 4x the lanes
  expect_same(base(), lanes, "mvm_energy_j");
  EXPECT_GT(v(lanes, "static_energy_j") / v(lanes, "e2e_latency_s"),
            v(base(), "static_energy_j") / v(base(), "e2e_latency_s"));  // lanes leak
  const Outcome count = run({"chip.digital_unit.count=16"});
  expect_up(base(), count, "chip_area_mm2");
  EXPECT_GT(v(count, "static_energy_j") / v(count, "e2e_latency_s"),
            v(base(), "static_energy_j") / v(base(), "e2e_latency_s"));
  expect_same(base(), count, "mvm_energy_j");
}

TEST(Sensitivity, NocLinkWidth) {
  const Outcome r = run({"chip.noc.link_width_bits=64"});
  expect_up(base(), r, "chip_area_mm2");  // wider router buffers
  expect_down(base(), r, "ttft_s");
  expect_same(base(), r, "mvm_energy_j");
}

TEST(Sensitivity, PowerGating) {
  const Outcome unused = run({"chip.power_gating.mode=unused"});
  const Outcome idle = run({"chip.power_gating.mode=idle"});
  // 20 of 64 cores are used: switching the rest off lowers static energy; sleeping between uses
  // lowers it further; dynamic energy does not depend on gating.
  expect_down(base(), unused, "static_energy_j");
  EXPECT_LT(v(idle, "static_energy_j"), v(unused, "static_energy_j"));
  expect_same(base(), unused, "dynamic_energy_j");
  expect_same(base(), idle, "dynamic_energy_j");
  expect_same(base(), unused, "ttft_s");
  expect_up(base(), idle, "ttft_s");  // every wake-up costs 10 ns
  expect_same(base(), idle, "chip_area_mm2");
  // A timeout far beyond every gap never gates: the latency of no gating, the leakage of
  // `unused`. Gating every gap (timeout 0) wakes more often than at the break-even timeout.
  const Outcome never = run({"chip.power_gating.mode=idle", "chip.power_gating.idle_timeout=1e9"});
  expect_same(base(), never, "ttft_s");
  EXPECT_NEAR(v(never, "static_energy_j"), v(unused, "static_energy_j"),
              1e-9 * v(unused, "static_energy_j"));
  const Outcome eager = run({"chip.power_gating.mode=idle", "chip.power_gating.idle_timeout=0"});
  expect_up(idle, eager, "ttft_s");
}

TEST(Sensitivity, ChipsPerPackageAndMemoryStacks) {
  const Outcome four = run({}, true);
  const Outcome one = run({"system.chips_per_package=1"}, true);
  // Every chip link becomes a board link: slower, costlier, more PHY area and idle power.
  EXPECT_EQ(one.s["packages"].get<int>(), one.s["chips"].get<int>());
  expect_up(four, one, "tpot_s");
  expect_up(four, one, "energy_j");
  expect_up(four, one, "area_mm2");
  expect_same(four, one, "mvm_energy_j");
  const Outcome stacks = run({"system.memory_stacks_per_package=2"}, true);
  expect_up(four, stacks, "static_energy_j");  // twice the DRAM background power
  expect_same(four, stacks, "dynamic_energy_j");
}

TEST(Sensitivity, MultiDiePackageAddsDieToDiePhys) {
  // One HERMES chip (no chip links) takes A mm2. As a multi-die package under a smaller die
  // limit M it becomes d dies chained by d - 1 UCIe-class links: 2 (d - 1) PHYs of 0.5 mm2 and
  // 10 mW each (system.chip_link), with d the fewest dies such that A + 2 (d - 1) 0.5 <= d M.
  const Outcome one = base();
  const double a_mm2 = v(one, "chip_area_mm2");
  const auto dies_under = [a_mm2](double m_mm2) {
    int d = 1;
    while (a_mm2 + 2 * (d - 1) * 0.5 > d * m_mm2) ++d;
    return d;
  };
  const double e2e_s = v(one, "e2e_latency_s");
  int last_dies = 1;
  double last_area = a_mm2, last_static = v(one, "static_energy_j");
  for (const double m_mm2 : {100.0, 40.0}) {
    const Outcome r = run({"system.multi_die_package=true",
                           "chip.max_area=" + std::to_string(m_mm2) + "mm2"});
    const int d = dies_under(m_mm2);
    ASSERT_GT(d, last_dies) << "the die limit should force more dies";
    EXPECT_NEAR(v(r, "chip_area_mm2"), a_mm2 + 2 * (d - 1) * 0.5, 1e-9 * a_mm2);
    EXPECT_NEAR(v(r, "static_energy_j"),
                v(one, "static_energy_j") + 2 * (d - 1) * 10e-3 * e2e_s,
                1e-9 * v(one, "static_energy_j"));
    expect_same(one, r, "ttft_s");
    expect_same(one, r, "dynamic_energy_j");
    EXPECT_GT(v(r, "chip_area_mm2"), last_area);
    EXPECT_GT(v(r, "static_energy_j"), last_static);
    last_dies = d, last_area = v(r, "chip_area_mm2"), last_static = v(r, "static_energy_j");
  }
}

TEST(Sensitivity, DigitalLinears) {
  // Moving the MLP's down projection to the digital units frees its tiles and streams its
  // weights from DRAM each pass: fewer tiles used, slower and costlier tokens; the chip itself
  // (its tile count and area) is unchanged.
  const Outcome digital = run({"mapping.digital_linears=down_proj"});
  expect_down(base(), digital, "tiles_used");
  expect_up(base(), digital, "tpot_s");
  expect_up(base(), digital, "energy_per_token_j");
  expect_same(base(), digital, "chip_area_mm2");
}
