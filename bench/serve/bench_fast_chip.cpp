// SPDX-License-Identifier: Apache-2.0
// Issue 9: host cost of the fast chip model (workloads/serving/fast_chip.*): Llama-3.2-1B on the
// llm-scale preset; microseconds of host time per decode step at batch 1 and 8, and per prefill
// chunk of 32 tokens. Target: < 10 us per batch-1 decode step.
#include <chrono>
#include <cstdio>
#include <string>

#include "sim/arch_config.hpp"
#include "sim/config/yaml_document.hpp"
#include "workloads/mapper.hpp"
#include "workloads/model_catalog.hpp"
#include "workloads/serving/fast_chip.hpp"

using namespace aimcsim;
using workloads::serving::FastChip;
using workloads::serving::MicroBatch;
using workloads::serving::StepPlan;

namespace {
double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// Host microseconds per step of `batch` requests decoding one token each, over `steps` steps
/// (a warm-up of the same length first fills the memo tables).
double decode_us(const workloads::Mapping& map, const RunConfig& cfg, int batch, int steps) {
  FastChip chip(map, cfg);
  StepPlan plan;
  plan.micro.emplace_back();
  for (int b = 0; b < batch; ++b) plan.micro[0].parts.push_back({b, 256, 1, true});
  double t = 0;
  double t0 = 0;
  for (int i = 0; i < 2 * steps; ++i) {
    if (i == steps) t0 = now_s();
    for (auto& p : plan.micro[0].parts) p.first_pos += 1;
    t = chip.run_step(plan, t).end_s;
    // Requests finish and new ones take their slots now and then: the KV cache stays bounded.
    if (i % 512 == 511)
      for (auto& p : plan.micro[0].parts) chip.release(p.slot, t), p.first_pos = 256;
  }
  return (now_s() - t0) / steps * 1e6;
}

double prefill_chunk_us(const workloads::Mapping& map, const RunConfig& cfg, int chunks) {
  FastChip chip(map, cfg);
  double t = 0, t0 = 0;
  for (int i = 0; i < 2 * chunks; ++i) {
    if (i == chunks) t0 = now_s();
    StepPlan plan;
    plan.micro.push_back(MicroBatch{{{i % 64, 32LL * ((i / 64) % 16), 32, true}}});
    t = chip.run_step(plan, t).end_s;
    if (i % 64 == 63)
      for (int s = 0; s < 64; ++s) chip.release(s, t);
  }
  return (now_s() - t0) / chunks * 1e6;
}
}  // namespace

// Linked with aimcsim_core, whose libsystemc provides main() and calls sc_main; nothing here
// starts the SystemC kernel.
int sc_main(int, char**) {
  const RunConfig cfg = read_run_config(config::YamlDocument::load_file(
      std::string(AIMCSIM_SOURCE_DIR) + "/configs/llm_scale.yaml"));
  const workloads::Mapping map = workloads::map_model(workloads::load_model("llama-3.2-1b"), cfg);
  std::printf("fast chip, llama-3.2-1b on llm-scale (%d chips)\n", map.chips);
  std::printf("decode step, batch 1: %.2f us\n", decode_us(map, cfg, 1, 20000));
  std::printf("decode step, batch 8: %.2f us\n", decode_us(map, cfg, 8, 5000));
  std::printf("prefill chunk of 32:  %.2f us\n", prefill_chunk_us(map, cfg, 2000));
  return 0;
}
