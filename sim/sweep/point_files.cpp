// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/point_files.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/io/atomic_file.hpp"

namespace aimcsim::sweep {
namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

json settings_json(const std::vector<Setting>& settings) {
  json s = json::object();
  for (const auto& kv : settings) s[kv.key] = kv.value;
  return s;
}

json base_json(const std::vector<Setting>& base) {
  json b = json::array();
  for (const auto& kv : base) b.push_back(kv.key + "=" + kv.value);
  return b;
}

std::optional<json> read_json_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  try {
    return json::parse(text.str());
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::string report_folder(const std::string& id, const std::string& command) {
  return "points/" + id + "/" + command;
}

std::vector<std::string> command_argv(const std::string& exe, const SweepSpec& spec,
                                      const SweepPoint& point, const CommandSpec& command,
                                      const fs::path& point_dir) {
  std::vector<std::string> argv = {exe, command_name(command.command), spec.arch};
  argv.insert(argv.end(), command.args.begin(), command.args.end());
  for (const auto& kv : spec.base_params) argv.insert(argv.end(), {"-p", kv.key + "=" + kv.value});
  for (const auto& kv : point.settings) argv.insert(argv.end(), {"-p", kv.key + "=" + kv.value});
  argv.insert(argv.end(),
              {"-o", (point_dir / command_name(command.command)).string(), "--log-level", "warn"});
  return argv;
}

void write_point_json(const fs::path& point_dir, const std::string& exe, const SweepSpec& spec,
                      const SweepPoint& point) {
  json j;
  j["index"] = point.index;
  j["id"] = point.id;
  j["arch"] = spec.arch;
  j["base_params"] = base_json(spec.base_params);
  j["settings"] = settings_json(point.settings);
  j["commands"] = json::array();
  for (const auto& c : spec.commands)
    j["commands"].push_back({{"command", command_name(c.command)},
                             {"args", c.args},
                             {"argv", command_argv(exe, spec, point, c, point_dir)}});
  io::replace_file_atomically(point_dir / "point.json", j.dump(2) + "\n");
}

bool point_json_matches(const fs::path& point_dir, const SweepSpec& spec, const SweepPoint& point,
                        std::string& why) {
  const auto j = read_json_file(point_dir / "point.json");
  if (!j || !j->is_object()) {
    why = "no readable point.json";
    return false;
  }
  json commands = json::array();
  for (const auto& c : spec.commands)
    commands.push_back({{"command", command_name(c.command)}, {"args", c.args}});
  json had = json::array();
  if (j->contains("commands") && (*j)["commands"].is_array())
    for (const auto& c : (*j)["commands"])
      had.push_back({{"command", c.value("command", json())}, {"args", c.value("args", json())}});
  auto field = [&](const char* key) { return j->contains(key) ? (*j)[key] : json(); };
  if (field("settings") != settings_json(point.settings)) {
    why = "its settings differ";
  } else if (field("arch") != json(spec.arch)) {
    why = "its base.arch differs";
  } else if (field("base_params") != base_json(spec.base_params)) {
    why = "its base.params differ";
  } else if (had != commands) {
    why = "its commands differ";
  } else {
    return true;
  }
  return false;
}

void write_status(const fs::path& point_dir, const PointStatus& s) {
  json j;
  j["status"] = s.ok ? "ok" : "failed";
  j["exit_code"] = s.exit_code;
  if (!s.ok) {
    j["failed_command"] = s.failed_command;
    j["error"] = s.error;
  }
  j["wall_s"] = s.wall_s;
  j["commands"] = json::array();
  for (const auto& c : s.commands)
    j["commands"].push_back(
        {{"command", c.command}, {"exit_code", c.exit_code}, {"wall_s", c.wall_s}});
  json m = json::object();
  for (const auto& metric : s.metrics) m[metric.name] = metric.value ? json(*metric.value) : json();
  j["metrics"] = m;
  io::replace_file_atomically(point_dir / "status.json", j.dump(2) + "\n");
}

std::optional<PointStatus> read_status(const fs::path& point_dir) {
  const auto j = read_json_file(point_dir / "status.json");
  if (!j || !j->is_object()) return std::nullopt;
  try {
    PointStatus s;
    const std::string status = j->at("status").get<std::string>();
    if (status != "ok" && status != "failed") return std::nullopt;
    s.ok = status == "ok";
    s.exit_code = j->at("exit_code").get<int>();
    s.failed_command = j->value("failed_command", "");
    s.error = j->value("error", "");
    s.wall_s = j->at("wall_s").get<double>();
    for (const auto& c : j->at("commands"))
      s.commands.push_back({c.at("command").get<std::string>(), c.at("exit_code").get<int>(),
                            c.at("wall_s").get<double>()});
    for (auto it = j->at("metrics").begin(); it != j->at("metrics").end(); ++it)
      s.metrics.push_back({it.key(), it.value().is_number()
                                         ? std::optional<double>(it.value().get<double>())
                                         : std::nullopt});
    return s;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

}  // namespace aimcsim::sweep
