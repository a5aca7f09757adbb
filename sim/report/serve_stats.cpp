// SPDX-License-Identifier: Apache-2.0
#include "sim/report/serve_stats.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace aimcsim::report {

using workloads::serving::RequestOutcome;
using workloads::serving::ServeResult;
using workloads::serving::ServeSample;

std::optional<double> nearest_rank(const std::vector<double>& sorted, int percent) {
  if (percent < 1 || percent > 100)
    throw std::invalid_argument("nearest_rank: percent " + std::to_string(percent) +
                                " is outside [1, 100]");
  if (sorted.empty()) return std::nullopt;
  // ceil(percent * N / 100) in integers: no rounding of 0.9 * 10 to 9.000000000000002.
  const std::size_t n = sorted.size();
  const std::size_t rank = std::max<std::size_t>(1, (std::size_t(percent) * n + 99) / 100);
  return sorted[rank - 1];
}

LatencyStats latency_stats(std::vector<double> values) {
  LatencyStats s;
  s.samples = values.size();
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  double sum = 0;
  for (const double v : values) sum += v;  // ascending: small values are not lost to rounding
  s.mean_s = sum / double(values.size());
  s.p50_s = nearest_rank(values, 50);
  s.p90_s = nearest_rank(values, 90);
  s.p99_s = nearest_rank(values, 99);
  s.max_s = values.back();
  return s;
}

namespace {

std::string show(double v) {
  std::ostringstream o;
  o.precision(17);
  o << v;
  return o.str();
}

[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw std::invalid_argument("serve result: " + where + ": " + what);
}

void check_value(const std::string& where, const char* field, double v) {
  if (!std::isfinite(v)) bad(where, std::string(field) + " is not a finite number");
  if (v < 0) bad(where, std::string(field) + " " + show(v) + " is negative");
}

void check_count(const std::string& where, const char* field, long long v) {
  if (v < 0) bad(where, std::string(field) + " " + std::to_string(v) + " is negative");
}

/// `later` must not come before `earlier` (both already finite).
void check_order(const std::string& where, const char* earlier_name, double earlier,
                 const char* later_name, double later) {
  if (later < earlier)
    bad(where, std::string(later_name) + " " + show(later) + " is before " + earlier_name + " " +
                   show(earlier));
}

void check_request(const RequestOutcome& q, int replicas) {
  const std::string where =
      "request id " + std::to_string(q.id) + " (trace line " + std::to_string(q.line) + ")";
  check_count(where, "prompt_tokens", q.prompt_tokens);
  check_count(where, "output_tokens", q.output_tokens);
  check_count(where, "prefix_hit_tokens", q.prefix_hit_tokens);
  check_count(where, "preemptions", q.preemptions);
  check_count(where, "recomputed_tokens", q.recomputed_tokens);
  check_value(where, "arrival_s", q.arrival_s);
  check_value(where, "prefill_energy_j", q.prefill_energy_j);
  check_value(where, "decode_energy_j", q.decode_energy_j);
  if (q.rejected) {
    if (q.reject_reason.empty()) bad(where, "rejected without a reject_reason");
    return;
  }
  if (!q.reject_reason.empty()) bad(where, "has a reject_reason but is not rejected");
  if (q.output_tokens < 1) bad(where, "finished with output_tokens 0 (expected >= 1)");
  if (q.replica < 0 || q.replica >= replicas)
    bad(where, "replica " + std::to_string(q.replica) + " is outside [0, " +
                   std::to_string(replicas) + ")");
  check_value(where, "scheduled_s", q.scheduled_s);
  check_value(where, "first_token_s", q.first_token_s);
  check_value(where, "finish_s", q.finish_s);
  check_order(where, "arrival_s", q.arrival_s, "scheduled_s", q.scheduled_s);
  check_order(where, "scheduled_s", q.scheduled_s, "first_token_s", q.first_token_s);
  check_order(where, "first_token_s", q.first_token_s, "finish_s", q.finish_s);
}

void check_sample(const ServeSample& s, std::size_t index) {
  const std::string where = "sample " + std::to_string(index);
  check_value(where, "t_start_s", s.t_start_s);
  check_value(where, "t_end_s", s.t_end_s);
  check_order(where, "t_start_s", s.t_start_s, "t_end_s", s.t_end_s);
  check_value(where, "queue_length", s.queue_length);
  check_value(where, "running_batch", s.running_batch);
  check_value(where, "kv_occupancy", s.kv_occupancy);
  check_value(where, "dynamic_energy_j", s.dynamic_energy_j);
  check_value(where, "static_energy_j", s.static_energy_j);
  check_value(where, "generated_tokens", s.generated_tokens);
}

}  // namespace

