// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The headline figures of `aimcsim serve`: latency percentiles, throughput, goodput against the
/// SLOs, energy per token, utilisation and counts, computed once from a ServeResult. The
/// definitions are in docs/serving.md ("## Outputs").

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "workloads/serving/serve_result.hpp"

namespace aimcsim::report {

/// Service-level objectives a request must meet to count towards goodput (config
/// serving.slo_ttft, serving.slo_tpot).
struct ServeSlo {
  double ttft_s = 1.0;   ///< time to first token [s]
  double tpot_s = 0.05;  ///< mean time per output token after the first [s]
};

/// One latency distribution. Every field is empty (null in JSON) when there are no samples.
struct LatencyStats {
  std::size_t samples = 0;
  std::optional<double> mean_s, p50_s, p90_s, p99_s, max_s;
};

/// Every headline figure of a replay. Optional fields are empty where the figure is undefined
/// (no samples, a zero span, no tokens of that phase); JSON writes them as null.
struct ServeSummary {
  std::string mode;
  int replicas = 1;
  ServeSlo slo;

  long long requests = 0, finished = 0, rejected = 0;
  long long preempted = 0, skipped_rows = 0, prefix_hit_tokens = 0, recomputed_tokens = 0;
  long long steps = 0, layer_events = 0;
  long long prompt_tokens = 0;  ///< prompt tokens of the finished requests (as sent)
  long long prefill_tokens = 0, decode_tokens = 0, generated_tokens = 0;

  LatencyStats ttft;      ///< per finished request
  LatencyStats tpot;      ///< per finished request with >= 2 output tokens (its mean)
  LatencyStats itl;       ///< per token: ServeResult::inter_token_s
  LatencyStats e2e;       ///< per finished request
  LatencyStats queueing;  ///< per finished request: scheduled - arrival

  double span_s = 0;
  std::optional<double> generated_tokens_per_s, prompt_tokens_per_s, requests_per_s;

  long long goodput_requests = 0;  ///< finished, TTFT <= slo.ttft_s and TPOT <= slo.tpot_s
  std::optional<double> goodput_requests_per_s;  ///< goodput_requests / span_s
  std::optional<double> goodput_fraction;        ///< goodput_requests / requests

  double energy_j = 0, dynamic_energy_j = 0, static_energy_j = 0;
  double swap_energy_j = 0;  ///< KV swap traffic (part of dynamic and prefill energy)
  double prefill_energy_j = 0, decode_energy_j = 0;  ///< dynamic
  std::optional<double> energy_per_prefill_token_j;  ///< prefill_energy_j / prefill_tokens
  std::optional<double> energy_per_decode_token_j;   ///< decode_energy_j / decode_tokens
  std::optional<double> energy_per_token_j;  ///< (dynamic + static) / generated_tokens
  std::optional<double> average_power_w;     ///< (dynamic + static) / span_s

  workloads::serving::Utilisation utilisation;

  double wall_s = 0;  ///< host time: the only figure that differs between identical runs
  std::optional<double> simulated_s_per_wall_s, events_per_wall_s;
};

/// Nearest-rank percentile of ascending `sorted` values: the value at 1-based rank
/// ceil(percent / 100 * N) (at least 1). Integer arithmetic, so p90 of 10 values is the 9th
/// exactly. Empty for no values. `percent` in [1, 100].
std::optional<double> nearest_rank(const std::vector<double>& sorted, int percent);

/// Mean, p50, p90, p99 and max of `values` (any order).
LatencyStats latency_stats(std::vector<double> values);

/// Checks that `r` is a result a scheduler can have produced (finite non-negative times and
/// energies, first token no earlier than scheduling, rejected count matching the outcomes, ...)
/// and throws std::invalid_argument naming the request (id, trace line) or sample and the field.
void check_serve_result(const workloads::serving::ServeResult& r);

/// Every headline figure of `r` (checked with check_serve_result first).
ServeSummary summarize_serve(const workloads::serving::ServeResult& r, const ServeSlo& slo);

/// The points (x = value, y = fraction of values <= x) of the empirical CDF of ascending
/// `sorted` values, at most `max_points` of them (>= 2): every value if there are that few,
/// otherwise values at evenly spaced ranks with the minimum and the maximum kept exactly.
std::pair<std::vector<double>, std::vector<double>> cdf_points(const std::vector<double>& sorted,
                                                               std::size_t max_points);

}  // namespace aimcsim::report
