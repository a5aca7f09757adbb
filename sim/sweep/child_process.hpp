// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace aimcsim::sweep {

/// Starts `argv[0]` with arguments `argv` (no shell) in the caller's process group and working
/// folder, stdin from /dev/null, stdout and stderr to files `stdout_file`, `stderr_file`
/// (truncated; the same path for both gives one file holding both). The child starts with no
/// blocked signals and gets SIGTERM if the sweep process dies (PR_SET_PDEATHSIG), so a killed sweep
/// leaves no orphan simulating in the background; SIGKILL of the whole process group ends it at
/// once. If exec fails, the child writes one line to `stderr_file` and exits 127. Returns the
/// child's process id; throws std::runtime_error if no process can be created.
pid_t spawn_child(const std::vector<std::string>& argv, const std::filesystem::path& stdout_file,
                  const std::filesystem::path& stderr_file);

/// The exit of a child as a shell reports it: its exit code, or 128 + n when signal n ended it.
struct ChildExit {
  int exit_code = 0;
  int signal = 0;  ///< 0 unless a signal ended it
};
ChildExit decode_wait_status(int status);

/// "SIGKILL" etc. for the common signals, "signal N" otherwise.
std::string signal_name(int sig);

/// The last non-empty line of a small text file (an error message in a child's stderr), at
/// most 4000 bytes of it; "" if there is none.
std::string last_line_of(const std::filesystem::path& file);

/// The running program's own executable (/proc/self/exe, resolved), so every point runs exactly
/// the binary that runs the sweep.
std::string self_executable();

}  // namespace aimcsim::sweep
