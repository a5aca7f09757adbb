// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace aimcsim::cli {

/// One progress line, without carriage return or newline:
///   "<label> [#########...........]  45% 450/1000 elapsed 0:12 ETA 0:15"
/// The bar has `bar_width` characters, '#' for the done fraction (rounded down) and '.' for the
/// rest; the percentage is rounded down, so 100% means all done. `done` is clamped to
/// 0..total; total 0 counts as complete. ETA assumes the rate so far (elapsed / done per item)
/// and is "--:--" before the first item. Times are M:SS, or H:MM:SS from one hour on.
std::string format_progress(const std::string& label, long long done, long long total,
                            double elapsed_s, int bar_width);

/// Progress of a long evaluation on stderr (or `out`), drawn only when `out` is a terminal:
/// on a pipe or file it writes nothing at all, so logs and redirected output stay clean (house
/// style: progress on stderr only when it is a terminal). Redraws in place ("\r", clear to end
/// of line) at most every kMinRedrawInterval, plus once when the count reaches the total.
/// advance() may be called from several threads: the count is atomic, and a thread that finds
/// another one drawing skips its redraw instead of waiting.
class ProgressBar {
 public:
  static constexpr int kBarWidth = 30;
  static constexpr std::chrono::milliseconds kMinRedrawInterval{100};

  ProgressBar(std::string label, long long total, std::FILE* out = stderr);
  /// Calls finish(), so an early exit (an exception) leaves the cursor on a fresh line.
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Counts `n` more items done and redraws if the last redraw is old enough.
  void advance(long long n = 1);
  /// Draws the final state and ends the line; later calls do nothing.
  void finish();
  long long done() const { return m_done.load(); }

 private:
  void draw(long long done, bool final_line);
  double elapsed_s() const;

  std::string m_label;
  long long m_total;
  std::FILE* m_out;
  bool m_is_terminal;
  std::chrono::steady_clock::time_point m_start;
  std::atomic<long long> m_done{0};
  std::atomic<long long> m_last_draw_ns{0};  ///< since m_start; 0 = never drawn
  std::atomic<bool> m_finished{false};
  std::mutex m_draw_mutex;
};

}  // namespace aimcsim::cli
