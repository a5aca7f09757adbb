// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// `aimcsim sweep` (design-space sweeps, one simulator process per point) and
/// `aimcsim sweep-merge` (joins shard folders); docs/sweeps.md.

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace aimcsim::cli {

/// Exit code of a sweep that ran to its end with some points failed (their errors are in the
/// tables); 0 means every point ran ok.
inline constexpr int k_exit_failed_points = 3;

struct SweepOptions {
  std::string file;    ///< the sweep file
  int jobs = 0;        ///< -j; 0 = the CPUs this process may use
  std::string output;  ///< -o; "" = results/sweep-<name>
  bool resume = false;
  std::string shard;  ///< --shard K/N as typed
  bool dry_run = false;
  bool no_report = false;  ///< --no-report: tables only, no plots or index.html
  int slurm = 0;           ///< --slurm N: write the Slurm scripts for N shards
  bool submit = false;
  std::string partition, time;
};

struct SweepMergeOptions {
  std::vector<std::string> dirs;
  std::string output;
  bool no_report = false;
};

CLI::App* add_sweep_command(CLI::App& app, SweepOptions& opt);
CLI::App* add_sweep_merge_command(CLI::App& app, SweepMergeOptions& opt);

/// Runs the sweep; returns 0 (every point ok), k_exit_failed_points, or 1 when the report could
/// not be made. Bad input (the sweep file, flags, -o) is thrown for report_error() (exit 2).
int execute_sweep(const SweepOptions& opt);
/// Joins shard folders; exit codes as execute_sweep.
int execute_sweep_merge(const SweepMergeOptions& opt);

}  // namespace aimcsim::cli
