// SPDX-License-Identifier: Apache-2.0
// The fast chip model of `aimcsim serve` (workloads/serving/fast_chip.*) against the block
// equations by hand and against the fine SystemC model on the same request.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/arch_config.hpp"
#include "sim/config/yaml_document.hpp"
#include "sim/system.hpp"
#include "tiles/tile_cost.hpp"
#include "workloads/mapper.hpp"
#include "workloads/model_catalog.hpp"
#include "workloads/serving/fast_chip.hpp"

namespace aimcsim {
namespace {

using workloads::serving::FastChip;
using workloads::serving::MicroBatch;
using workloads::serving::StepPlan;

// A small Llama: 2 blocks, GQA, so fine runs take well under a second.
constexpr const char* k_model =
    R"({"model_type":"llama","hidden_size":512,"intermediate_size":1024,"num_hidden_layers":2,
        "num_attention_heads":8,"num_key_value_heads":2,"vocab_size":1024})";

RunConfig llm_scale(int prompt, int decode, int chunk) {
  RunConfig cfg = read_run_config(
      config::YamlDocument::load_file(std::string(AIMCSIM_SOURCE_DIR) + "/configs/llm_scale.yaml"));
  cfg.workload.prompt_tokens = prompt;
  cfg.workload.decode_tokens = decode;
  cfg.workload.prefill_chunk = chunk;
  cfg.workload.batch = 1;
  return cfg;
}

StepPlan one_part(int slot, long long first_pos, int tokens, bool emits) {
  StepPlan plan;
  plan.micro.push_back(MicroBatch{{{slot, first_pos, tokens, emits}}});
  return plan;
}

/// Serves one request the way the fine sequencer runs it: the prompt in chunks (one
/// micro-batch each) in one step, then one step per decoded token.
struct FastRun {
  double ttft_s = 0, finish_s = 0, energy_j = 0;
};
FastRun serve_one(FastChip& chip, int prompt, int decode, int chunk) {
  FastRun r;
  StepPlan prefill;
  for (int first = 0; first < prompt; first += chunk) {
    const int n = std::min(chunk, prompt - first);
    prefill.micro.push_back(MicroBatch{{{0, first, n, first + n == prompt}}});
  }
  auto out = chip.run_step(prefill, 0.0);
  r.ttft_s = out.end_s;
  for (double e : out.micro_energy_j) r.energy_j += e;
  double t = out.end_s;
  for (int i = 1; i < decode; ++i) {
    out = chip.run_step(one_part(0, prompt + i - 1, 1, true), t);
    t = out.end_s;
    r.energy_j += out.micro_energy_j[0];
  }
  r.finish_s = t;
  return r;
}

TEST(FastChip, LinearLatencyMatchesTheBlockEquationsByHand) {
  RunConfig cfg = llm_scale(16, 2, 16);
  const auto model = workloads::model_from_hf_config(k_model, "tiny");
  const workloads::Mapping map = workloads::map_model(model, cfg);
  FastChip chip(map, cfg);
  // o_proj: 512 x 512 on one 512 x 512 tile: one multicast, one MVM, one transfer back.
  const workloads::MappedLinear& o = map.blocks[0].linears[3];
  ASSERT_EQ(o.tiles.size(), 1u);
  const int n = 4;
  const auto& t = cfg.chip.analog_tile;
  const auto& noc = cfg.chip.noc;
  const kernel::NodeId du = map.du_nodes[map.blocks[0].du], tile = o.tiles[0].node;
  ASSERT_EQ(du.chip, tile.chip);
  const int hops = std::abs(du.node % cfg.chip.mesh_cols - tile.node % cfg.chip.mesh_cols) +
                   std::abs(du.node / cfg.chip.mesh_cols - tile.node / cfg.chip.mesh_cols);
  const double cycle = 1.0 / noc.frequency_hz, hop = noc.router_latency_cycles * cycle;
  auto noc_time = [&](double bytes) {
    // Cut-through: hops x hop latency + one serialisation.
    return hops == 0 ? 0.0 : hops * hop + std::ceil(bytes * 8 / noc.link_width_bits) * cycle;
  };
  const double in_bytes = n * 512.0 * std::ceil(t.dac.bits / 8.0);
  const double out_bytes = n * 512.0 * cfg.mapping.activation_bits / 8.0;
  const double crossbar = n * tiles::mvm_latency_s(t);  // full tile: 512 rows, 512 columns
  const double local = std::ceil(n * 512.0 / t.local_digital.lanes) / t.local_digital.frequency_hz;
  const double expected = noc_time(in_bytes) + crossbar + local + noc_time(out_bytes);
  const auto& p = chip.linear_point(0, 3, n);
  EXPECT_NEAR(p.chain_s, expected, 1e-12 * expected);
  EXPECT_NEAR(p.first_arrival_s, noc_time(in_bytes), 1e-15);
  EXPECT_DOUBLE_EQ(p.crossbar_s, crossbar);
}

