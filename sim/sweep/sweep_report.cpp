// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/sweep_report.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "sim/sweep/child_process.hpp"

namespace aimcsim::sweep {
namespace fs = std::filesystem;

std::string sweep_report_script() {
  return (fs::path(AIMCSIM_SOURCE_DIR) / "scripts" / "sweep_report.py").string();
}

std::string make_sweep_report(const fs::path& dir) {
  const char* env_python = std::getenv("AIMCSIM_PYTHON");
  const std::string python = env_python && *env_python ? env_python : "/usr/bin/python3";
  const std::string script = sweep_report_script();
  const std::string what = "sweep report (" + python + " " + script + ")";
  std::error_code ec;
  if (!fs::is_regular_file(script, ec))
    return what +
           ": the script is missing; the tables are written, the plots and index.html "
           "are not";
  if (access(python.c_str(), X_OK) != 0)
    return what + ": cannot run " + python +
           " (set AIMCSIM_PYTHON to a Python 3 with "
           "matplotlib); the tables are written, the plots and index.html are not";
  const fs::path log = dir / "report.log";
  const pid_t pid = spawn_child({python, script, dir.string()}, log, log);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const ChildExit e = decode_wait_status(status);
  if (e.exit_code == 0) return "";
  const std::string last = last_line_of(log);
  return what +
         (e.signal ? " was killed by " + signal_name(e.signal)
                   : " exited with code " + std::to_string(e.exit_code)) +
         (last.empty() ? "" : ": " + last) + " (" + log.string() + ")";
}

}  // namespace aimcsim::sweep
