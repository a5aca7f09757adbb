// SPDX-License-Identifier: Apache-2.0
// One test per class of bad configuration, through the CLI: exit code 2, exactly one line on
// stderr naming where (file:line or the command line), the dotted key and what was expected,
// and no results folder (nor a staging folder) left behind.
#include <cctype>
#include <filesystem>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"

namespace fs = std::filesystem;
using aimcsim::test::CliResult;
using aimcsim::test::TempDir;

namespace {

/// A copy of configs/hermes.yaml in a temp folder, editable line by line.
struct BadConfig : ::testing::Test {
  TempDir dir;
  std::vector<std::string> lines;
  std::string file = (dir / "arch.yaml").string();

  void SetUp() override {
    std::istringstream is(aimcsim::test::read_text(aimcsim::test::config_file("hermes.yaml")));
    for (std::string l; std::getline(is, l);) lines.push_back(l);
  }
  /// Replaces the first line containing `match` by `with`; returns its 1-based line number.
  int replace(const std::string& match, const std::string& with) {
    for (size_t i = 0; i < lines.size(); ++i)
      if (lines[i].find(match) != std::string::npos) return lines[i] = with, int(i) + 1;
    ADD_FAILURE() << "no line contains " << match;
    return 0;
  }
  /// Inserts `line` after the first line containing `match`; returns its line number.
  int insert_after(const std::string& match, const std::string& line) {
    for (size_t i = 0; i < lines.size(); ++i)
      if (lines[i].find(match) != std::string::npos)
        return lines.insert(lines.begin() + i + 1, line), int(i) + 2;
    ADD_FAILURE() << "no line contains " << match;
    return 0;
  }
  CliResult run(std::vector<std::string> extra = {}) {
    return run_raw({"--prompt", "2", "--decode", "1"}, extra);
  }
  /// Without the small-workload flags, which would override -p workload.* (flags come last).
  CliResult run_raw(std::vector<std::string> flags, const std::vector<std::string>& extra) {
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    aimcsim::test::write_text(file, text);
    std::vector<std::string> args = {"run", file, "-o", (dir / "out").string()};
    args.insert(args.end(), flags.begin(), flags.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return aimcsim::test::run_cli(args, dir.path());
  }
  /// The common contract; returns the single stderr line.
  std::string expect_config_error(const CliResult& r, const std::vector<std::string>& parts) {
    EXPECT_EQ(r.exit_code, 2) << r.err;
    const auto err = r.err_lines();
    EXPECT_EQ(err.size(), 1u) << r.err;
    const std::string line = err.empty() ? "" : err.front();
    for (const auto& p : parts) EXPECT_NE(line.find(p), std::string::npos) << "'" << p << "' in: " << line;
    EXPECT_FALSE(fs::exists(dir / "out")) << "results folder left behind";
    for (const auto& e : fs::directory_iterator(dir.path()))
      EXPECT_EQ(e.path().filename().string().rfind(".out", 0), std::string::npos)
          << "staging folder left behind: " << e.path();
    EXPECT_TRUE(r.out_lines().empty()) << r.out;
    return line;
  }
  std::string at(int line) const { return file + ":" + std::to_string(line); }
};

}  // namespace

TEST_F(BadConfig, ValidCopyRuns) {
  const CliResult r = run();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "out" / "summary.json"));
}

TEST_F(BadConfig, UnknownKey) {
  const int l = insert_after("    rows: 256", "    rowz: 256");
  expect_config_error(run(), {at(l), "chip.analog_tile.rowz", "unknown key", "rows"});
}

TEST_F(BadConfig, WrongType) {
  const int l = replace("    rows: 256", "    rows: many");
  expect_config_error(run(), {at(l), "chip.analog_tile.rows", "expected an integer", "many"});
  const int g = replace("  analog_tile:", "  analog_tile: 5");
  lines.resize(g);  // the group became a scalar; drop its children
  expect_config_error(run(), {"chip.analog_tile", "expected a group"});
}

TEST_F(BadConfig, ZeroRows) {
  const int l = replace("    rows: 256", "    rows: 0");
  expect_config_error(run(), {at(l), "chip.analog_tile.rows", "in [1, 65536]", "'0'"});
}

TEST_F(BadConfig, AdcBitsZero) {
  const int l = replace("8-bit outputs", "      bits: 0");
  expect_config_error(run(), {at(l), "chip.analog_tile.adc.bits", "in [2, 16]"});
}

TEST_F(BadConfig, AdcBitsSeventeen) {
  const int l = replace("8-bit outputs", "      bits: 17");
  expect_config_error(run(), {at(l), "chip.analog_tile.adc.bits", "in [2, 16]", "17"});
}

TEST_F(BadConfig, NegativeEnergy) {
  const int l = replace("energy_per_cycle: 0.005pJ", "      energy_per_cycle: -1pJ");
  expect_config_error(run(), {at(l), "chip.analog_tile.dac.energy_per_cycle", ">= 0"});
}

TEST_F(BadConfig, BadUnit) {
  const int l = replace("t_lsb: 1ns", "      t_lsb: 5 parsec");
  expect_config_error(run(), {at(l), "chip.analog_tile.dac.t_lsb", "time", "ns", "5 parsec"});
}

TEST_F(BadConfig, UnitOfTheWrongDimension) {
  const int l = replace("t_readout: 5ns", "      t_readout: 5pJ");
  expect_config_error(run(), {at(l), "chip.analog_tile.adc.t_readout", "time"});
}

