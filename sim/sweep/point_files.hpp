// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/sweep/metric_reader.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace aimcsim::sweep {

/// How one command of a point ended.
struct CommandOutcome {
  std::string command;  ///< "run", "serve", "eval"
  int exit_code = 0;    ///< as a shell reports it: 128 + n for signal n
  double wall_s = 0;    ///< wall-clock time of the process [s]
};

/// A point's status.json: written atomically, last, once every command of the point has ended.
struct PointStatus {
  bool ok = false;
  int exit_code = 0;           ///< of the failing command (0 when ok)
  std::string failed_command;  ///< "" when ok
  std::string error;           ///< the failing command's last stderr line (or why it failed)
  double wall_s = 0;           ///< wall-clock time of all the point's commands [s]
  std::vector<CommandOutcome> commands;  ///< the commands that ran, in order
  std::vector<Metric> metrics;           ///< read from the reports when the point ended
};

/// "points/0007/run": the report folder of `command` of point `id`, relative to the sweep folder.
std::string report_folder(const std::string& id, const std::string& command);

/// The full argument list of one command of a point:
/// `<exe> <command> <arch> <args...> -p <base>... -p <setting>... -o <point folder>/<command>
/// --log-level warn`.
std::vector<std::string> command_argv(const std::string& exe, const SweepSpec& spec,
                                      const SweepPoint& point, const CommandSpec& command,
                                      const std::filesystem::path& point_dir);

/// Writes point.json (index, id, arch, base params, settings, commands with their full argv)
/// into `point_dir`, atomically. Throws io::WriteError.
void write_point_json(const std::filesystem::path& point_dir, const std::string& exe,
                      const SweepSpec& spec, const SweepPoint& point);

/// Whether `point_dir`/point.json describes `point` of `spec` (same arch, base params, settings
/// and commands with their arguments). A missing or unreadable point.json yields false with
/// `why` set. The executable and folder in argv are not compared: a sweep folder may move.
bool point_json_matches(const std::filesystem::path& point_dir, const SweepSpec& spec,
                        const SweepPoint& point, std::string& why);

/// Writes status.json atomically. Throws io::WriteError.
void write_status(const std::filesystem::path& point_dir, const PointStatus& status);
/// Reads status.json; nullopt if it is missing or not a complete status (a point that must run
/// again).
std::optional<PointStatus> read_status(const std::filesystem::path& point_dir);

}  // namespace aimcsim::sweep
