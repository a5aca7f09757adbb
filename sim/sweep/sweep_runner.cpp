// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/sweep_runner.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <stdexcept>

#include "sim/config/config_error.hpp"
#include "sim/io/checked_file.hpp"
#include "sim/sweep/child_process.hpp"
#include "sim/sweep/sweep_progress.hpp"

namespace aimcsim::sweep {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string summary_file_of(const CommandSpec& c) {
  if (!c.summary_file.empty()) return c.summary_file;
  switch (c.command) {
    case PointCommand::run:
      return "summary.json";
    case PointCommand::serve:
      return "serve_summary.json";
    case PointCommand::eval:
      return "eval.json";
  }
  return "summary.json";
}

/// A point whose commands are running.
struct Active {
  std::size_t point = 0;    ///< index into spec.points
  std::size_t command = 0;  ///< index into spec.commands of the running command
  Clock::time_point point_start, command_start;
  PointStatus status;
};

class Runner {
 public:
  Runner(const SweepSpec& spec, const fs::path& dir, const SweepRunOptions& opt)
      : m_spec(spec),
        m_dir(dir),
        m_opt(opt),
        m_exe(opt.exe.empty() ? self_executable() : opt.exe) {}

  std::map<std::size_t, PointStatus> run(const std::vector<std::size_t>& to_run) {
    std::deque<std::size_t> queue(to_run.begin(), to_run.end());
    SweepProgress progress(m_spec.name, static_cast<long long>(to_run.size()),
                           m_opt.progress ? stderr : nullptr);
    m_progress = &progress;
    const std::size_t jobs = static_cast<std::size_t>(std::max(1, m_opt.jobs));
    while (!queue.empty() || !m_active.empty()) {
      while (!queue.empty() && m_active.size() < jobs) {
        start_point(queue.front());
        queue.pop_front();
      }
      int status = 0;
      const pid_t pid = waitpid(-1, &status, 0);
      if (pid < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error(std::string("sweep: waiting for points: ") + std::strerror(errno));
      }
      const auto it = m_active.find(pid);
      if (it == m_active.end()) continue;  // not a point's process
      Active a = std::move(it->second);
      m_active.erase(it);
      command_ended(std::move(a), decode_wait_status(status));
    }
    progress.finish();
    m_progress = nullptr;
    return std::move(m_done);
  }

 private:
  fs::path point_dir(std::size_t i) const { return m_dir / "points" / m_spec.points[i].id; }

  void start_point(std::size_t i) {
    const fs::path dir = point_dir(i);
    std::error_code ec;
    fs::remove_all(dir, ec);  // an unfinished earlier attempt: it reruns from scratch
    fs::create_directories(dir, ec);
    if (ec)
      throw io::WriteError(dir.string() + ": cannot create the point folder: " + ec.message());
    write_point_json(dir, m_exe, m_spec, m_spec.points[i]);
    Active a;
    a.point = i;
    a.point_start = Clock::now();
    start_command(std::move(a));
  }

  void start_command(Active a) {
    const SweepPoint& p = m_spec.points[a.point];
    const CommandSpec& c = m_spec.commands[a.command];
    const fs::path dir = point_dir(a.point);
    const std::string name = command_name(c.command);
    a.command_start = Clock::now();
    const pid_t pid = spawn_child(command_argv(m_exe, m_spec, p, c, dir),
                                  dir / (name + ".stdout.txt"), dir / (name + ".stderr.txt"));
    m_active.emplace(pid, std::move(a));
  }

  void command_ended(Active a, ChildExit e) {
    const CommandSpec& c = m_spec.commands[a.command];
    const std::string name = command_name(c.command);
    const fs::path dir = point_dir(a.point);
    a.status.commands.push_back({name, e.exit_code, seconds_since(a.command_start)});
    bool failed = e.exit_code != 0;
    if (failed) {
      a.status.error = e.signal ? "killed by " + signal_name(e.signal)
                                : last_line_of(dir / (name + ".stderr.txt"));
      if (a.status.error.empty()) a.status.error = "exit code " + std::to_string(e.exit_code);
    } else {
      try {
        const auto metrics = read_metrics(dir / name / summary_file_of(c), name);
        a.status.metrics.insert(a.status.metrics.end(), metrics.begin(), metrics.end());
      } catch (const std::runtime_error& x) {
        failed = true;
        a.status.error = x.what();
      }
    }
    if (failed) {
      a.status.ok = false;
      a.status.exit_code = e.exit_code;
      a.status.failed_command = name;
    } else if (a.command + 1 < m_spec.commands.size()) {
      ++a.command;
      start_command(std::move(a));
      return;
    } else {
      a.status.ok = true;
    }
    finish_point(std::move(a));
  }