void check_serve_result(const ServeResult& r) {
  const std::string top = "totals";
  if (r.replicas < 1) bad(top, "replicas " + std::to_string(r.replicas) + " is below 1");
  long long rejected = 0;
  for (const auto& q : r.requests) {
    check_request(q, r.replicas);
    rejected += q.rejected ? 1 : 0;
  }
  if (rejected != r.rejected)
    bad(top, "rejected " + std::to_string(r.rejected) + " but " + std::to_string(rejected) +
                 " request outcomes are rejected");
  for (std::size_t i = 0; i < r.inter_token_s.size(); ++i)
    check_value("inter_token_s[" + std::to_string(i) + "]", "value", r.inter_token_s[i]);
  for (std::size_t i = 0; i < r.samples.size(); ++i) check_sample(r.samples[i], i);
  check_value(top, "span_s", r.span_s);
  check_value(top, "dynamic_energy_j", r.dynamic_energy_j);
  check_value(top, "static_energy_j", r.static_energy_j);
  check_value(top, "prefill_energy_j", r.prefill_energy_j);
  check_value(top, "decode_energy_j", r.decode_energy_j);
  check_value(top, "wall_s", r.wall_s);
  check_count(top, "prefill_tokens", r.prefill_tokens);
  check_count(top, "decode_tokens", r.decode_tokens);
  check_count(top, "generated_tokens", r.generated_tokens);
  check_count(top, "steps", r.steps);
  check_count(top, "layer_events", r.layer_events);
  check_count(top, "preempted", r.preempted);
  check_count(top, "skipped_rows", r.skipped_rows);
  check_count(top, "prefix_hit_tokens", r.prefix_hit_tokens);
  const auto& u = r.utilisation;
  check_value(top, "utilisation.tiles", u.tiles);
  check_value(top, "utilisation.digital_units", u.digital_units);
  check_value(top, "utilisation.noc", u.noc);
  check_value(top, "utilisation.memory", u.memory);
  check_value(top, "utilisation.chip_links", u.chip_links);
}

namespace {

/// numerator / denominator, empty when the denominator is not positive.
std::optional<double> ratio(double numerator, double denominator) {
  if (denominator > 0) return numerator / denominator;
  return std::nullopt;
}

bool meets_slo(const RequestOutcome& q, const ServeSlo& slo) {
  // A one-token request has no time per output token: it meets the TPOT objective trivially.
  const bool tpot_ok = q.output_tokens < 2 || q.tpot_s() <= slo.tpot_s;
  return q.ttft_s() <= slo.ttft_s && tpot_ok;
}

}  // namespace

