// SPDX-License-Identifier: Apache-2.0
// A weight matrix programmed onto the mapped tiles of an elaborated System and multiplied
// through the tiles' TLM sockets gives the product of tiles/physics for the same configuration
// and seed, with the timing of a data-less transaction.
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "sim/arch_config.hpp"
#include "sim/config/yaml_document.hpp"
#include "sim/system.hpp"
#include "tiles/physics/analog_matrix.hpp"
#include "tiles/tile_cost.hpp"
#include "workloads/mapper.hpp"
#include "workloads/model_catalog.hpp"

namespace aimcsim {
namespace {

// A small Llama-shaped model: q_proj is 600 x 600, i.e. 3 x 3 blocks of 256 x 256 tiles with
// partly used edge tiles.
constexpr const char* k_model =
    R"({"model_type":"llama","hidden_size":600,"intermediate_size":1200,"num_hidden_layers":1,
        "num_attention_heads":6,"num_key_value_heads":2,"vocab_size":512})";

constexpr const char* k_arch = R"(
version: 1
name: functional-test
chip:
  mesh: {rows: 8, cols: 8}
  analog_tile:
    device: {impl: pcm}
workload: {prompt_tokens: 4, decode_tokens: 2}
)";

struct Fixture {
  RunConfig cfg;
  workloads::Mapping mapping;
  std::unique_ptr<System> system;

  explicit Fixture(const std::string& overrides) {
    auto doc = config::YamlDocument::load_string(k_arch, "functional-test.yaml");
    if (!overrides.empty()) doc.apply_override(overrides);
    cfg = read_run_config(doc);
    mapping = workloads::map_model(workloads::model_from_hf_config(k_model, "tiny"), cfg);
    system = std::make_unique<System>("system", cfg, mapping);
  }
};

std::vector<float> random_values(std::size_t n, unsigned seed, float scale) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> dist(0.0f, scale);
  std::vector<float> v(n);
  for (auto& x : v) x = dist(gen);
  return v;
}

TEST(FunctionalSystem, MappedTilesReproduceTheAnalogMatrixBitForBit) {
  Fixture f("");
  const auto& q = f.mapping.blocks[0].linears[0];
  ASSERT_EQ(q.shape.name, "q_proj");
  ASSERT_EQ(q.row_blocks, 3);  // ceil(600 / 256)
  ASSERT_EQ(q.col_blocks, 3);
  const std::size_t in = q.shape.in, out = q.shape.out, batch = 3;
  const auto w = random_values(out * in, 1, 0.05f);
  const auto x = random_values(batch * in, 2, 1.0f);
  const std::uint64_t seed = 42;
  const double t = f.cfg.workload.t_inference_s;

  f.system->program_linear(q, w.data(), seed, t);
  std::vector<float> y_chip(batch * out);
  f.system->functional_mvm(q, x.data(), batch, y_chip.data());

  physics::MatrixConfig mc;
  mc.tile_rows = 256;
  mc.tile_cols = 256;
  mc.threads = 1;
  mc.tile = f.cfg.chip.analog_tile.functional;
  physics::AnalogMatrix reference(mc);
  reference.program(w.data(), out, in, seed);
  reference.drift_to(t);
  std::vector<float> y_ref(batch * out);
  reference.mvm(x.data(), batch, y_ref.data());

  for (std::size_t i = 0; i < y_ref.size(); ++i) ASSERT_EQ(y_chip[i], y_ref[i]) << "element " << i;
  // And the noise is real: the noisy product differs from the exact one by a few percent.
  double err = 0, norm = 0;
  for (std::size_t b = 0; b < batch; ++b)
    for (std::size_t o = 0; o < out; ++o) {
      double exact = 0;
      for (std::size_t i = 0; i < in; ++i) exact += double(w[o * in + i]) * x[b * in + i];
      err += (y_chip[b * out + o] - exact) * (y_chip[b * out + o] - exact);
      norm += exact * exact;
    }
  EXPECT_GT(std::sqrt(err / norm), 0.005);
  EXPECT_LT(std::sqrt(err / norm), 0.5);
}

TEST(FunctionalSystem, DataDoesNotChangeTheTiming) {
  Fixture f("chip.analog_tile.device.impl=ideal");
  const auto& q = f.mapping.blocks[0].linears[0];
  const auto w = random_values(q.shape.out * q.shape.in, 3, 0.05f);
  const auto x = random_values(2 * q.shape.in, 4, 1.0f);
  f.system->program_linear(q, w.data(), 7, 0.0);
  std::vector<float> y(2 * q.shape.out);
  const double done = f.system->functional_mvm(q, x.data(), 2, y.data());
  // Every tile starts at t = 0 on an idle crossbar; the slowest is a full 256-row tile:
  // 2 vectors x (128 x 1 ns PWM + 5 ns ADC) = 266 ns, then its local digital unit scales its
  // 256 outputs x 2 vectors on 16 lanes at 400 MHz: 32 cycles = 80 ns.
  EXPECT_NEAR(done, 2 * 133e-9 + 32 / 400e6, 1e-12);
  const auto& tile = f.system->tile(q.tile(0, 0));
  EXPECT_DOUBLE_EQ(tile.busy_s(), 2 * 133e-9);
  EXPECT_DOUBLE_EQ(tile.mvm_vectors(), 2.0);
}

TEST(FunctionalSystem, TimingOnlyTilesCarryNoDeviceState) {
  Fixture f("");
  const auto& q = f.mapping.blocks[0].linears[0];
  EXPECT_EQ(f.system->tile(q.tile(0, 0)).conductance(), nullptr);
}

}  // namespace
}  // namespace aimcsim
