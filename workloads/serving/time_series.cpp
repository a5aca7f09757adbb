// SPDX-License-Identifier: Apache-2.0
#include "workloads/serving/time_series.hpp"

#include "sim/config/config_error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace aimcsim::workloads::serving {

TimeSeries::TimeSeries(double interval_s, long long max_bins)
    : m_interval_s(interval_s), m_max_bins(max_bins) {
  if (!(interval_s > 0) || !std::isfinite(interval_s))
    throw std::invalid_argument("serving.sample_interval: expected a positive time");
}

TimeSeries::Bin& TimeSeries::bin(long long i) {
  if (i >= m_max_bins) {
    char why[200];
    std::snprintf(why, sizeof why,
                  "serving.sample_interval: the replay runs past %lld intervals of %g s "
                  "(requests queue beyond the last arrival); expected a longer interval",
                  m_max_bins, m_interval_s);
    throw config::ConfigError(why);
  }
  if (i >= static_cast<long long>(m_bins.size())) m_bins.resize(static_cast<std::size_t>(i) + 1);
  return m_bins[static_cast<std::size_t>(i)];
}

template <class F>
void TimeSeries::spread(double t0_s, double t1_s, F&& f) {
  if (t1_s <= t0_s) return;
  long long i = static_cast<long long>(std::floor(t0_s / m_interval_s));
  for (double t = t0_s; t < t1_s; ++i) {
    const double end = std::min(t1_s, (i + 1) * m_interval_s);
    if (end > t) f(bin(i), end - t);
    t = end;
  }
}

void TimeSeries::add_queue(double t0_s, double t1_s, double queue) {
  spread(t0_s, t1_s, [&](Bin& b, double dt) { b.queue_s += queue * dt; });
}

void TimeSeries::add_running(double t0_s, double t1_s, double running, double kv_fraction) {
  spread(t0_s, t1_s, [&](Bin& b, double dt) {
    b.running_s += running * dt;
    b.kv_s += kv_fraction * dt;
  });
}

void TimeSeries::add_energy(double t0_s, double t1_s, double energy_j) {
  if (t1_s <= t0_s) {
    bin(static_cast<long long>(std::floor(t0_s / m_interval_s))).energy_j += energy_j;
    return;
  }
  const double per_s = energy_j / (t1_s - t0_s);
  spread(t0_s, t1_s, [&](Bin& b, double dt) { b.energy_j += per_s * dt; });
}

void TimeSeries::add_busy(double t0_s, double t1_s) {
  spread(t0_s, t1_s, [&](Bin& b, double dt) { b.busy_s += dt; });
}

void TimeSeries::add_tokens(double t_s, double tokens) {
  bin(static_cast<long long>(std::floor(t_s / m_interval_s))).tokens += tokens;
}

std::vector<ServeSample> TimeSeries::finish(double span_s, double ungated_static_w,
                                            double gated_static_j) const {
  const long long n = std::max<long long>(1, static_cast<long long>(std::ceil(span_s / m_interval_s)));
  double busy_total = 0;
  for (const auto& b : m_bins) busy_total += b.busy_s;
  std::vector<ServeSample> out;
  out.reserve(static_cast<std::size_t>(n));
  for (long long i = 0; i < n; ++i) {
    const Bin b = i < static_cast<long long>(m_bins.size()) ? m_bins[static_cast<std::size_t>(i)]
                                                            : Bin{};
    ServeSample s;
    s.t_start_s = i * m_interval_s;
    s.t_end_s = std::min(span_s, (i + 1) * m_interval_s);
    if (s.t_end_s < s.t_start_s) s.t_end_s = s.t_start_s;
    const double d = s.t_end_s - s.t_start_s;
    if (d > 0) {
      s.queue_length = b.queue_s / d;
      s.running_batch = b.running_s / d;
      s.kv_occupancy = b.kv_s / d;
    }
    s.dynamic_energy_j = b.energy_j;
    s.static_energy_j = ungated_static_w * d +
                        (busy_total > 0 ? gated_static_j * b.busy_s / busy_total : 0.0);
    s.generated_tokens = b.tokens;
    out.push_back(s);
  }
  return out;
}

}  // namespace aimcsim::workloads::serving
