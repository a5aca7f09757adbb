// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <functional>
#include <vector>

#include "sim/serving_params.hpp"
#include "workloads/serving/serve_result.hpp"
#include "workloads/serving/step.hpp"
#include "workloads/trace/trace.hpp"

namespace aimcsim::workloads::serving {

/// What the scheduler needs to know about the chip and the model.
struct SchedulerLimits {
  long long kv_capacity_tokens = 0;  ///< per replica, K and V rows of every layer
  int max_context = 0;               ///< prompt + output limit [tokens]; 0 = none
  int prefill_chunk = 0;             ///< tokens per prefill micro-batch; 0 = a whole part
  int prefix_block_tokens = 512;     ///< size of a Mooncake hash-id block [tokens]
  double kv_bytes_per_token = 0;     ///< K and V of every layer [bytes] (swap traffic)
};

/// Called now and then with the simulated time reached [s] (progress display).
using ServeProgress = std::function<void(double sim_time_s)>;

/// Continuous batching (iteration-level scheduling) of a trace on `executors.size()` replicas
/// of the mapped model (docs/serving.md, "The serving model"). Each iteration of a replica
/// builds one step under the token budget and the batch limit: running decodes (1 token
/// each) and prefill chunks in the policy's order, then waiting requests admitted while the KV
/// cache holds their prompt. When a running request needs a KV row that is not free, cached
/// prefix blocks nobody uses are evicted (least recently used first), then the latest admitted
/// request is preempted (recompute: its cache is dropped and rebuilt later from its prompt and
/// the tokens it generated; swap: its cache goes to host memory and comes back).
/// Requests arrive at trace time and are routed to a replica on arrival. Returns every request's
/// outcome, the inter-token latencies, the time series and the dynamic energy; the caller adds
/// the executors' totals (static energy, utilisation).
ServeResult serve_trace(const trace::Trace& trace, const ServingParams& params,
                        const SchedulerLimits& limits, const std::vector<StepExecutor*>& executors,
                        const ServeProgress& progress = {});

}  // namespace aimcsim::workloads::serving
