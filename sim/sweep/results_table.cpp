// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/results_table.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "sim/io/atomic_file.hpp"
#include "sim/sweep/pareto.hpp"
#include "sim/sweep/point_files.hpp"

namespace aimcsim::sweep {
namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

std::map<std::string, std::optional<double>> metric_map(const PointRecord& r) {
  std::map<std::string, std::optional<double>> m;
  for (const auto& metric : r.metrics) m.emplace(metric.name, metric.value);
  return m;
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + csv_field(fields[i]);
  return line + "\n";
}

std::vector<std::string> csv_row(const SweepInfo& info, const std::vector<std::string>& columns,
                                 const PointRecord& r) {
  std::vector<std::string> row = {
      r.id, state_name(r.state), r.state == PointState::not_run ? "" : std::to_string(r.exit_code)};
  std::map<std::string, std::string> settings;
  for (const auto& s : r.settings) settings[s.key] = s.value;
  for (const auto& key : info.swept_keys) row.push_back(settings.count(key) ? settings[key] : "");
  const auto metrics = metric_map(r);
  for (const auto& c : columns) {
    const auto it = metrics.find(c);
    row.push_back(it == metrics.end() ? "" : number_text(it->second));
  }
  row.push_back(r.state == PointState::not_run ? "" : number_text(r.wall_s));
  row.push_back(r.error);
  return row;
}

std::string csv_table(const SweepInfo& info, const std::vector<std::string>& columns,
                      const std::vector<PointRecord>& records,
                      const std::vector<std::size_t>& rows) {
  std::string text = csv_line(csv_header(info, columns));
  for (const std::size_t i : rows) text += csv_line(csv_row(info, columns, records[i]));
  return text;
}

json sweep_json(const SweepInfo& info, const std::vector<std::string>& columns,
                std::size_t points_total) {
  json s;
  s["name"] = info.name;
  s["file"] = info.file;
  s["sha256"] = info.sha256;
  s["arch"] = info.arch;
  s["base_params"] = json::object();
  for (const auto& p : info.base_params) s["base_params"][p.key] = p.value;
  s["commands"] = json::array();
  for (const auto& c : info.commands)
    s["commands"].push_back({{"command", command_name(c.command)}, {"args", c.args}});
  s["swept_keys"] = info.swept_keys;
  s["swept_units"] = info.swept_units;
  s["metrics"] = columns;
  s["requested_metrics"] = info.metrics;
  s["objectives"] = json::array();
  for (const auto& o : info.objectives)
    s["objectives"].push_back({{"metric", o.metric}, {"goal", o.minimize ? "min" : "max"}});
  s["shard"] = info.shard.empty() ? json() : json(info.shard);
  s["points_total"] = points_total;
  s["skipped_by_constraints"] = info.skipped_by_constraints;
  return s;
}

json point_json(const std::vector<std::string>& columns, const PointRecord& r) {
  json p;
  p["index"] = r.index;
  p["id"] = r.id;
  p["status"] = state_name(r.state);
  p["exit_code"] = r.state == PointState::not_run ? json() : json(r.exit_code);
  p["failed_command"] = r.failed_command.empty() ? json() : json(r.failed_command);
  p["error"] = r.error.empty() ? json() : json(r.error);
  p["wall_s"] = r.state == PointState::not_run ? json() : json(r.wall_s);
  p["settings"] = json::object();
  for (const auto& s : r.settings) p["settings"][s.key] = s.value;
  const auto metrics = metric_map(r);
  p["metrics"] = json::object();
  for (const auto& c : columns) {
    const auto it = metrics.find(c);
    p["metrics"][c] = it == metrics.end() || !it->second ? json() : json(*it->second);
  }
  p["reports"] = json::object();
  for (const auto& c : r.commands_run) p["reports"][c] = report_folder(r.id, c);
  return p;
}

void warn_missing_metrics(const SweepInfo& info, const std::vector<PointRecord>& records) {
  for (const auto& name : info.metrics) {
    std::size_t missing = 0;
    std::string first;
    for (const auto& r : records) {
      if (r.state != PointState::ok) continue;
      const auto m = metric_map(r);
      if (m.count(name)) continue;
      if (missing++ == 0) first = r.id;
    }
    if (missing > 0)
      spdlog::warn(
          "sweep: metric '{}' is not in the report of point {}{}; recorded as empty "
          "(null)",
          name, first,
          missing > 1 ? " and " + std::to_string(missing - 1) + " other ok points" : "");
  }
}

}  // namespace

