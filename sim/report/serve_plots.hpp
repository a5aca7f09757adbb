// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The plots of `aimcsim serve`: the CDFs of TTFT, per-token inter-token latency and E2E latency
/// (each on its own linear axes: their scales differ by orders of magnitude), power over time,
/// and queue length and running batch over time.

#include <cstddef>
#include <string>
#include <vector>

#include "sim/report/plot.hpp"
#include "workloads/serving/serve_result.hpp"

namespace aimcsim::report {

/// Most points a plotted CDF or time series has: a 4M-token ITL distribution or a day of 1 s
/// samples would otherwise give PNGs no faster to look at and SVGs of hundreds of MB.
inline constexpr std::size_t kServePlotMaxPoints = 2000;

/// A plot and the file stem it is written under (`<stem>.png`, `<stem>.svg`).
struct NamedPlot {
  std::string stem;
  LinePlot plot;
};

/// The empirical CDF of `values` [s] (any order, at least one), at most kServePlotMaxPoints
/// points (cdf_points).
LinePlot latency_cdf_plot(std::vector<double> values, const std::string& title,
                          const std::string& x_label);

/// Merges runs of consecutive samples so that at most `max_points` remain: time-averaged
/// quantities weighted by each sample's duration, energies and tokens summed, so power and
/// averages over a merged interval are exact. Samples are returned as they are if few enough.
std::vector<workloads::serving::ServeSample> merge_samples(
    const std::vector<workloads::serving::ServeSample>& samples, std::size_t max_points);

/// Every serve plot that has data: latency_cdf_ttft, latency_cdf_e2e (a finished request),
/// latency_cdf_itl (an inter-token latency), power_over_time and queue_over_time (a sample).
std::vector<NamedPlot> serve_plots(const workloads::serving::ServeResult& r);

}  // namespace aimcsim::report
