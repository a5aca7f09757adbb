// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <filesystem>
#include <string>

namespace aimcsim::sweep {

/// What a folder aimcsim writes for sweeps holds; the first line of its marker file
/// (k_sweep_marker) says which.
enum class SweepFolderKind {
  sweep,  ///< `aimcsim sweep -o DIR`: points/, tables, report
  merge,  ///< `aimcsim sweep-merge ... -o DIR`: the same, joined from shard folders
  slurm,  ///< `aimcsim sweep --slurm N -o DIR`: slurm/ scripts, shards/<i>, merged/
};

/// Marker file of every sweep folder (a hidden file in it).
inline constexpr const char* k_sweep_marker = ".aimcsim-sweep";

/// A sweep folder opened for writing and locked (flock on its marker) for the lifetime of this
/// object, so two sweeps never write into the same folder at once.
///
/// Rules (as `aimcsim run -o`, docs/sweeps.md "Running"): the folder is created if it does not
/// exist (with its parents); an existing empty folder is used; an existing folder of the same
/// kind is used only when `reuse` is set (sweep: --resume; merge: always, its content is
/// rebuilt; slurm: always, the scripts are rewritten and the shard folders kept); anything else
/// (a user's folder or file, a symbolic link, a sweep folder of another kind, a results folder
/// of `aimcsim run`) is refused with cli::OutputError (exit 2), naming `shown` (e.g. "-o out").
class SweepFolder {
 public:
  SweepFolder(const std::string& requested, const std::string& shown, SweepFolderKind kind,
              bool reuse);
  ~SweepFolder();
  SweepFolder(const SweepFolder&) = delete;
  SweepFolder& operator=(const SweepFolder&) = delete;

  /// The folder, absolute.
  const std::filesystem::path& path() const { return m_path; }
  /// Whether the folder existed as a folder of this kind (a resumed sweep, a merge rebuilt).
  bool reused() const { return m_reused; }

 private:
  std::filesystem::path m_path;
  int m_lock_fd = -1;
  bool m_reused = false;
};

/// The marker's first line for `kind`.
std::string marker_title(SweepFolderKind kind);

}  // namespace aimcsim::sweep
