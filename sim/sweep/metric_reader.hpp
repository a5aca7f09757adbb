// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace aimcsim::sweep {

/// One metric of a point: a column name "<command>.<flattened key>" and its value; nullopt
/// stands for a field that is null in the report (undefined, e.g. TPOT without decode tokens)
/// or, in the tables, missing.
struct Metric {
  std::string name;
  std::optional<double> value;
};

/// The numeric fields of a command's report, in the report's own order, each named
/// "<prefix>.<key>" with nested objects flattened by '.': {"a": {"b": 1}} -> "prefix.a.b".
/// An array of objects that each carry a string "label" is keyed by the labels (eval.json's
/// drift: [{label: "1d", perplexity: {mean: ...}}] -> "prefix.drift.1d.perplexity.mean"); other
/// arrays (per-seed lists) are left out: they stay in the point's report. Strings and booleans
/// are left out; a null field is kept with no value.
std::vector<Metric> flatten_metrics(const nlohmann::ordered_json& report,
                                    const std::string& prefix);

/// Reads `file` (a command's summary JSON) and flattens it with prefix `command`. Throws
/// std::runtime_error naming the file when it is missing or not a JSON object.
std::vector<Metric> read_metrics(const std::filesystem::path& file, const std::string& command);

}  // namespace aimcsim::sweep
