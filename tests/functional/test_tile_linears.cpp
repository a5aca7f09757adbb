// SPDX-License-Identifier: Apache-2.0
// The runner's linear layers on the mapped tiles of an elaborated System: each matrix gives
// exactly what physics::AnalogMatrix gives for the same seed, for any host thread count; fused
// Phi-3 matrices give their parts; learned input ranges reach the tiles holding those inputs;
// a mapping that keeps the LM head digital computes it in float32.
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "sim/arch_config.hpp"
#include "sim/config/yaml_document.hpp"
#include "sim/system.hpp"
#include "tiles/physics/analog_matrix.hpp"
#include "tiles/physics/rng.hpp"
#include "workloads/mapper.hpp"
#include "workloads/model_catalog.hpp"
#include "workloads/runner/digital_linears.hpp"
#include "workloads/runner/transformer_runner.hpp"
#include "workloads/tile_linears.hpp"

namespace aimcsim {
namespace {

using workloads::LinearId;
using workloads::LinearKind;

constexpr const char* k_arch = R"(
version: 1
name: tile-linears-test
chip:
  mesh: {rows: 8, cols: 8}
  analog_tile:
    device: {impl: pcm}
workload: {prompt_tokens: 4, decode_tokens: 2}
)";

/// A Llama- or Phi-3-shaped model whose q_proj spans 2 x 2 tiles of 256 x 256 (300 inputs).
std::string model_json(bool phi3) {
  return std::string(R"({"model_type":")") + (phi3 ? "phi3" : "llama") +
         R"(","hidden_size":300,"intermediate_size":400,"num_hidden_layers":2,
            "num_attention_heads":6,"num_key_value_heads":2,"vocab_size":64})";
}

struct Fixture {
  RunConfig cfg;
  workloads::Mapping mapping;
  std::unique_ptr<System> system;
  workloads::FloatWeights weights;

  Fixture(bool phi3, const std::string& overrides) {
    auto doc = config::YamlDocument::load_string(k_arch, "tile-linears-test.yaml");
    if (!overrides.empty()) doc.apply_override(overrides);
    cfg = read_run_config(doc);
    workloads::TransformerSpec spec;
    spec.desc = workloads::model_from_hf_config(model_json(phi3), "tiny");
    mapping = workloads::map_model(spec.desc, cfg);
    system = std::make_unique<System>("system", cfg, mapping);
    weights = workloads::random_float_weights(spec, 5);
  }
};

std::vector<float> random_inputs(std::size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  std::vector<float> v(n);
  for (auto& x : v) x = dist(gen);
  return v;
}

physics::MatrixConfig matrix_config(const Fixture& f) {
  physics::MatrixConfig mc;
  mc.tile_rows = static_cast<std::size_t>(f.mapping.tile_rows);
  mc.tile_cols = static_cast<std::size_t>(f.mapping.tile_cols);
  mc.tile = f.cfg.chip.analog_tile.functional;
  return mc;
}

TEST(TileLinears, EachMatrixIsTheAnalogMatrixOfItsSeed) {
  Fixture f(false, "");
  workloads::TileLinears tiles(*f.system, f.mapping, f.weights, 2);
  const std::uint64_t seed = 11;
  tiles.program(seed);
  tiles.drift_to(86400.0);
  // block 1's up_proj is the 13th mapped matrix (7 per block, in order): seed key 12.
  const LinearId id{1, LinearKind::up};
  const auto& l = f.weights.linear(id);
  ASSERT_EQ(f.mapping.blocks[1].linears[5].shape.name, "up_proj");
  const int n = 3;
  const auto x = random_inputs(std::size_t(n) * l.in, 2);
  std::vector<float> y(std::size_t(n) * l.out), y_ref(y.size());
  tiles.forward(id, x.data(), n, y.data());

  physics::AnalogMatrix reference(matrix_config(f));
  reference.program(l.weight.data(), std::size_t(l.out), std::size_t(l.in),
                    physics::derive_seed(seed, 12));
  reference.drift_to(86400.0);
  reference.mvm(x.data(), n, y_ref.data());
  for (std::size_t i = 0; i < y.size(); ++i) ASSERT_EQ(y[i], y_ref[i]) << "element " << i;
}

std::vector<float> logits_with_threads(unsigned threads, bool phi3) {
  Fixture f(phi3, "");
  workloads::TileLinears tiles(*f.system, f.mapping, f.weights, threads);
  tiles.program(3);
  tiles.drift_to(3600.0);
  workloads::TransformerRunner runner(f.weights, tiles, 8);
  const std::vector<int> tokens = {1, 7, 30, 2, 63};
  std::vector<float> logits(tokens.size() * 64);
  runner.forward(tokens.data(), static_cast<int>(tokens.size()), true, logits.data());
  return logits;
}

