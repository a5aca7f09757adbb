// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "sim/sweep/sweep_results.hpp"

namespace aimcsim::sweep {

/// The metric columns of the tables: the sweep file's `metrics:` list, or, when it names none,
/// every metric any point reported, in order of first appearance (points by index, each
/// point's metrics in its reports' order), so a resumed or merged sweep has the same columns
/// as one run straight through.
std::vector<std::string> metric_columns(const SweepInfo& info,
                                        const std::vector<PointRecord>& records);

/// Header of results.csv and pareto.csv: point, status, exit_code, each swept key (with
/// " [unit]" when it has one), the metric columns, wall_s, error.
std::vector<std::string> csv_header(const SweepInfo& info, const std::vector<std::string>& columns);

/// Indices into `records` of the Pareto front over info.objectives: ok points only, each
/// objective read from its metric column (negated for `goal: max`); a point missing an
/// objective is never on the front. Empty without objectives.
std::vector<std::size_t> front_rows(const SweepInfo& info, const std::vector<PointRecord>& records);

/// Writes results.csv, results.json, pareto.csv (when objectives are set) and
/// sweep_summary.json into `dir`, each atomically. `records` are in index order. Warns (spdlog,
/// once per metric) when a requested metric is missing from an ok point. Throws io::WriteError.
void write_tables(const std::filesystem::path& dir, const SweepInfo& info,
                  const std::vector<PointRecord>& records);

/// `value` as the tables write numbers: the shortest text that reads back to the same double
/// (JSON's), "" for none.
std::string number_text(const std::optional<double>& value);

/// `field` quoted for CSV (RFC 4180) when it holds a comma, quote, or line break.
std::string csv_field(const std::string& field);

}  // namespace aimcsim::sweep
