// SPDX-License-Identifier: Apache-2.0
#include "sim/serving_params.hpp"

namespace aimcsim {

using config::Dimension;

const config::ComponentSpec& serving_spec() {
  static const config::ComponentSpec s{
      "serving",
      "trace replay by `aimcsim serve`: scheduler, KV cache, SLOs, reports",
      {config::choice_param("mode", {"fast", "fine"}, "fast",
                            "fast: one event per layer per micro-batch; fine: one transaction "
                            "per tile, link, kernel and KV access (the reference)"),
       config::choice_param("policy", {"fcfs", "decode_first", "priority"}, "fcfs",
                            "order of the step: fcfs (prefill-first): running prefills, then "
                            "admissions, then decodes, each by arrival; decode_first: running "
                            "decodes, then prefills, then admissions; priority: the native "
                            "trace's priority (smaller first), then arrival"),
       config::choice_param("preemption", {"recompute", "swap"}, "recompute",
                            "when the KV cache is full, the latest admitted request loses its "
                            "cache: recomputed later, or swapped to host memory and back"),
       config::choice_param("routing", {"round_robin", "least_loaded"}, "least_loaded",
                            "which replica an arriving request goes to (least_loaded: fewest "
                            "requests waiting or running, lowest index on ties)"),
       config::integer_param("max_batch", "256", 1, 1 << 20,
                             "requests holding a batch slot per replica",
                             "vLLM EngineArgs max_num_seqs default 256"),
       config::integer_param("token_budget", "512", 1, 1 << 24,
                             "tokens per step, decodes and prefill chunks together (chunked "
                             "prefill)",
                             "vLLM max_num_batched_tokens default with chunked prefill (512)"),
       config::integer_param("kv_capacity", "0", 0, 9.0e15,
                             "KV cache per replica [tokens]; 0 = what the chips' KV SRAM and "
                             "the packages' DRAM hold beside the weights"),
       config::integer_param("max_context", "0", 0, 1 << 24,
                             "longest prompt + output a request may have [tokens]; 0 = the "
                             "model's max_position_embeddings (no limit if it has none)"),
       config::bool_param("prefix_caching", "true",
                          "reuse KV blocks of a shared prompt prefix (Mooncake hash_ids) while "
                          "the KV cache still holds them"),
       config::real_param("swap_bandwidth", Dimension::bandwidth, "GB/s", "63", 1e-9,
                          "KV cache to host memory and back (preemption: swap)",
                          "PCIe 5.0 x16: 32 GT/s x 16 lanes x 128/130 = 63 GB/s per direction"),
       config::real_param("swap_energy_per_bit", Dimension::energy_per_bit, "pJ/bit", "5", 0,
                          "energy of moving one bit to host memory and back",
                          "assumption: PCIe 5.0 PHY+controller ~5 pJ/bit (long-reach SerDes "
                          "class, as system.board_link)"),
       config::positive_param("slo_ttft", Dimension::time, "s", "1",
                              "time-to-first-token objective of the goodput",
                              "example of issue #9 (TTFT <= 1 s)"),
       config::positive_param("slo_tpot", Dimension::time, "ms", "50",
                              "time-per-output-token objective of the goodput",
                              "example of issue #9 (TPOT <= 50 ms)"),
       config::positive_param("sample_interval", Dimension::time, "s", "1",
                              "interval of the time series (queue, batch, KV, power)",
                              "1 s resolves an hour of traffic in 3600 rows")},
      {}};
  return s;
}

ServingParams read_serving(const config::ParamValues& v) {
  ServingParams p;
  p.mode = v.word("mode") == "fine" ? ServingParams::Mode::fine : ServingParams::Mode::fast;
  const std::string policy = v.word("policy");
  p.policy = policy == "decode_first" ? ServingParams::Policy::decode_first
             : policy == "priority"   ? ServingParams::Policy::priority
                                      : ServingParams::Policy::fcfs;
  p.preemption = v.word("preemption") == "swap" ? ServingParams::Preemption::swap
                                                : ServingParams::Preemption::recompute;
  p.routing = v.word("routing") == "round_robin" ? ServingParams::Routing::round_robin
                                                 : ServingParams::Routing::least_loaded;
  p.max_batch = static_cast<int>(v.integer("max_batch"));
  p.token_budget = static_cast<int>(v.integer("token_budget"));
  p.kv_capacity_tokens = static_cast<long long>(v.integer("kv_capacity"));
  p.max_context = static_cast<int>(v.integer("max_context"));
  p.prefix_caching = v.boolean("prefix_caching");
  p.swap_bandwidth_bytes_per_s = v.real("swap_bandwidth");
  p.swap_energy_per_bit_j = v.real("swap_energy_per_bit");
  p.slo_ttft_s = v.real("slo_ttft");
  p.slo_tpot_s = v.real("slo_tpot");
  p.sample_interval_s = v.real("sample_interval");
  return p;
}

}  // namespace aimcsim
