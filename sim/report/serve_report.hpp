// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The files `aimcsim serve` writes: requests.csv, serve_summary.json, timeseries.csv and the
/// latency-CDF, power and queue plots (PNG and SVG). Definitions: docs/serving.md.

#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "sim/report/serve_stats.hpp"
#include "workloads/serving/serve_result.hpp"

namespace aimcsim::report {

/// requests.csv: one row per request of the trace in ServeResult order, rejected ones included
/// (their scheduling, latency and replica fields empty). Times [s], energies [J] (dynamic).
std::string serve_requests_csv(const workloads::serving::ServeResult& r);

/// timeseries.csv: one row per ServeResult sample.
std::string serve_timeseries_csv(const workloads::serving::ServeResult& r);

/// serve_summary.json: a flat object, the fields of `run_identity` (an object: name, model,
/// trace, policy, ... as the command chooses) first, then every figure of `s` with its unit in
/// its key; undefined figures are null. `run_identity` may also be null (no identity fields).
/// Throws std::invalid_argument if it is neither an object nor null, or gives a summary key
/// (`mode`, `replicas`, ...) a different value.
std::string serve_summary_json(const ServeSummary& s, const nlohmann::ordered_json& run_identity);

/// Writes requests.csv, serve_summary.json, timeseries.csv and the plots of serve_plots.hpp
/// into `dir` (which exists), every file through io::write_new_file (none may exist yet).
/// Throws io::WriteError if a file cannot be written.
void write_serve_files(const std::filesystem::path& dir, const workloads::serving::ServeResult& r,
                       const ServeSummary& s, const nlohmann::ordered_json& run_identity);

}  // namespace aimcsim::report