ServeSummary summarize_serve(const ServeResult& r, const ServeSlo& slo) {
  check_serve_result(r);
  if (!(std::isfinite(slo.ttft_s) && slo.ttft_s > 0 && std::isfinite(slo.tpot_s) &&
        slo.tpot_s > 0))
    throw std::invalid_argument("serve SLO: ttft_s " + show(slo.ttft_s) + " and tpot_s " +
                                show(slo.tpot_s) + " must be positive finite seconds");
  ServeSummary s;
  s.mode = r.mode;
  s.replicas = r.replicas;
  s.slo = slo;
  s.requests = static_cast<long long>(r.requests.size());
  s.rejected = r.rejected;
  s.preempted = r.preempted;
  s.skipped_rows = r.skipped_rows;
  s.prefix_hit_tokens = r.prefix_hit_tokens;
  s.recomputed_tokens = r.recomputed_tokens;
  s.swap_energy_j = r.swap_energy_j;
  s.steps = r.steps;
  s.layer_events = r.layer_events;
  s.prefill_tokens = r.prefill_tokens;
  s.decode_tokens = r.decode_tokens;
  s.generated_tokens = r.generated_tokens;

  std::vector<double> ttft, tpot, e2e, queueing;
  for (const auto& q : r.requests) {
    if (q.rejected) continue;
    ++s.finished;
    s.prompt_tokens += q.prompt_tokens;
    ttft.push_back(q.ttft_s());
    e2e.push_back(q.e2e_s());
    queueing.push_back(q.queueing_s());
    if (q.output_tokens >= 2) tpot.push_back(q.tpot_s());
    if (meets_slo(q, slo)) ++s.goodput_requests;
  }
  s.ttft = latency_stats(std::move(ttft));
  s.tpot = latency_stats(std::move(tpot));
  s.itl = latency_stats(r.inter_token_s);
  s.e2e = latency_stats(std::move(e2e));
  s.queueing = latency_stats(std::move(queueing));

  s.span_s = r.span_s;
  s.generated_tokens_per_s = ratio(double(r.generated_tokens), r.span_s);
  s.prompt_tokens_per_s = ratio(double(s.prompt_tokens), r.span_s);
  s.requests_per_s = ratio(double(s.finished), r.span_s);
  s.goodput_requests_per_s = ratio(double(s.goodput_requests), r.span_s);
  s.goodput_fraction = ratio(double(s.goodput_requests), double(s.requests));

  s.dynamic_energy_j = r.dynamic_energy_j;
  s.static_energy_j = r.static_energy_j;
  s.energy_j = r.dynamic_energy_j + r.static_energy_j;
  s.prefill_energy_j = r.prefill_energy_j;
  s.decode_energy_j = r.decode_energy_j;
  s.energy_per_prefill_token_j = ratio(r.prefill_energy_j, double(r.prefill_tokens));
  s.energy_per_decode_token_j = ratio(r.decode_energy_j, double(r.decode_tokens));
  s.energy_per_token_j = ratio(s.energy_j, double(r.generated_tokens));
  s.average_power_w = ratio(s.energy_j, r.span_s);

  s.utilisation = r.utilisation;
  s.wall_s = r.wall_s;
  s.simulated_s_per_wall_s = ratio(r.span_s, r.wall_s);
  s.events_per_wall_s = ratio(double(r.layer_events), r.wall_s);
  return s;
}

std::pair<std::vector<double>, std::vector<double>> cdf_points(const std::vector<double>& sorted,
                                                               std::size_t max_points) {
  if (max_points < 2)
    throw std::invalid_argument("cdf_points: max_points " + std::to_string(max_points) +
                                " is below 2");
  std::pair<std::vector<double>, std::vector<double>> xy;
  const std::size_t n = sorted.size();
  const std::size_t m = std::min(n, max_points);
  xy.first.reserve(m);
  xy.second.reserve(m);
  for (std::size_t j = 0; j < m; ++j) {
    // Rank index j * (n - 1) / (m - 1) rounded to nearest, in integers: 0 and n - 1 exactly.
    const std::size_t i = m == 1 ? 0 : (j * (n - 1) * 2 + (m - 1)) / (2 * (m - 1));
    xy.first.push_back(sorted[i]);
    xy.second.push_back(double(i + 1) / double(n));
  }
  return xy;
}

}  // namespace aimcsim::report
