// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <filesystem>
#include <string>

#include "sim/arch_config.hpp"

namespace aimcsim::cli {

/// A results folder written atomically: files go to a hidden staging folder beside the target,
/// which replaces the target by a rename on commit(). Without commit (an error), the staging
/// folder is removed, so no half-written results are left behind.
class ResultsDir {
 public:
  explicit ResultsDir(std::filesystem::path final_dir);
  ~ResultsDir();
  ResultsDir(const ResultsDir&) = delete;
  ResultsDir& operator=(const ResultsDir&) = delete;

  const std::filesystem::path& staging() const { return m_staging; }
  void commit();

 private:
  std::filesystem::path m_final, m_staging;
  std::filesystem::path m_created_parent;  ///< outermost folder this object created, if any
  bool m_committed = false;
};

/// "<config name>-<model>-p<prompt>-d<decode>-b<batch>" with unsafe characters replaced.
std::string default_run_name(const RunConfig& cfg, bool map_only);

}  // namespace aimcsim::cli
