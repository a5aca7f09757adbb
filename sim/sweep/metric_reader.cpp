// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/metric_reader.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace aimcsim::sweep {
namespace {

using json = nlohmann::ordered_json;

/// An array of objects each carrying a string "label" (and at least one element).
bool is_labelled_array(const json& v) {
  if (!v.is_array() || v.empty()) return false;
  for (const auto& e : v)
    if (!e.is_object() || !e.contains("label") || !e["label"].is_string()) return false;
  return true;
}

void flatten(const json& v, const std::string& name, std::vector<Metric>& out) {
  if (v.is_number()) {
    out.push_back({name, v.get<double>()});
  } else if (v.is_null()) {
    out.push_back({name, std::nullopt});
  } else if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (it.key() == "label" && it.value().is_string()) continue;
      flatten(it.value(), name + "." + it.key(), out);
    }
  } else if (is_labelled_array(v)) {
    for (const auto& e : v) flatten(e, name + "." + e["label"].get<std::string>(), out);
  }
}

}  // namespace

std::vector<Metric> flatten_metrics(const json& report, const std::string& prefix) {
  std::vector<Metric> out;
  if (!report.is_object()) return out;
  flatten(report, prefix, out);
  return out;
}

std::vector<Metric> read_metrics(const std::filesystem::path& file, const std::string& command) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot read the report");
  std::stringstream text;
  text << in.rdbuf();
  json report;
  try {
    report = json::parse(text.str());
  } catch (const json::exception& e) {
    throw std::runtime_error(file.string() + ": not valid JSON (" + e.what() + ")");
  }
  if (!report.is_object()) throw std::runtime_error(file.string() + ": expected a JSON object");
  return flatten_metrics(report, command);
}

}  // namespace aimcsim::sweep
