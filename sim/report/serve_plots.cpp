// SPDX-License-Identifier: Apache-2.0
#include "sim/report/serve_plots.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/report/serve_stats.hpp"

namespace aimcsim::report {

using workloads::serving::ServeResult;
using workloads::serving::ServeSample;

LinePlot latency_cdf_plot(std::vector<double> values, const std::string& title,
                          const std::string& x_label) {
  if (values.empty()) throw std::invalid_argument("latency CDF '" + title + "': no values");
  std::sort(values.begin(), values.end());
  LinePlot plot;
  plot.title = title;
  plot.x_label = x_label;
  plot.y_label = "fraction <= x";
  PlotSeries s;
  s.label = "";  // one series: no legend
  auto [x, y] = cdf_points(values, kServePlotMaxPoints);
  s.x = std::move(x);
  s.y = std::move(y);
  plot.series.push_back(std::move(s));
  return plot;
}

std::vector<ServeSample> merge_samples(const std::vector<ServeSample>& samples,
                                       std::size_t max_points) {
  if (max_points < 1) throw std::invalid_argument("merge_samples: max_points is 0");
  if (samples.size() <= max_points) return samples;
  const std::size_t group = (samples.size() + max_points - 1) / max_points;
  std::vector<ServeSample> merged;
  merged.reserve((samples.size() + group - 1) / group);
  for (std::size_t begin = 0; begin < samples.size(); begin += group) {
    const std::size_t end = std::min(samples.size(), begin + group);
    ServeSample m;
    m.t_start_s = samples[begin].t_start_s;
    m.t_end_s = samples[end - 1].t_end_s;
    double duration = 0;
    for (std::size_t i = begin; i < end; ++i) duration += samples[i].t_end_s - samples[i].t_start_s;
    for (std::size_t i = begin; i < end; ++i) {
      const ServeSample& s = samples[i];
      // Weight by duration; a group of zero-length samples falls back to the plain mean.
      const double w = duration > 0 ? (s.t_end_s - s.t_start_s) / duration
                                    : 1.0 / double(end - begin);
      m.queue_length += w * s.queue_length;
      m.running_batch += w * s.running_batch;
      m.kv_occupancy += w * s.kv_occupancy;
      m.dynamic_energy_j += s.dynamic_energy_j;
      m.static_energy_j += s.static_energy_j;
      m.generated_tokens += s.generated_tokens;
    }
    merged.push_back(m);
  }
  return merged;
}

namespace {

double mid_s(const ServeSample& s) { return 0.5 * (s.t_start_s + s.t_end_s); }

LinePlot power_plot(const std::vector<ServeSample>& samples) {
  LinePlot plot;
  plot.title = "Power over time (dynamic + static, per interval)";
  plot.x_label = "simulated time [s]";
  plot.y_label = "power [W]";
  PlotSeries s;
  for (const auto& sample : samples) {
    s.x.push_back(mid_s(sample));
    s.y.push_back(sample.power_w());
  }
  plot.series.push_back(std::move(s));
  return plot;
}

LinePlot queue_plot(const std::vector<ServeSample>& samples) {
  LinePlot plot;
  plot.title = "Waiting and running requests over time (interval means)";
  plot.x_label = "simulated time [s]";
  plot.y_label = "requests";
  PlotSeries queue, batch;
  queue.label = "waiting (queue length)";
  batch.label = "running (batch slots held)";
  for (const auto& sample : samples) {
    queue.x.push_back(mid_s(sample));
    queue.y.push_back(sample.queue_length);
    batch.x.push_back(mid_s(sample));
    batch.y.push_back(sample.running_batch);
  }
  plot.series = {std::move(queue), std::move(batch)};
  return plot;
}

}  // namespace

std::vector<NamedPlot> serve_plots(const ServeResult& r) {
  std::vector<double> ttft, e2e;
  for (const auto& q : r.requests) {
    if (q.rejected) continue;
    ttft.push_back(q.ttft_s());
    e2e.push_back(q.e2e_s());
  }
  const std::string finished = std::to_string(ttft.size()) + " finished requests";
  std::vector<NamedPlot> plots;
  if (!ttft.empty()) {
    plots.push_back({"latency_cdf_ttft",
                     latency_cdf_plot(std::move(ttft), "Time to first token: CDF over " + finished,
                                      "TTFT [s]")});
  }
  if (!r.inter_token_s.empty()) {
    plots.push_back(
        {"latency_cdf_itl",
         latency_cdf_plot(r.inter_token_s,
                          "Inter-token latency: CDF over " +
                              std::to_string(r.inter_token_s.size()) + " tokens",
                          "time since the request's previous token [s]")});
  }
  if (!e2e.empty()) {
    plots.push_back({"latency_cdf_e2e",
                     latency_cdf_plot(std::move(e2e), "End-to-end latency: CDF over " + finished,
                                      "arrival to last token [s]")});
  }
  if (!r.samples.empty()) {
    const auto merged = merge_samples(r.samples, kServePlotMaxPoints);
    plots.push_back({"power_over_time", power_plot(merged)});
    plots.push_back({"queue_over_time", queue_plot(merged)});
  }
  return plots;
}

}  // namespace aimcsim::report