TEST(FastChip, AgreesWithTheFineModelOnOneRequest) {
  const int prompt = 48, decode = 6, chunk = 16;
  RunConfig cfg = llm_scale(prompt, decode, chunk);
  const auto model = workloads::model_from_hf_config(k_model, "tiny");
  const workloads::Mapping map = workloads::map_model(model, cfg);
  FastChip chip(map, cfg);
  const FastRun fast = serve_one(chip, prompt, decode, chunk);

  auto* system = new System("system", cfg, map);  // one per process; never destroyed
  system->run();
  const auto& rec = system->records();
  double fine_energy = 0;
  for (const auto& tok : rec.tokens) fine_energy += tok.energy_j;
  const double fine_ttft = rec.ttft_s[0], fine_finish = rec.finish_s[0];
  const double fine_tpot = (fine_finish - fine_ttft) / (decode - 1);
  const double fast_tpot = (fast.finish_s - fast.ttft_s) / (decode - 1);
  EXPECT_NEAR(fast.ttft_s, fine_ttft, 0.02 * fine_ttft);
  EXPECT_NEAR(fast_tpot, fine_tpot, 0.02 * fine_tpot);
  EXPECT_NEAR(fast.energy_j, fine_energy, 0.001 * fine_energy);
  RecordProperty("ttft_fine_s", std::to_string(fine_ttft));
  std::printf("ttft fine %.6g fast %.6g; tpot fine %.6g fast %.6g; energy fine %.6g fast %.6g\n",
              fine_ttft, fast.ttft_s, fine_tpot, fast_tpot, fine_energy, fast.energy_j);
}

TEST(FastChip, NextMicroBatchQueuesBehindThePreviousOnALinear) {
  RunConfig cfg = llm_scale(64, 2, 32);
  const auto model = workloads::model_from_hf_config(k_model, "tiny");
  const workloads::Mapping map = workloads::map_model(model, cfg);
  FastChip alone(map, cfg), pair(map, cfg);
  const auto one = alone.run_step(one_part(0, 0, 32, false), 0.0);
  StepPlan two;
  two.micro.push_back(MicroBatch{{{0, 0, 32, false}}});
  two.micro.push_back(MicroBatch{{{1, 0, 32, true}}});
  const auto both = pair.run_step(two, 0.0);
  // The first micro-batch books every resource first: the second behind it does not delay it.
  // The second waits at least one crossbar booking of the first on the first linear it meets.
  EXPECT_DOUBLE_EQ(both.micro_end_s[0], one.micro_end_s[0]);
  const double queue = pair.linear_point(0, 0, 32).crossbar_s;
  EXPECT_GE(both.micro_end_s[1], one.micro_end_s[0] + queue * 0.999);
  // Pipelining: the pair takes less than two runs back to back.
  EXPECT_LT(both.end_s, 2 * one.end_s);
}

