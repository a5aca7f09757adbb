// SPDX-License-Identifier: Apache-2.0
// Issue 6, inputs and limits: every bad input is one line on stderr with exit 2 naming where
// the value came from; runs that would exhaust the host are refused before anything is
// allocated; simulated time never wraps; no non-finite figure is ever written.
#include <sys/stat.h>

#include <chrono>
#include <filesystem>

#include <gtest/gtest.h>

#include "sim/kernel/sim_time.hpp"
#include "tests/support/test_support.hpp"

namespace fs = std::filesystem;
using aimcsim::test::CliResult;
using aimcsim::test::run_cli;
using aimcsim::test::TempDir;

namespace {

/// Exit 2, one stderr line holding every part, nothing on stdout, no results folder.
void expect_input_error(const CliResult& r, const fs::path& dir,
                        const std::vector<std::string>& parts) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
  for (const auto& p : parts) EXPECT_NE(r.err.find(p), std::string::npos) << "'" << p << "' in " << r.err;
  EXPECT_TRUE(r.out_lines().empty()) << r.out;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

CliResult run_in(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.end(), {"-o", (dir / "out").string()});
  return run_cli(args, dir.path());
}

}  // namespace

TEST(InputLimits, NegativeNumbersAreErrorsNamingTheFlag) {
  TempDir dir;
  for (const auto& [flag, key] : std::vector<std::pair<std::string, std::string>>{
           {"--prompt", "workload.prompt_tokens"},
           {"--decode", "workload.decode_tokens"},
           {"--batch", "workload.batch"},
           {"--seed", "workload.seed"}})
    expect_input_error(run_in(dir, {"run", flag, "-3"}), dir.path(), {flag + " -3", key});
}