TEST(TileLinears, ResultsDoNotDependOnTheThreadCount) {
  const auto one = logits_with_threads(1, false);
  const auto three = logits_with_threads(3, false);
  ASSERT_EQ(one.size(), three.size());
  for (std::size_t i = 0; i < one.size(); ++i) ASSERT_EQ(one[i], three[i]) << "logit " << i;
}

TEST(TileLinears, FusedPhi3MatricesGiveTheirParts) {
  Fixture f(true, "chip.analog_tile.device.impl=ideal");
  ASSERT_EQ(f.mapping.blocks[0].linears[0].shape.name, "qkv_proj");
  workloads::TileLinears tiles(*f.system, f.mapping, f.weights, 2);
  tiles.program(1);
  // With ideal devices the parts equal the fused matrix's rows up to the converters' rounding.
  workloads::DigitalLinears exact(f.weights);
  const int n = 2, in = 300;
  const auto x = random_inputs(std::size_t(n) * in, 4);
  for (const LinearKind kind : {LinearKind::q, LinearKind::k, LinearKind::v}) {
    const int out = f.weights.linear({0, kind}).out;
    std::vector<float> y(std::size_t(n) * out), y_exact(y.size());
    tiles.forward({0, kind}, x.data(), n, y.data());
    exact.forward({0, kind}, x.data(), n, y_exact.data());
    double err = 0, norm = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
      err += (y[i] - y_exact[i]) * (y[i] - y_exact[i]);
      norm += y_exact[i] * y_exact[i];
    }
    EXPECT_LT(std::sqrt(err / norm), 0.05) << workloads::linear_name(kind);
  }
}

TEST(TileLinears, LearnedInputRangesReachTheTilesHoldingThoseInputs) {
  Fixture f(false, "chip.analog_tile.dac.range_mode=static");
  // q_proj of block 0 has 300 inputs: learned ranges per slice of 100 inputs. Tile row 0
  // holds inputs 0..255 (slices 0, 1, 2: the largest, 2.5), tile row 1 inputs 256..299
  // (slice 2: 2.5 -- and no other). The slices follow AIHWKIT-Lightning's near-equal split
  // (afm_input_slice_sizes), not blocks of the slice size.
  auto& q = f.weights.layers[0].linears[static_cast<int>(LinearKind::q)];
  q.input_ranges = {1.5f, 0.75f, 2.5f};
  q.input_range_slice = 100;
  auto& o = f.weights.layers[0].linears[static_cast<int>(LinearKind::o)];
  o.input_ranges = {0.5f, 4.0f, 1.0f, 3.0f};
  o.input_range_slice = 80;  // 300 inputs in 4 slices of 75: 0..74, 75..149, 150..224, 225..299
  workloads::TileLinears tiles(*f.system, f.mapping, f.weights, 1);
  tiles.program(1);
  const auto& mq = f.mapping.blocks[0].linears[0];
  const auto& mo = f.mapping.blocks[0].linears[3];
  ASSERT_EQ(mo.shape.name, "o_proj");
  auto range = [&](const workloads::MappedLinear& l, int r, int c) {
    return f.system->tile(l.tile(r, c)).conductance()->array().input_range();
  };
  for (int c = 0; c < mq.col_blocks; ++c) {
    EXPECT_FLOAT_EQ(range(mq, 0, c), 2.5f);
    EXPECT_FLOAT_EQ(range(mq, 1, c), 2.5f);
    EXPECT_FLOAT_EQ(range(mo, 0, c), 4.0f);  // inputs 0..255 overlap all four slices
    EXPECT_FLOAT_EQ(range(mo, 1, c), 3.0f);  // inputs 256..299: slice 3 only
  }
  EXPECT_EQ(tiles.tiles_with_learned_range(),
            static_cast<long long>(mq.tiles.size() + mo.tiles.size()));
}

TEST(TileLinears, ADigitalLmHeadIsFloat32) {
  Fixture f(false, "mapping.lm_head=digital");
  workloads::TileLinears tiles(*f.system, f.mapping, f.weights, 1);
  tiles.program(1);
  workloads::DigitalLinears exact(f.weights);
  const auto x = random_inputs(300, 9);
  std::vector<float> y(64), y_exact(64);
  tiles.forward({-1, LinearKind::lm_head}, x.data(), 1, y.data());
  exact.forward({-1, LinearKind::lm_head}, x.data(), 1, y_exact.data());
  EXPECT_EQ(y, y_exact);
}

}  // namespace
}  // namespace aimcsim
