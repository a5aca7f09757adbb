// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/sweep_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fstream>

#include "sim/cli/results_dir.hpp"
#include "sim/io/checked_file.hpp"

namespace aimcsim::sweep {
namespace fs = std::filesystem;
using cli::OutputError;

namespace {

/// The marker's first line, or "" when `dir` has no marker (a small regular file).
std::string read_marker_title(const fs::path& dir) {
  std::error_code ec;
  const fs::path marker = dir / k_sweep_marker;
  if (!fs::is_regular_file(fs::symlink_status(marker, ec)) || fs::file_size(marker, ec) > 4096)
    return "";
  std::ifstream in(marker);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string kind_text(SweepFolderKind kind) {
  switch (kind) {
    case SweepFolderKind::sweep:
      return "sweep folder";
    case SweepFolderKind::merge:
      return "sweep-merge folder";
    case SweepFolderKind::slurm:
      return "Slurm sweep folder";
  }
  return "";
}

std::string reuse_hint(SweepFolderKind kind) {
  return kind == SweepFolderKind::sweep ? "pass --resume to continue it, or choose another folder"
                                        : "choose another folder";
}

}  // namespace

std::string marker_title(SweepFolderKind kind) { return "aimcsim " + kind_text(kind); }

SweepFolder::SweepFolder(const std::string& requested, const std::string& shown,
                         SweepFolderKind kind, bool reuse) {
  if (requested.empty()) throw OutputError(shown + ": expected a folder name");
  m_path = fs::absolute(fs::path(requested)).lexically_normal();
  if (m_path.filename().empty()) m_path = m_path.parent_path();
  std::error_code ec;
  const auto st = fs::symlink_status(m_path, ec);
  if (fs::exists(st)) {
    if (fs::is_symlink(st))
      throw OutputError(shown +
                        ": is a symbolic link; a sweep writes only to a new or empty "
                        "folder or to one of its own sweep folders");
    if (!fs::is_directory(st))
      throw OutputError(shown + ": is an existing file, not a folder; aimcsim never replaces it");
    const std::string title = read_marker_title(m_path);
    if (title == marker_title(kind)) {
      if (!reuse)
        throw OutputError(shown + ": is an earlier " + kind_text(kind) + "; " + reuse_hint(kind));
      m_reused = true;
    } else if (!fs::is_empty(m_path, ec)) {
      if (title.rfind("aimcsim ", 0) == 0)
        throw OutputError(shown + ": is an " + title + ", not an aimcsim " + kind_text(kind) +
                          "; choose another folder");
      throw OutputError(
          shown + ": is a folder that aimcsim did not write (no " + std::string(k_sweep_marker) +
          " marker); expected a new or empty folder" +
          (kind == SweepFolderKind::sweep ? ", or an earlier sweep folder with --resume" : ""));
    }
  } else {
    fs::create_directories(m_path, ec);
    if (ec || !fs::is_directory(m_path))
      throw OutputError(shown + ": cannot create the folder: " +
                        (ec ? ec.message() : std::string("a file is in the way")));
  }
  const fs::path marker = m_path / k_sweep_marker;
  if (!m_reused) {
    fs::remove(marker, ec);
    io::write_new_file(marker, marker_title(kind) + "\n");
  }
  m_lock_fd = ::open(marker.c_str(), O_RDONLY | O_CLOEXEC);
  if (m_lock_fd < 0 || ::flock(m_lock_fd, LOCK_EX | LOCK_NB) != 0)
    throw OutputError(shown + ": another aimcsim sweep is writing in this folder");
}

SweepFolder::~SweepFolder() {
  if (m_lock_fd >= 0) ::close(m_lock_fd);
}

}  // namespace aimcsim::sweep