TEST_F(BadConfig, MissingVersion) {
  replace("version: 1", "# no version");
  expect_config_error(run(), {file + ":1", "version", "missing"});
}

TEST_F(BadConfig, YamlSyntaxError) {
  replace("    cols: 256", "    cols: [256");
  const std::string line = expect_config_error(run(), {file + ":", "YAML syntax error"});
  // file:LINE: the line number follows the file name.
  const auto pos = line.find(file + ":");
  ASSERT_NE(pos, std::string::npos);
  EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(line[pos + file.size() + 1]))) << line;
}

TEST_F(BadConfig, OverrideWithoutValue) {
  expect_config_error(run({"-p", "chip.analog_tile.rows"}),
                      {"command line", "chip.analog_tile.rows", "dotted.key=value"});
}

TEST_F(BadConfig, OverrideWithBadValue) {
  expect_config_error(run({"-p", "chip.analog_tile.rows=zero"}),
                      {"command line (-p chip.analog_tile.rows=zero)", "chip.analog_tile.rows",
                       "expected an integer"});
}

TEST_F(BadConfig, OverrideOfUnknownKey) {
  expect_config_error(run({"-p", "chip.analog_tile.bogus=1"}),
                      {"command line", "chip.analog_tile.bogus", "unknown key"});
}

TEST_F(BadConfig, OverrideBelowAValue) {
  expect_config_error(run({"-p", "chip.analog_tile.rows.x=1"}), {"command line", "rows"});
}

TEST_F(BadConfig, ModelDoesNotFitOneChip) {
  // Llama-3.2-1B needs 14848 HERMES tiles = 232 chips (see test_mapper.cpp).
  const int l = replace("  allow_multi_chip: true", "  allow_multi_chip: false");
  expect_config_error(run(), {at(l), "system.allow_multi_chip", "14848 tiles", "expected true"});
}

TEST_F(BadConfig, ModelDoesNotFitOneChipFromTheCommandLine) {
  expect_config_error(run({"-p", "system.allow_multi_chip=false"}),
                      {"command line", "system.allow_multi_chip", "14848 tiles"});
}

TEST_F(BadConfig, TooFewChips) {
  expect_config_error(run({"-p", "system.chips=2"}), {"command line", "system.chips", "232"});
}

TEST_F(BadConfig, UnknownModelName) {
  expect_config_error(run({"--model", "no-such-model"}),
                      {"command line", "workload.model", "no-such-model", "llama-3.2-1b"});
}

TEST_F(BadConfig, BadHuggingFaceConfig) {
  aimcsim::test::write_text(dir / "bad.json", R"({"model_type":"gpt2","hidden_size":8})");
  expect_config_error(run({"--model", (dir / "bad.json").string()}),
                      {"workload.model", "model_type", "gpt2"});
}

TEST_F(BadConfig, ImpossibleWorkload) {
  expect_config_error(run_raw({}, {"-p", "workload.prompt_tokens=0"}),
                      {"command line", "workload.prompt_tokens", "in [1, "});
  expect_config_error(run_raw({}, {"-p", "workload.batch=0"}), {"command line", "workload.batch"});
}

TEST_F(BadConfig, AdcsBeyondColumns) {
  const int l = replace("count: 256                # KA22", "      count: 512");
  expect_config_error(run(), {at(l), "chip.analog_tile.adc.count", "at most one ADC per column"});
}

TEST_F(BadConfig, MissingArchitectureFile) {
  const CliResult r = aimcsim::test::run_cli(
      {"run", (dir / "nope.yaml").string(), "-o", (dir / "out").string()}, dir.path());
  expect_config_error(r, {"nope.yaml"});
}

TEST_F(BadConfig, DuplicateKey) {
  // YAML 1.2: "the keys of a mapping must be unique". A second `rows` must not be silently
  // ignored (the first one wins in yaml-cpp).
  const int l = insert_after("    rows: 256", "    rows: 512");
  expect_config_error(run(), {at(l), "chip.analog_tile.rows"});
}

TEST_F(BadConfig, KvCacheThatCannotHoldTheWorkload) {
  // No KV SRAM and 1 kB of DRAM: the first layer of a 2-token prompt needs 2 x 2 x 512 x 2 B =
  // 4 kB of K and V. Found during the run, it is still a bad configuration: exit 2, one line
  // naming the key to raise, no results folder.
  const int l = replace("capacity: 8GiB", "      capacity: 1KB");
  replace("capacity: 1MiB", "      capacity: 0B");
  const std::string line = expect_config_error(run(), {"chip.kv_cache.dram.capacity"});
  EXPECT_NE(line.find(at(l)), std::string::npos) << "should name file:line: " << line;
}

TEST_F(BadConfig, ChipAboveTheDieLimit) {
  // 32 x 32 HERMES cores of 1.389 mm2 (tile + router) = 1422 mm2 of tiles alone: above the
  // 858 mm2 reticle. One line naming the limit and every key that sets the area.
  const std::string line = expect_config_error(
      run({"-p", "chip.mesh.rows=32", "-p", "chip.mesh.cols=32"}),
      {"chip.max_area", "1024 tiles", "chip.mesh.rows", "chip.analog_tile", "chip.digital_unit",
       "chip.kv_cache.sram.capacity", "chip.other_area", "system.multi_die_package"});
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST_F(BadConfig, MultiDiePackageMayExceedTheDieLimit) {
  const CliResult r = run({"-p", "chip.mesh.rows=32", "-p", "chip.mesh.cols=32", "-p",
                           "system.multi_die_package=true"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}
