// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/arch_config.hpp"

namespace aimcsim::cli {

/// The results folder cannot be used: the path names something aimcsim must not replace (a
/// user's folder or file, a device), or a folder cannot be created there. Exit code 2.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Name of the marker file every results folder holds: its first line says what it is, the
/// following lines list the files aimcsim wrote there.
inline constexpr const char* k_results_marker = ".aimcsim-results";

/// A results folder written atomically and safely. Files go to a hidden staging folder beside
/// the target ("." + name + ".staging-" + PID + "@" + host), which takes the target's place by rename on
/// commit(). aimcsim replaces only what it wrote: a target that exists must be an empty folder
/// or a results folder (marker file present) holding nothing but the files its marker lists;
/// anything else (a user's folder or file, a symbolic link, a device) is refused with
/// OutputError before the simulation starts, and checked again at commit. Without commit (an
/// error, an exception, SIGINT/SIGTERM/SIGHUP via interrupt_cleanup) the staging folder is
/// removed, and so are the parent folders this object created while they are empty. Staging
/// folders of this host's processes that no longer exist (a SIGKILL) are removed when the next
/// run writes beside them.
class ResultsDir {
 public:
  /// `requested`: the folder as the user wrote it (-o) or as derived; `shown`: how messages
  /// name it (e.g. "-o out/run"). Throws OutputError.
  ResultsDir(const std::string& requested, std::string shown);
  ~ResultsDir();
  ResultsDir(const ResultsDir&) = delete;
  ResultsDir& operator=(const ResultsDir&) = delete;

  const std::filesystem::path& staging() const { return m_staging; }
  const std::filesystem::path& final_dir() const { return m_final; }
  /// Writes the marker (listing the staging folder's files) and renames the staging folder into
  /// place, replacing an older results folder of the same name. Throws OutputError if the
  /// target became something aimcsim must not replace, io::WriteError on an I/O failure.
  void commit();

 private:
  std::filesystem::path m_final, m_staging;
  std::vector<std::filesystem::path> m_created;  ///< folders this object created, innermost first
  std::string m_shown;
  bool m_committed = false;
};

/// "<config name>-<model>-p<prompt>-d<decode>-b<batch>" with unsafe characters replaced.
std::string default_run_name(const RunConfig& cfg, bool map_only);

/// `name` with every character but letters, digits, '-', '.' and '_' replaced by '_', cut to
/// 150 bytes: a folder name that stays one path component.
std::string safe_folder_name(std::string name);

}  // namespace aimcsim::cli
