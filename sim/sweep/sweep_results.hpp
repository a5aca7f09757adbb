// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "sim/sweep/metric_reader.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace aimcsim::sweep {

/// What the tables say about the sweep as a whole (results.json "sweep", sweep_summary.json).
struct SweepInfo {
  std::string name;
  std::string file;    ///< the sweep file, absolute
  std::string sha256;  ///< of the sweep file's bytes
  std::string arch;
  std::vector<Setting> base_params;
  std::vector<CommandSpec> commands;
  std::vector<std::string> swept_keys, swept_units;
  std::vector<std::string> metrics;  ///< requested metric columns; empty: every numeric field
  std::vector<Objective> objectives;
  std::size_t skipped_by_constraints = 0;
  std::string shard;  ///< "K/N", or "" for the whole sweep
  double wall_s = 0;  ///< wall-clock time of this sweep process (or the merge) [s]
};

/// SweepInfo of a spec read from `file_bytes`.
SweepInfo sweep_info(const SweepSpec& spec, const std::string& file_bytes);

enum class PointState { ok, failed, not_run };
const char* state_name(PointState s);

/// One row of the tables.
struct PointRecord {
  std::size_t index = 0;
  std::string id;
  std::vector<Setting> settings;
  PointState state = PointState::not_run;
  int exit_code = 0;
  std::string failed_command, error;
  double wall_s = 0;
  std::vector<Metric> metrics;            ///< every metric the point's reports gave (status.json)
  std::vector<std::string> commands_run;  ///< commands whose reports exist, in order
};

}  // namespace aimcsim::sweep
