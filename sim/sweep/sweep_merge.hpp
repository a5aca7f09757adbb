// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "sim/sweep/sweep_results.hpp"

namespace aimcsim::sweep {

/// A joined sweep: what `aimcsim sweep-merge` writes tables from.
struct MergedSweep {
  SweepInfo info;
  std::vector<PointRecord> records;  ///< every point, in index order
  std::string sweep_file_bytes;      ///< the shards' sweep.yaml
};

/// One shard folder as its results.json describes it.
struct ShardFolder {
  std::string shown;  ///< as given on the command line
  std::filesystem::path dir;
  SweepInfo info;
  std::vector<PointRecord> points;  ///< settings and state as the shard recorded them
};

/// Shard folders checked to join: the same sweep, disjoint.
struct ShardSet {
  std::vector<ShardFolder> shards;
  std::vector<int> owner;  ///< per point index: the shard that ran it, -1 for none
};

/// Reads shard folders (each the -o of `aimcsim sweep --shard K/N`, finished: results.json
/// present) and checks that they all come from the same sweep file (sha256 of its bytes) with
/// the same points, that no point ran in two of them, and that none is `out`. Throws
/// config::ConfigError naming the folder and what is wrong (exit 2). Writes nothing.
ShardSet check_shards(const std::vector<std::string>& shard_dirs, const std::filesystem::path& out);

/// Copies the shards' point folders into out/points (replacing an earlier merge's) and their
/// sweep.yaml into out; points no shard ran are not_run. Throws config::ConfigError for a point
/// folder without a complete status.json, io::WriteError on an I/O failure. The caller writes
/// the tables (write_tables) and the report.
MergedSweep copy_shards(const ShardSet& set, const std::filesystem::path& out);

}  // namespace aimcsim::sweep
