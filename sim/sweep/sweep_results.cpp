// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/sweep_results.hpp"

#include <filesystem>

#include "sim/sweep/sha256.hpp"

namespace aimcsim::sweep {

SweepInfo sweep_info(const SweepSpec& spec, const std::string& file_bytes) {
  SweepInfo info;
  info.name = spec.name;
  info.file = std::filesystem::absolute(spec.file).lexically_normal().string();
  info.sha256 = sha256_hex(file_bytes);
  info.arch = spec.arch;
  info.base_params = spec.base_params;
  info.commands = spec.commands;
  info.swept_keys = spec.swept_keys;
  info.swept_units = spec.swept_units;
  info.metrics = spec.metrics;
  info.objectives = spec.objectives;
  info.skipped_by_constraints = spec.skipped.size();
  return info;
}

const char* state_name(PointState s) {
  switch (s) {
    case PointState::ok:
      return "ok";
    case PointState::failed:
      return "failed";
    case PointState::not_run:
      return "not_run";
  }
  return "";
}

}  // namespace aimcsim::sweep
