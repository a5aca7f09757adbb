// SPDX-License-Identifier: Apache-2.0
// The Analog Foundation Models chain end to end: a tiny AFM-style state dict written with torch
// (tests/support/afm_state_dict.py), converted by scripts/convert-afm-checkpoint.py, loaded,
// mapped on the `afm` preset's chip (static DAC ranges) with 64 x 64 tiles, programmed through
// TileLinears: every analog tile's DAC range is the largest learned range among the input
// slices it holds, the slices cut as AIHWKIT-Lightning cuts them (expected.json, computed in
// Python). Then `aimcsim eval` runs on the converted folder. Skipped without torch.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/system.hpp"
#include "tests/support/python_reference.hpp"
#include "tests/support/test_support.hpp"
#include "workloads/checkpoint/transformer_weights.hpp"
#include "workloads/mapper.hpp"
#include "workloads/runner/float_weights.hpp"
#include "workloads/tile_linears.hpp"

namespace aimcsim::test {
namespace {
namespace fs = std::filesystem;

constexpr int k_tile = 64;  ///< tile rows and columns of these tests

/// -p overrides: the afm preset with 64 x 64 tiles (one ADC per column).
std::vector<std::string> afm_overrides() {
  return {"chip.analog_tile.rows=" + std::to_string(k_tile),
          "chip.analog_tile.cols=" + std::to_string(k_tile),
          "chip.analog_tile.adc.count=" + std::to_string(k_tile)};
}

/// Writes the AFM state dict (hidden 128, intermediate 192, one layer, vocab 96; the ranges
/// trained with `max_input_size`) into dir/afm and converts it into dir/converted. Returns
/// an empty string, or what failed with its output.
std::string make_converted(const TempDir& dir, int max_input_size) {
  const std::string py = python_program();
  const std::string gen = py + " '" + (source_dir() / "tests/support/afm_state_dict.py").string() +
                          "' '" + (dir / "afm").string() +
                          "' --hidden 128 --intermediate 192 --layers 1 --heads 4 --kv-heads 2"
                          " --vocab 96 --max-input-size " + std::to_string(max_input_size);
  if (run_shell(gen, dir / "gen.out", dir / "gen.err") != 0)
    return "generator failed: " + read_text(dir / "gen.err");
  const std::string conv = py + " '" +
                           (source_dir() / "scripts/convert-afm-checkpoint.py").string() + "' '" +
                           (dir / "afm").string() + "' '" + (dir / "converted").string() + "'";
  if (run_shell(conv, dir / "conv.out", dir / "conv.err") != 0)
    return "converter failed: " + read_text(dir / "conv.err");
  return {};
}

/// The expected.json name of a mapped linear.
std::string state_dict_name(const workloads::MappedLinear& l) {
  if (l.layer < 0) return "lm_head";
  const std::string& n = l.shape.name;
  const bool attention = n == "q_proj" || n == "k_proj" || n == "v_proj" || n == "o_proj";
  return "model.layers." + std::to_string(l.layer) + (attention ? ".self_attn." : ".mlp.") + n;
}

class AfmChain : public ::testing::TestWithParam<int> {};

TEST_P(AfmChain, EachTileGetsTheLargestLearnedRangeOfItsSlices) {
  if (const auto missing = python_module_missing("torch"); !missing.empty())
    GTEST_SKIP() << missing;
  const int max_input_size = GetParam();
  TempDir dir;
  const std::string failed = make_converted(dir, max_input_size);
  ASSERT_TRUE(failed.empty()) << failed;
  const auto expected = read_json(dir / "afm" / "expected.json");

  const RunConfig cfg = load_config(config_file("afm.yaml"), afm_overrides());
  ASSERT_EQ(cfg.chip.analog_tile.functional.dac.range_mode, physics::DacRangeMode::static_range);
  const auto checkpoint = workloads::load_checkpoint(dir / "converted");
  const auto weights = workloads::to_float_weights(checkpoint);
  const auto mapping = workloads::map_model(weights.spec.desc, cfg);
  ASSERT_EQ(mapping.tile_rows, k_tile);
  System system("system", cfg, mapping);
  workloads::TileLinears tiles(system, mapping, weights, 1);
  tiles.program(1);

  std::vector<const workloads::MappedLinear*> linears;
  for (const auto& b : mapping.blocks)
    for (const auto& l : b.linears) linears.push_back(&l);
  linears.push_back(&mapping.lm_head);
  ASSERT_EQ(linears.size(), 8u);  // q, k, v, o, gate, up, down and the (analog) LM head
  long long tile_count = 0;
  for (const workloads::MappedLinear* l : linears) {
    ASSERT_TRUE(l->analog) << l->shape.name;
    const std::string name = state_dict_name(*l);
    const auto ranges = expected.at("ranges").at(name).get<std::vector<double>>();
    const auto sizes = expected.at("split_sizes").at(name).get<std::vector<int>>();
    ASSERT_EQ(ranges.size(), sizes.size()) << name;
    for (int r = 0; r < l->row_blocks; ++r) {
      // Tile row r holds inputs [r * 64, (r + 1) * 64); slice s holds [begin_s, begin_s + size_s).
      const int first = r * k_tile, end = std::min(first + k_tile, l->shape.in);
      double want = 0;
      int begin = 0;
      for (std::size_t s = 0; s < sizes.size(); begin += sizes[s++])
        if (begin < end && begin + sizes[s] > first) want = std::max(want, ranges[s]);
      ASSERT_GT(want, 0.0) << name;
      for (int c = 0; c < l->col_blocks; ++c, ++tile_count)
        EXPECT_EQ(system.tile(l->tile(r, c)).conductance()->array().input_range(), want)
            << name << " tile (" << r << ", " << c << ")";
    }
  }
  EXPECT_EQ(tiles.tiles(), tile_count);
  EXPECT_EQ(tiles.tiles_with_learned_range(), tile_count);
}

// 64: one slice per tile row. 32: two slices per tile row (the larger range). 80: 128 inputs
// in 2 slices of 64 and 192 in 3 of 64 (AIHWKIT-Lightning's equal split, not blocks of 80):
// again one slice per tile row, which a reading as consecutive blocks of 80 would get wrong.
INSTANTIATE_TEST_SUITE_P(MaxInputSizes, AfmChain, ::testing::Values(64, 32, 80),
                         [](const ::testing::TestParamInfo<int>& p) {
                           return "MaxInputSize" + std::to_string(p.param);
                         });

TEST(AfmChainCli, EvalRunsOnTheConvertedCheckpointWithLearnedRanges) {
  if (const auto missing = python_module_missing("torch"); !missing.empty())
    GTEST_SKIP() << missing;
  TempDir dir;
  const std::string failed = make_converted(dir, 64);
  ASSERT_TRUE(failed.empty()) << failed;
  // A short document of ids (no tokenizer in the converted folder), inside the vocabulary of 96.
  write_text(dir / "ids.txt", "1 17 33 5 90 64 2 41 41 8 77 12\n");
  std::vector<std::string> args = {"eval", "afm", "--checkpoint", (dir / "converted").string(),
                                   "--tokens", (dir / "ids.txt").string(), "--seeds", "1",
                                   "--drift-times", "0s", "-o", (dir / "out").string()};
  for (const auto& o : afm_overrides()) args.insert(args.end(), {"-p", o});
  const CliResult r = run_cli(args, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::is_regular_file(dir / "out" / "eval.json"));
  const auto j = read_json(dir / "out" / "eval.json");
  EXPECT_EQ(j.at("predictions").get<int>(), 11);
  // 8 linears on 64 x 64 tiles (rows x columns): q, o 2 x 2; k, v 2 x 1; gate, up 2 x 3;
  // down 3 x 2; head 2 x 2: 34 tiles.
  const std::string log = read_text(dir / "out" / "log.txt");
  EXPECT_NE(log.find("programmed 34 tiles (34 with learned input ranges)"), std::string::npos)
      << log;
}

}  // namespace
}  // namespace aimcsim::test
