// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/sweep/point_files.hpp"
#include "sim/sweep/sweep_results.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace aimcsim::sweep {

/// How `aimcsim sweep` runs its points.
struct SweepRunOptions {
  int jobs = 1;             ///< points running at once (each one process at a time)
  bool resume = false;      ///< keep points whose status.json says ok
  std::size_t shard_k = 1;  ///< this shard, 1..shard_n
  std::size_t shard_n = 1;  ///< number of shards
  std::string exe;          ///< the aimcsim binary the points run; "" = this process's own
  bool progress = true;     ///< progress bar and failure lines on stderr
};

/// Whether point `index` belongs to shard K of N: index % N == K - 1.
bool in_shard(std::size_t index, std::size_t shard_k, std::size_t shard_n);

/// The work of one sweep process, decided before anything runs.
struct SweepPlan {
  std::vector<std::size_t> to_run;  ///< indices into spec.points, ascending
  std::vector<std::size_t> kept;    ///< points of this shard finished ok earlier (--resume)
};

/// Checks the point folders already in `dir`/points against `spec` and decides what runs.
/// Every existing point folder must be a point of this shard whose point.json matches the sweep
/// file (else config::ConfigError: "sweep file changed", or a folder that does not belong);
/// a point with status.json "ok" is kept, every other point of the shard runs (its old folder is
/// removed when it starts). Without --resume a non-empty points/ is refused.
SweepPlan plan_sweep(const SweepSpec& spec, const std::filesystem::path& dir,
                     const SweepRunOptions& options);

/// Runs the plan's points, at most options.jobs at once, each point's commands one after the
/// other as child processes; writes each point's point.json first and status.json last. A
/// failing command fails its point (the point's later commands are skipped) and the sweep goes
/// on. Returns one record per point of the spec, in index order: ok or failed for the points of
/// this shard, not_run for the others.
std::vector<PointRecord> run_sweep_points(const SweepSpec& spec, const std::filesystem::path& dir,
                                          const SweepPlan& plan, const SweepRunOptions& options);

/// The table row of a finished point.
PointRecord record_of(const SweepPoint& point, const PointStatus& status);

}  // namespace aimcsim::sweep
