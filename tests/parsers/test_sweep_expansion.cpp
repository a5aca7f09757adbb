// SPDX-License-Identifier: Apache-2.0
// Sweep files: axes, ranges, zip groups, derived keys, constraints and seeds expand to the
// points written out by hand here.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/parsers/sweep_test_support.hpp"

namespace aimcsim::test {
namespace {

using Points = std::vector<std::string>;
const std::string k_head = "version: 1\ncommands:\n  run: [--model, llama-3.2-1b]\n";

TEST(SweepExpansion, ProductVariesTheLastAxisFastest) {
  const auto s = read_sweep(k_head +
                            "axes:\n"
                            "  chip.analog_tile.adc.bits: [4, 8]\n"
                            "  chip.analog_tile.input_phases: [1, 2, 4]\n");
  EXPECT_EQ(point_texts(s),
            (Points{"chip.analog_tile.adc.bits=4 chip.analog_tile.input_phases=1",
                    "chip.analog_tile.adc.bits=4 chip.analog_tile.input_phases=2",
                    "chip.analog_tile.adc.bits=4 chip.analog_tile.input_phases=4",
                    "chip.analog_tile.adc.bits=8 chip.analog_tile.input_phases=1",
                    "chip.analog_tile.adc.bits=8 chip.analog_tile.input_phases=2",
                    "chip.analog_tile.adc.bits=8 chip.analog_tile.input_phases=4"}));
  EXPECT_EQ(s.swept_keys,
            (Points{"chip.analog_tile.adc.bits", "chip.analog_tile.input_phases"}));
  ASSERT_EQ(s.points.size(), 6u);
  EXPECT_EQ(s.points[4].index, 4u);
  EXPECT_EQ(s.points[4].id, "0004");
  EXPECT_EQ(s.name, "s");
  EXPECT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(s.commands[0].summary_file, "summary.json");
}

TEST(SweepExpansion, RangesAreInclusiveAndDoNotDrift) {
  const auto s = read_sweep(k_head +
                            "axes:\n"
                            "  chip.analog_tile.adc.bits: {from: 4, to: 8, step: 2}\n"
                            "  chip.analog_tile.input_activity: {from: 0.1, to: 0.3, step: 0.1}\n");
  EXPECT_EQ(point_texts(s),
            (Points{"chip.analog_tile.adc.bits=4 chip.analog_tile.input_activity=0.1",
                    "chip.analog_tile.adc.bits=4 chip.analog_tile.input_activity=0.2",
                    "chip.analog_tile.adc.bits=4 chip.analog_tile.input_activity=0.3",
                    "chip.analog_tile.adc.bits=6 chip.analog_tile.input_activity=0.1",
                    "chip.analog_tile.adc.bits=6 chip.analog_tile.input_activity=0.2",
                    "chip.analog_tile.adc.bits=6 chip.analog_tile.input_activity=0.3",
                    "chip.analog_tile.adc.bits=8 chip.analog_tile.input_activity=0.1",
                    "chip.analog_tile.adc.bits=8 chip.analog_tile.input_activity=0.2",
                    "chip.analog_tile.adc.bits=8 chip.analog_tile.input_activity=0.3"}));
  // step defaults to 1; a single value is a one-point axis.
  const auto one = read_sweep(k_head + "axes:\n  chip.analog_tile.adc.bits: {from: 5, to: 7}\n"
                                       "  chip.analog_tile.input_phases: 2\n");
  EXPECT_EQ(point_texts(one), (Points{"chip.analog_tile.adc.bits=5 chip.analog_tile.input_phases=2",
                                      "chip.analog_tile.adc.bits=6 chip.analog_tile.input_phases=2",
                                      "chip.analog_tile.adc.bits=7 chip.analog_tile.input_phases=2"}));
}

TEST(SweepExpansion, ZipGroupsAdvanceTogetherInFileOrder) {
  // The group comes first in the file, so it is the outer factor.
  const auto s = read_sweep(k_head +
                            "zip:\n"
                            "  - chip.analog_tile.rows: [256, 512]\n"
                            "    chip.mesh.rows: [22, 15]\n"
                            "axes:\n"
                            "  chip.analog_tile.adc.bits: [4, 8]\n");
  EXPECT_EQ(point_texts(s),
            (Points{"chip.analog_tile.rows=256 chip.mesh.rows=22 chip.analog_tile.adc.bits=4",
                    "chip.analog_tile.rows=256 chip.mesh.rows=22 chip.analog_tile.adc.bits=8",
                    "chip.analog_tile.rows=512 chip.mesh.rows=15 chip.analog_tile.adc.bits=4",
                    "chip.analog_tile.rows=512 chip.mesh.rows=15 chip.analog_tile.adc.bits=8"}));
}

TEST(SweepExpansion, DerivedKeysFollowSweptOnes) {
  const auto s = read_sweep(k_head +
                            "axes:\n"
                            "  chip.analog_tile.rows: [256, 1024]\n"
                            "derived:\n"
                            "  chip.analog_tile.cols: chip.analog_tile.rows\n"
                            "  chip.analog_tile.adc.count: chip.analog_tile.cols / 2\n"
                            "  chip.mesh.rows: max(4, 8192 / chip.analog_tile.rows)\n");
  EXPECT_EQ(point_texts(s),
            (Points{"chip.analog_tile.rows=256 chip.analog_tile.cols=256 "
                    "chip.analog_tile.adc.count=128 chip.mesh.rows=32",
                    "chip.analog_tile.rows=1024 chip.analog_tile.cols=1024 "
                    "chip.analog_tile.adc.count=512 chip.mesh.rows=8"}));
  EXPECT_EQ(s.swept_keys.size(), 4u);
}

TEST(SweepExpansion, ConstraintsSkipPointsAndSayWhich) {
  const auto s = read_sweep(k_head +
                            "axes:\n"
                            "  chip.analog_tile.adc.bits: [4, 6, 8]\n"
                            "  chip.analog_tile.input_phases: [1, 4]\n"
                            "constraints:\n"
                            "  - chip.analog_tile.adc.bits * chip.analog_tile.input_phases <= 24\n"
                            "  - chip.analog_tile.adc.bits != 6 || chip.analog_tile.input_phases == 1\n");
  EXPECT_EQ(point_texts(s),
            (Points{"chip.analog_tile.adc.bits=4 chip.analog_tile.input_phases=1",
                    "chip.analog_tile.adc.bits=4 chip.analog_tile.input_phases=4",
                    "chip.analog_tile.adc.bits=6 chip.analog_tile.input_phases=1",
                    "chip.analog_tile.adc.bits=8 chip.analog_tile.input_phases=1"}));
  ASSERT_EQ(s.skipped.size(), 2u);
  EXPECT_EQ(s.skipped[0].constraint,
            "chip.analog_tile.adc.bits != 6 || chip.analog_tile.input_phases == 1");
  EXPECT_EQ(s.skipped[1].constraint,
            "chip.analog_tile.adc.bits * chip.analog_tile.input_phases <= 24");
  // Indices count the kept points only.
  EXPECT_EQ(s.points[3].index, 3u);
}

TEST(SweepExpansion, SeedsAndRepeatsAreTheLastFactor) {
  const auto s = read_sweep(k_head + "axes:\n  chip.analog_tile.adc.bits: [4, 8]\nseeds: [7, 9]\n");
  EXPECT_EQ(point_texts(s), (Points{"chip.analog_tile.adc.bits=4 workload.seed=7",
                                    "chip.analog_tile.adc.bits=4 workload.seed=9",
                                    "chip.analog_tile.adc.bits=8 workload.seed=7",
                                    "chip.analog_tile.adc.bits=8 workload.seed=9"}));
  EXPECT_EQ(s.points[3].repeat, 1u);
  const auto r = read_sweep(k_head + "repeats: 3\n");
  EXPECT_EQ(point_texts(r),
            (Points{"workload.seed=1", "workload.seed=2", "workload.seed=3"}));
  EXPECT_EQ(r.points[2].repeat, 2u);
}

TEST(SweepExpansion, DimensionedValuesAreWrittenInTheDeclaredUnit) {
  const auto s = read_sweep(k_head +
                            "axes:\n"
                            "  chip.analog_tile.adc.t_readout: [5 ns, 0.01 us, 2]\n"
                            "  chip.max_area: [858mm2]\n");
  EXPECT_EQ(point_texts(s), (Points{"chip.analog_tile.adc.t_readout=5 chip.max_area=858",
                                    "chip.analog_tile.adc.t_readout=10 chip.max_area=858",
                                    "chip.analog_tile.adc.t_readout=2 chip.max_area=858"}));
  EXPECT_EQ(s.swept_units, (Points{"ns", "mm2"}));
}

TEST(SweepExpansion, BaseCommandsMetricsAndObjectives) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "aimcsim_sweep_expansion";
  fs::create_directories(dir);
  std::ofstream(dir / "model.json") << "{}";
  const auto s = read_sweep("version: 1\nname: study-1\n"
                            "base:\n  arch: hermes\n  params:\n    workload.prompt_tokens: 64\n"
                            "commands:\n  run: [--model, model.json]\n  eval: [--max-tokens, \"64\"]\n"
                            "metrics: [run.ttft_s, eval.drift.1d.perplexity.mean]\n"
                            "pareto:\n  - {metric: run.ttft_s}\n"
                            "  - {metric: eval.drift.1d.perplexity.mean, goal: max}\n",
                            dir.string());
  fs::remove_all(dir);
  EXPECT_EQ(s.name, "study-1");
  EXPECT_EQ(s.arch, "hermes");
  ASSERT_EQ(s.base_params.size(), 1u);
  EXPECT_EQ(s.base_params[0].key, "workload.prompt_tokens");
  EXPECT_EQ(s.base_params[0].value, "64");
  ASSERT_EQ(s.commands.size(), 2u);
  EXPECT_EQ(s.commands[0].args[1], (dir / "model.json").lexically_normal().string());
  EXPECT_EQ(s.commands[1].command, sweep::PointCommand::eval);
  EXPECT_EQ(s.commands[1].summary_file, "eval.json");
  EXPECT_EQ(s.commands[1].args, (Points{"--max-tokens", "64"}));
  ASSERT_EQ(s.objectives.size(), 2u);
  EXPECT_TRUE(s.objectives[0].minimize);
  EXPECT_FALSE(s.objectives[1].minimize);
  // No axes: one point, the base.
  ASSERT_EQ(s.points.size(), 1u);
  EXPECT_TRUE(s.points[0].settings.empty());
}

}  // namespace
}  // namespace aimcsim::test
