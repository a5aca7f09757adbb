// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

namespace aimcsim::workloads::serving {

/// What happened to one request of a replayed trace. Times in seconds of simulated time, from
/// the start of the replay (the first kept request arrives at its trace time).
struct RequestOutcome {
  long long id = 0;    ///< TraceRequest::id
  long long line = 0;  ///< trace file line
  int prompt_tokens = 0, output_tokens = 0;
  bool rejected = false;         ///< longer than the model's context or than the KV cache: never ran
  std::string reject_reason;     ///< empty unless rejected
  int replica = -1;              ///< replica that served it (-1 if rejected)
  double arrival_s = 0;
  double scheduled_s = 0;        ///< first time it entered a batch step
  double first_token_s = 0;      ///< end of the step that produced its first token
  double finish_s = 0;           ///< end of the step that produced its last token
  int prefix_hit_tokens = 0;     ///< prompt tokens whose KV came from the prefix cache
  int preemptions = 0;           ///< times it was preempted (KV recomputed or swapped)
  int recomputed_tokens = 0;     ///< tokens computed a second time (preemption by recompute)
  double prefill_energy_j = 0;   ///< dynamic energy of its prefill share (incl. recompute)
  double decode_energy_j = 0;    ///< dynamic energy of its decode share
  double ttft_s() const { return first_token_s - arrival_s; }
  double e2e_s() const { return finish_s - arrival_s; }
  double queueing_s() const { return scheduled_s - arrival_s; }
  /// Mean time per output token after the first [s]; 0 when only one token was generated.
  double tpot_s() const {
    return output_tokens > 1 ? (finish_s - first_token_s) / (output_tokens - 1) : 0.0;
  }
};

/// One interval of the time series (serving.sample_interval long, the last may be shorter).
struct ServeSample {
  double t_start_s = 0, t_end_s = 0;
  double queue_length = 0;    ///< waiting requests, time-averaged over the interval
  double running_batch = 0;   ///< requests holding a batch slot, time-averaged
  double kv_occupancy = 0;    ///< fraction of the KV capacity in use, time-averaged
  double dynamic_energy_j = 0;  ///< dynamic energy of steps (pro rata of their time) in it
  double static_energy_j = 0;   ///< static energy over the interval (power gating applied)
  double generated_tokens = 0;  ///< tokens produced by steps ending in it
  double power_w() const {
    const double d = t_end_s - t_start_s;
    return d > 0 ? (dynamic_energy_j + static_energy_j) / d : 0.0;
  }
};

/// Busy fraction of each resource class over the replay: busy seconds summed over instances /
/// (instances x replay span).
struct Utilisation {
  double tiles = 0, digital_units = 0, noc = 0, memory = 0, chip_links = 0;
};

/// The whole replay.
struct ServeResult {
  std::string mode;  ///< "fast" or "fine"
  std::vector<RequestOutcome> requests;  ///< in TraceRequest::id order, rejected ones included
  /// Every inter-token latency [s] (time between consecutive tokens of one request), in the
  /// order steps produced them: the TPOT distribution per token.
  std::vector<double> inter_token_s;
  std::vector<ServeSample> samples;
  double span_s = 0;  ///< first arrival (0) to the last finish
  double dynamic_energy_j = 0, static_energy_j = 0;
  double prefill_energy_j = 0, decode_energy_j = 0;  ///< dynamic, split by the tokens' phase
  long long prefill_tokens = 0;   ///< prompt tokens processed (recompute included, prefix hits not)
  long long decode_tokens = 0;    ///< generated tokens after the first of each request
  long long generated_tokens = 0; ///< all generated tokens (first tokens included)
  long long steps = 0;            ///< scheduler iterations
  long long layer_events = 0;     ///< per-layer (fast) or per-transaction (fine) events simulated
  long long rejected = 0, preempted = 0, skipped_rows = 0;
  long long prefix_hit_tokens = 0;
  long long recomputed_tokens = 0;  ///< prompt tokens processed again after recompute preemptions
  double swap_energy_j = 0;         ///< KV swap traffic (in dynamic and prefill energy)
  int replicas = 1;
  Utilisation utilisation;
  double wall_s = 0;  ///< host time of the replay
};

}  // namespace aimcsim::workloads::serving
