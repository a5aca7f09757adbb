// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <chrono>
#include <cstdio>
#include <string>

namespace aimcsim::sweep {

/// The sweep's progress on stderr: on a terminal one line redrawn in place,
///   "sweep <name> [#####.....]  45% 9/20 elapsed 0:12 ETA 0:15 | 1 failed"
/// (cli::format_progress, ETA from the rate so far); on a pipe or file nothing, so logs stay
/// clean. A failed point is always reported on a line of its own (above the bar on a terminal),
/// since it is something to look at.
class SweepProgress {
 public:
  SweepProgress(std::string name, long long total, std::FILE* out = stderr);
  ~SweepProgress();
  SweepProgress(const SweepProgress&) = delete;
  SweepProgress& operator=(const SweepProgress&) = delete;

  /// Counts one point done, `failed` if it failed, and redraws (at most every 100 ms, and at
  /// the last point).
  void point_done(bool failed);
  /// Prints `line` on a line of its own, then redraws the bar.
  void message(const std::string& line);
  /// Ends the bar's line; later calls do nothing.
  void finish();

 private:
  void draw();

  std::string m_name;
  long long m_total, m_done = 0, m_failed = 0;
  std::FILE* m_out;
  bool m_is_terminal, m_finished = false;
  std::chrono::steady_clock::time_point m_start, m_last_draw;
};

}  // namespace aimcsim::sweep