std::string number_text(const std::optional<double>& value) {
  if (!value || !std::isfinite(*value)) return "";
  std::string text = json(*value).dump();
  // JSON marks an integral double "4.0"; a CSV column of counts reads better as "4".
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

std::string csv_field(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string q = "\"";
  for (const char c : field) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::vector<std::string> metric_columns(const SweepInfo& info,
                                        const std::vector<PointRecord>& records) {
  if (!info.metrics.empty()) return info.metrics;
  std::vector<std::string> columns;
  std::set<std::string> seen;
  for (const auto& r : records)
    for (const auto& m : r.metrics)
      if (seen.insert(m.name).second) columns.push_back(m.name);
  return columns;
}

std::vector<std::string> csv_header(const SweepInfo& info,
                                    const std::vector<std::string>& columns) {
  std::vector<std::string> h = {"point", "status", "exit_code"};
  for (std::size_t i = 0; i < info.swept_keys.size(); ++i) {
    const std::string unit = i < info.swept_units.size() ? info.swept_units[i] : "";
    h.push_back(info.swept_keys[i] + (unit.empty() ? "" : " [" + unit + "]"));
  }
  h.insert(h.end(), columns.begin(), columns.end());
  h.insert(h.end(), {"wall_s", "error"});
  return h;
}

std::vector<std::size_t> front_rows(const SweepInfo& info,
                                    const std::vector<PointRecord>& records) {
  if (info.objectives.empty()) return {};
  std::vector<std::size_t> ok;
  std::vector<std::vector<double>> rows;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].state != PointState::ok) continue;
    const auto m = metric_map(records[i]);
    std::vector<double> row;
    for (const auto& o : info.objectives) {
      const auto it = m.find(o.metric);
      const bool have = it != m.end() && it->second && std::isfinite(*it->second);
      const double v = have ? *it->second : std::numeric_limits<double>::quiet_NaN();
      row.push_back(o.minimize ? v : -v);
    }
    ok.push_back(i);
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> front;
  for (const std::size_t k : pareto_front(rows)) front.push_back(ok[k]);
  return front;
}

void write_tables(const fs::path& dir, const SweepInfo& info,
                  const std::vector<PointRecord>& records) {
  warn_missing_metrics(info, records);
  const auto columns = metric_columns(info, records);
  std::vector<std::size_t> all(records.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  io::replace_file_atomically(dir / "results.csv", csv_table(info, columns, records, all));

  json results;
  results["sweep"] = sweep_json(info, columns, records.size());
  results["points"] = json::array();
  for (const auto& r : records) results["points"].push_back(point_json(columns, r));
  io::replace_file_atomically(dir / "results.json", results.dump(2) + "\n");

  if (!info.objectives.empty()) {
    io::replace_file_atomically(dir / "pareto.csv",
                                csv_table(info, columns, records, front_rows(info, records)));
  } else {
    std::error_code ec;
    fs::remove(dir / "pareto.csv", ec);  // an earlier run of a file that had objectives
  }

  std::size_t ok = 0, failed = 0, not_run = 0;
  for (const auto& r : records) {
    ok += r.state == PointState::ok;
    failed += r.state == PointState::failed;
    not_run += r.state == PointState::not_run;
  }
  json summary;
  summary["name"] = info.name;
  summary["points"] = records.size();
  summary["ok"] = ok;
  summary["failed"] = failed;
  summary["skipped_by_constraints"] = info.skipped_by_constraints;
  summary["not_run"] = not_run;
  summary["shard"] = info.shard.empty() ? json() : json(info.shard);
  summary["wall_s"] = info.wall_s;
  summary["sweep_file"] = info.file;
  summary["sweep_file_sha256"] = info.sha256;
  io::replace_file_atomically(dir / "sweep_summary.json", summary.dump(2) + "\n");
}

}  // namespace aimcsim::sweep
