// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/sweep_merge.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/config/config_error.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/io/checked_file.hpp"
#include "sim/sweep/point_files.hpp"
#include "sim/sweep/sweep_folder.hpp"
#include "sim/sweep/sweep_runner.hpp"

namespace aimcsim::sweep {
namespace fs = std::filesystem;
using json = nlohmann::ordered_json;
using config::ConfigError;

namespace {

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file.string() + ": cannot read");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

PointCommand command_of(const std::string& name, const std::string& where) {
  if (name == "run") return PointCommand::run;
  if (name == "serve") return PointCommand::serve;
  if (name == "eval") return PointCommand::eval;
  throw ConfigError(where + ": unknown command '" + name + "'");
}

std::vector<Setting> settings_of(const json& object) {
  std::vector<Setting> s;
  for (auto it = object.begin(); it != object.end(); ++it)
    s.push_back({it.key(), it.value().get<std::string>()});
  return s;
}

ShardFolder read_shard(const std::string& requested) {
  ShardFolder s;
  s.shown = requested;
  s.dir = fs::absolute(requested).lexically_normal();
  const std::string where = requested;
  std::error_code ec;
  if (!fs::is_directory(s.dir, ec))
    throw ConfigError(where + ": not a folder; expected a shard folder of `aimcsim sweep --shard`");
  if (!fs::exists(s.dir / k_sweep_marker))
    throw ConfigError(where + ": not a sweep folder (no " + std::string(k_sweep_marker) + ")");
  if (!fs::exists(s.dir / "results.json"))
    throw ConfigError(where +
                      ": no results.json: the shard did not finish; run its "
                      "`aimcsim sweep ... --shard K/N --resume -o " +
                      requested + "` again");
  json j;
  try {
    j = json::parse(read_bytes(s.dir / "results.json"));
    const json& sw = j.at("sweep");
    s.info.name = sw.at("name").get<std::string>();
    s.info.file = sw.at("file").get<std::string>();
    s.info.sha256 = sw.at("sha256").get<std::string>();
    s.info.arch = sw.at("arch").get<std::string>();
    s.info.base_params = settings_of(sw.at("base_params"));
    for (const auto& c : sw.at("commands")) {
      CommandSpec cs;
      cs.command = command_of(c.at("command").get<std::string>(), where + "/results.json");
      cs.args = c.at("args").get<std::vector<std::string>>();
      s.info.commands.push_back(cs);
    }
    s.info.swept_keys = sw.at("swept_keys").get<std::vector<std::string>>();
    s.info.swept_units = sw.at("swept_units").get<std::vector<std::string>>();
    s.info.metrics = sw.at("requested_metrics").get<std::vector<std::string>>();
    for (const auto& o : sw.at("objectives"))
      s.info.objectives.push_back({o.at("metric").get<std::string>(), o.at("goal") == "min"});
    s.info.skipped_by_constraints = sw.at("skipped_by_constraints").get<std::size_t>();
    for (const auto& p : j.at("points")) {
      PointRecord r;
      r.index = p.at("index").get<std::size_t>();
      r.id = p.at("id").get<std::string>();
      r.settings = settings_of(p.at("settings"));
      const std::string st = p.at("status").get<std::string>();
      r.state = st == "ok"       ? PointState::ok
                : st == "failed" ? PointState::failed
                                 : PointState::not_run;
      s.points.push_back(std::move(r));
    }
  } catch (const json::exception& e) {
    throw ConfigError(where + "/results.json: not a sweep's results (" + std::string(e.what()) +
                      ")");
  }
  return s;
}

bool same_settings(const std::vector<Setting>& a, const std::vector<Setting>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].key != b[i].key || a[i].value != b[i].value) return false;
  return true;
}

}  // namespace

ShardSet check_shards(const std::vector<std::string>& shard_dirs, const fs::path& out) {
  if (shard_dirs.empty()) throw ConfigError("sweep-merge: expected at least one shard folder");
  ShardSet set;
  for (const auto& d : shard_dirs) set.shards.push_back(read_shard(d));
  const ShardFolder& first = set.shards.front();
  set.owner.assign(first.points.size(), -1);
  for (std::size_t k = 0; k < set.shards.size(); ++k) {
    const ShardFolder& s = set.shards[k];
    if (s.dir == fs::absolute(out).lexically_normal())
      throw ConfigError(s.shown + ": is also the output folder (-o)");
    if (s.info.sha256 != first.info.sha256)
      throw ConfigError(s.shown + ": ran from a different sweep file than " + first.shown +
                        " (sha256 " + s.info.sha256.substr(0, 12) + " vs " +
                        first.info.sha256.substr(0, 12) + "); shards merge only from one file");
    if (s.points.size() != first.points.size())
      throw ConfigError(s.shown + ": has " + std::to_string(s.points.size()) + " points, " +
                        first.shown + " " + std::to_string(first.points.size()));
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      const PointRecord& p = s.points[i];
      if (p.index != i || p.id != first.points[i].id ||
          !same_settings(p.settings, first.points[i].settings))
        throw ConfigError(s.shown + ": point " + p.id + " differs from " + first.shown);
      if (p.state == PointState::not_run) continue;
      if (set.owner[i] >= 0)
        throw ConfigError(s.shown + ": point " + p.id + " also ran in " +
                          set.shards[static_cast<std::size_t>(set.owner[i])].shown +
                          "; shards must be disjoint (--shard K/N with one N)");
      set.owner[i] = static_cast<int>(k);
    }
  }
  return set;
}

MergedSweep copy_shards(const ShardSet& set, const fs::path& out) {
  const ShardFolder& first = set.shards.front();
  MergedSweep m;
  m.info = first.info;
  m.sweep_file_bytes = read_bytes(first.dir / "sweep.yaml");
  std::error_code ec;
  fs::remove_all(out / "points", ec);  // an earlier merge's copies
  fs::create_directories(out / "points", ec);
  if (ec) throw io::WriteError((out / "points").string() + ": cannot create: " + ec.message());
  for (std::size_t i = 0; i < first.points.size(); ++i) {
    PointRecord r = first.points[i];
    r.state = PointState::not_run;
    if (set.owner[i] >= 0) {
      const ShardFolder& s = set.shards[static_cast<std::size_t>(set.owner[i])];
      const fs::path from = s.dir / "points" / r.id;
      const auto status = read_status(from);
      if (!status)
        throw ConfigError(s.shown + ": points/" + r.id +
                          "/status.json is missing or "
                          "incomplete; resume that shard first");
      fs::copy(from, out / "points" / r.id, fs::copy_options::recursive, ec);
      if (ec)
        throw io::WriteError(from.string() + ": cannot copy into " + out.string() + ": " +
                             ec.message());
      SweepPoint p;
      p.index = r.index;
      p.id = r.id;
      p.settings = r.settings;
      r = record_of(p, *status);
    }
    m.records.push_back(std::move(r));
  }
  io::replace_file_atomically(out / "sweep.yaml", m.sweep_file_bytes);
  return m;
}

}  // namespace aimcsim::sweep