  void finish_point(Active a) {
    a.status.wall_s = seconds_since(a.point_start);
    write_status(point_dir(a.point), a.status);
    const SweepPoint& p = m_spec.points[a.point];
    m_progress->point_done(!a.status.ok);
    if (!a.status.ok)
      m_progress->message("sweep: point " + p.id + " failed (" + a.status.failed_command +
                          ", exit code " + std::to_string(a.status.exit_code) +
                          "): " + a.status.error);
    m_done.emplace(a.point, std::move(a.status));
  }

  const SweepSpec& m_spec;
  fs::path m_dir;
  SweepRunOptions m_opt;
  std::string m_exe;
  std::map<pid_t, Active> m_active;
  std::map<std::size_t, PointStatus> m_done;
  SweepProgress* m_progress = nullptr;
};

}  // namespace

bool in_shard(std::size_t index, std::size_t shard_k, std::size_t shard_n) {
  return shard_n == 0 || index % shard_n == shard_k - 1;
}

SweepPlan plan_sweep(const SweepSpec& spec, const fs::path& dir, const SweepRunOptions& opt) {
  std::map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < spec.points.size(); ++i) by_id[spec.points[i].id] = i;
  std::set<std::size_t> present;
  const fs::path points = dir / "points";
  std::error_code ec;
  if (fs::is_directory(fs::symlink_status(points, ec))) {
    for (const auto& e : fs::directory_iterator(points, ec)) {
      const std::string name = e.path().filename().string();
      const std::string where = (points / name).string();
      if (!opt.resume)
        throw config::ConfigError(where +
                                  ": the sweep folder already holds points; pass "
                                  "--resume to continue it, or choose another folder");
      const auto it = by_id.find(name);
      if (it == by_id.end() || !in_shard(it->second, opt.shard_k, opt.shard_n) || !e.is_directory())
        throw config::ConfigError(where + ": not a point of this sweep" +
                                  (opt.shard_n > 1 ? " shard" : std::string()) +
                                  " (the sweep file or --shard changed); run it in a new folder");
      std::string why;
      if (fs::exists(e.path() / "point.json") &&
          !point_json_matches(e.path(), spec, spec.points[it->second], why))
        throw config::ConfigError(where +
                                  "/point.json: sweep file changed since this folder "
                                  "was written (" +
                                  why + "); run it in a new folder");
      present.insert(it->second);
    }
  }
  SweepPlan plan;
  for (std::size_t i = 0; i < spec.points.size(); ++i) {
    if (!in_shard(i, opt.shard_k, opt.shard_n)) continue;
    const auto status = present.count(i) ? read_status(points / spec.points[i].id) : std::nullopt;
    if (status && status->ok) {
      plan.kept.push_back(i);
    } else {
      plan.to_run.push_back(i);
    }
  }
  return plan;
}

PointRecord record_of(const SweepPoint& point, const PointStatus& status) {
  PointRecord r;
  r.index = point.index;
  r.id = point.id;
  r.settings = point.settings;
  r.state = status.ok ? PointState::ok : PointState::failed;
  r.exit_code = status.exit_code;
  r.failed_command = status.failed_command;
  r.error = status.error;
  r.wall_s = status.wall_s;
  r.metrics = status.metrics;
  for (const auto& c : status.commands)
    if (c.exit_code == 0) r.commands_run.push_back(c.command);
  return r;
}

std::vector<PointRecord> run_sweep_points(const SweepSpec& spec, const fs::path& dir,
                                          const SweepPlan& plan, const SweepRunOptions& opt) {
  std::map<std::size_t, PointStatus> done = Runner(spec, dir, opt).run(plan.to_run);
  for (const std::size_t i : plan.kept) {
    auto status = read_status(dir / "points" / spec.points[i].id);
    if (!status)
      throw io::WriteError((dir / "points" / spec.points[i].id).string() +
                           "/status.json: vanished while the sweep ran");
    done.emplace(i, std::move(*status));
  }
  std::vector<PointRecord> records;
  for (std::size_t i = 0; i < spec.points.size(); ++i) {
    const auto it = done.find(i);
    if (it != done.end()) {
      records.push_back(record_of(spec.points[i], it->second));
    } else {
      PointRecord r;
      r.index = spec.points[i].index;
      r.id = spec.points[i].id;
      r.settings = spec.points[i].settings;
      r.state = PointState::not_run;
      records.push_back(std::move(r));
    }
  }
  return records;
}

}  // namespace aimcsim::sweep