TEST(FastChip, ReleaseFreesTheKvCacheAndAdoptFillsItWithoutEnergy) {
  RunConfig cfg = llm_scale(64, 2, 32);
  const auto model = workloads::model_from_hf_config(k_model, "tiny");
  const workloads::Mapping map = workloads::map_model(model, cfg);
  FastChip chip(map, cfg);
  chip.run_step(one_part(3, 0, 32, true), 0.0);
  double used = 0;
  for (int c = 0; c < map.chips; ++c) used += chip.kv_sram_used_bytes(c);
  // 2 layers x 32 tokens x (K and V) x kv_dim x kv_bits / 8 over all shards.
  const double expected = 2 * 32 * 2.0 * model.kv_dim() * cfg.mapping.kv_bits / 8.0;
  EXPECT_NEAR(used, expected, 1e-9 * expected);
  chip.release(3, 1.0);
  for (int c = 0; c < map.chips; ++c) EXPECT_EQ(chip.kv_sram_used_bytes(c), 0.0);
  const double dyn = chip.totals(1.0).dynamic_energy_j;
  chip.adopt_prefix(5, 32, 1.0);
  used = 0;
  for (int c = 0; c < map.chips; ++c) used += chip.kv_sram_used_bytes(c);
  EXPECT_NEAR(used, expected, 1e-9 * expected);
  EXPECT_EQ(chip.totals(1.0).dynamic_energy_j, dyn);
  // A decode after the adopted prefix reads 33 tokens of KV: longer than after none.
  FastChip fresh(map, cfg);
  const auto with_prefix = chip.run_step(one_part(5, 32, 1, true), 2.0);
  const auto without = fresh.run_step(one_part(5, 0, 1, true), 2.0);
  EXPECT_GT(with_prefix.micro_energy_j[0], without.micro_energy_j[0]);
}

TEST(FastChip, PatternsWaitForEachOtherOnlyOnSharedBusyLinks) {
  using workloads::serving::FastFabric;
  using workloads::serving::Footprint;
  using workloads::serving::LinkContention;
  // A: link 0 for 1 us from 0, link 1 for 1 us from 1 us. B: link 1 for 3 us and link 2 for
  // 1 us, both from 0. Only link 1 has two users; it is among both patterns' busiest two.
  const std::vector<FastFabric::Booking> a{{0, 0.0, 1e-6}, {1, 1e-6, 1e-6}};
  const std::vector<FastFabric::Booking> b{{1, 0.0, 3e-6}, {2, 0.0, 1e-6}};
  LinkContention links(4);
  links.add_user(a);
  links.add_user(b);
  Footprint fa, fb;
  auto copy_a = a, copy_b = b;
  links.footprint(copy_a, fa);
  links.footprint(copy_b, fb);
  ASSERT_EQ(fa.size(), 1u);
  EXPECT_EQ(fa[0].link, 1);
  EXPECT_EQ(fa[0].offset_s, 1e-6);
  ASSERT_EQ(fb.size(), 1u);
  EXPECT_EQ(fb[0].busy_s, 3e-6);
  // B holds link 1 over [10, 13) us; A, ready at 10 us, needs it from 11 us: 2 us late.
  EXPECT_EQ(links.book(fb, 10e-6, 0.0), 0.0);
  EXPECT_NEAR(links.book(fa, 10e-6, 0.0), 2e-6, 1e-15);
  // A again from 20 us: the link is free by then.
  EXPECT_EQ(links.book(fa, 20e-6, 0.0), 0.0);
}

TEST(FastChip, SameInputsGiveBitIdenticalResults) {
  RunConfig cfg = llm_scale(64, 2, 32);
  const auto model = workloads::model_from_hf_config(k_model, "tiny");
  const workloads::Mapping map = workloads::map_model(model, cfg);
  auto run = [&] {
    FastChip chip(map, cfg);
    const FastRun r = serve_one(chip, 64, 5, 32);
    const auto t = chip.totals(r.finish_s);
    return std::vector<double>{r.ttft_s, r.finish_s, r.energy_j, t.static_energy_j,
                               t.utilisation.tiles, t.utilisation.noc};
  };
  EXPECT_EQ(run(), run());
}

}  // namespace
}  // namespace aimcsim