TEST(InputLimits, UnknownCommandIsNamed) {
  TempDir dir;
  const auto r = run_cli({"foo"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown command 'foo'"), std::string::npos) << r.err;
}

TEST(InputLimits, OverrideErrorsNameTheCommandLine) {
  TempDir dir;
  expect_input_error(run_in(dir, {"run", "-p", "bogus.x=1"}), dir.path(),
                     {"command line (-p bogus.x=1)", "'bogus'"});
}

TEST(InputLimits, NonRegularArchitectureFileIsRefused) {
  TempDir dir;
  expect_input_error(run_in(dir, {"run", "/dev/zero"}), dir.path(), {"/dev/zero", "not a regular file"});
  fs::create_directories(dir / "folder");
  expect_input_error(run_in(dir, {"run", "folder"}), dir.path(), {"folder", "not a regular file"});
}

TEST(InputLimits, MemoryEstimateRefusesTinyTilesAndHugeMeshesQuickly) {
  TempDir dir;
  const auto t0 = std::chrono::steady_clock::now();
  expect_input_error(run_in(dir, {"map", "-p", "chip.analog_tile.rows=1", "-p",
                                  "chip.analog_tile.cols=1", "-p", "chip.analog_tile.adc.count=1"}),
                     dir.path(), {"resource budget", "chip.analog_tile.rows = 1", "--ignore-budget"});
  // One 4096x4096 chip (~14 GB: tiles no layer uses are not modules) may fit a large host; 16
  // of them (~270 GB) fit none.
  expect_input_error(run_in(dir, {"run", "-p", "chip.mesh.rows=4096", "-p", "chip.mesh.cols=4096",
                                  "-p", "system.multi_die_package=true", "-p", "system.chips=16"}),
                     dir.path(), {"resource budget", "chip.mesh.rows = 4096"});
  expect_input_error(run_in(dir, {"run", "-p", "system.chips=1048576"}), dir.path(),
                     {"resource budget", "system.chips = 1048576"});
  // Refused from arithmetic alone, before anything is allocated: well under the seconds that
  // allocating even a fraction of it would take (generous bound for a loaded machine).
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 10.0);
}

TEST(InputLimits, WallTimeEstimateRefusesEndlessRunsAndTheBudgetIsConfigurable) {
  TempDir dir;
  expect_input_error(run_in(dir, {"run", "--decode", "10000000"}), dir.path(),
                     {"resource budget", "wall time", "workload.decode_tokens = 10000000"});
  expect_input_error(run_in(dir, {"run", "--prompt", "4", "--decode", "2", "-p",
                                  "simulation.memory_budget=10MB"}),
                     dir.path(), {"simulation.memory_budget = 10MB (command line"});
  const auto r = run_in(dir, {"run", "--prompt", "4", "--decode", "2", "-p",
                              "simulation.memory_budget=10MB", "--ignore-budget"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(InputLimits, TimeBeyondTheModelsRangeIsAnErrorNamingTheKey) {
  TempDir dir;
  expect_input_error(
      run_in(dir, {"run", "--prompt", "4", "--decode", "2", "-p", "system.chip_link.latency=1e8s"}),
      dir.path(), {"exceeds the model's range", "system.chip_link.latency = 1e8s"});
}

TEST(InputLimits, TimeConversionNeverWraps) {
  using aimcsim::kernel::to_sc_time;
  EXPECT_EQ(to_sc_time(1e-9).value(), 1000u);
  EXPECT_EQ(to_sc_time(4.6e6).value(), 4600000000000000000ull);
  EXPECT_THROW(to_sc_time(4.7e6), aimcsim::kernel::SimTimeOverflow);
  EXPECT_THROW(to_sc_time(1e300), aimcsim::kernel::SimTimeOverflow);
  EXPECT_THROW(to_sc_time(std::nan("")), aimcsim::kernel::SimTimeOverflow);
  EXPECT_THROW(aimcsim::kernel::delay_until(5e6, 4.9e6), aimcsim::kernel::SimTimeOverflow);
}

TEST(InputLimits, NonFiniteResultsAreNeverWritten) {
  TempDir dir;
  expect_input_error(run_in(dir, {"run", "--prompt", "4", "--decode", "2", "-p",
                                  "chip.noc.energy_per_bit_hop=1e308J/bit"}),
                     dir.path(), {"not a finite number", "chip.noc.energy_per_bit_hop = 1e308J/bit"});
}

TEST(InputLimits, DramMustHoldTheEmbedding) {
  TempDir dir;
  expect_input_error(run_in(dir, {"run", "--prompt", "4", "--decode", "2", "-p",
                                  "chip.kv_cache.dram.capacity=0"}),
                     dir.path(), {"chip.kv_cache.dram.capacity", "embedding", "command line"});
}

TEST(InputLimits, ModelFolderWithoutConfigIsNamed) {
  TempDir dir;
  fs::create_directories(dir / "m");
  expect_input_error(run_in(dir, {"run", "--model", "m"}), dir.path(),
                     {"--model m", "without a config.json"});
}

TEST(InputLimits, RelativeModelPathReRunsFromAnywhere) {
  TempDir dir;
  fs::create_directories(dir / "models" / "small");
  aimcsim::test::write_small_llama(dir / "models" / "small");
  const std::vector<std::string> args = {"run", "--model", "models/small/config.json", "--prompt",
                                         "8", "--decode", "2", "-o", "first"};
  const auto r1 = run_cli(args, dir.path());
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  EXPECT_TRUE(fs::exists(dir / "first" / "model_config.json"));
  // From another working directory, and after the original model is gone.
  fs::remove_all(dir / "models");
  fs::create_directories(dir / "elsewhere");
  const auto r2 = run_cli({"run", (dir / "first" / "config.resolved.yaml").string(), "-o", "second"},
                          dir / "elsewhere");
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  auto a = aimcsim::test::read_json(dir / "first" / "summary.json");
  auto b = aimcsim::test::read_json(dir / "elsewhere" / "second" / "summary.json");
  for (const char* k : {"ttft_s", "tpot_s", "energy_j", "area_mm2", "tiles_used"})
    EXPECT_EQ(a[k], b[k]) << k;
}

TEST(InputLimits, LongestPromptIsRefusedByTheEstimate) {
  TempDir dir;
  expect_input_error(run_in(dir, {"run", "--prompt", "16777216", "--decode", "2", "-p",
                                  "chip.kv_cache.dram.capacity=1024GiB"}),
                     dir.path(), {"resource budget", "workload.prompt_tokens = 16777216"});
}

TEST(InputLimits, TimeOverflowFromARateNamesTheOverride) {
  TempDir dir;
  expect_input_error(run_in(dir, {"run", "--prompt", "4", "--decode", "2", "-p",
                                  "system.chip_link.bandwidth=1e-300GB/s"}),
                     dir.path(), {"1.64e+295 s", "system.chip_link.bandwidth = 1e-300GB/s"});
}

TEST(InputLimits, FifoModelIsRefused) {
  TempDir dir;
  ASSERT_EQ(mkfifo((dir / "model.json").c_str(), 0644), 0);
  expect_input_error(run_in(dir, {"run", "--model", "model.json"}), dir.path(),
                     {"--model model.json", "not a regular file"});
}
