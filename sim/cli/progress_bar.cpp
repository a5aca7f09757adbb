// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace aimcsim::cli {
namespace {

std::string clock_text(double seconds) {
  const long long s = static_cast<long long>(std::floor(std::max(0.0, seconds)));
  char text[48];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
  }
  return text;
}

}  // namespace

std::string format_progress(const std::string& label, long long done, long long total,
                            double elapsed_s, int bar_width) {
  total = std::max(0LL, total);
  done = std::clamp(done, 0LL, total);
  // Fractions in long double: done * bar_width and done * 100 stay exact for any count a run
  // can reach, where a long long product could overflow.
  const long double fraction =
      total == 0 ? 1.0L : static_cast<long double>(done) / static_cast<long double>(total);
  const int filled =
      total == 0 || done == total ? bar_width : static_cast<int>(std::floor(fraction * bar_width));
  const int percent =
      total == 0 || done == total ? 100 : static_cast<int>(std::floor(fraction * 100));
  std::string eta = "--:--";
  if (done == total) {
    eta = clock_text(0);
  } else if (done > 0) {
    eta = clock_text(elapsed_s / static_cast<double>(done) * static_cast<double>(total - done));
  }
  char numbers[160];
  std::snprintf(numbers, sizeof numbers, "] %3d%% %lld/%lld elapsed %s ETA %s", percent, done,
                total, clock_text(elapsed_s).c_str(), eta.c_str());
  return label + " [" + std::string(static_cast<std::size_t>(filled), '#') +
         std::string(static_cast<std::size_t>(bar_width - filled), '.') + numbers;
}

ProgressBar::ProgressBar(std::string label, long long total, std::FILE* out)
    : m_label(std::move(label)),
      m_total(total),
      m_out(out),
      m_is_terminal(out != nullptr && isatty(fileno(out)) == 1),
      m_start(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { finish(); }

double ProgressBar::elapsed_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

void ProgressBar::advance(long long n) {
  const long long done = m_done.fetch_add(n) + n;
  if (!m_is_terminal || m_finished.load()) return;
  const long long now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::steady_clock::now() - m_start)
                               .count();
  const long long last_ns = m_last_draw_ns.load();
  const bool due =
      last_ns == 0 || now_ns - last_ns >= std::chrono::nanoseconds(kMinRedrawInterval).count();
  if (!due && done < m_total) return;
  std::unique_lock<std::mutex> lock(m_draw_mutex, std::try_to_lock);
  if (!lock.owns_lock()) return;  // another thread is drawing; its line is as good
  m_last_draw_ns.store(std::max(now_ns, 1LL));
  draw(m_done.load(), false);
}

void ProgressBar::finish() {
  if (m_finished.exchange(true) || !m_is_terminal) return;
  std::lock_guard<std::mutex> lock(m_draw_mutex);
  draw(m_done.load(), true);
}

void ProgressBar::draw(long long done, bool final_line) {
  // "\r" back to column 0, the line, "\x1b[K" (clear to end of line) for a shorter line.
  const std::string line = format_progress(m_label, done, m_total, elapsed_s(), kBarWidth);
  std::fprintf(m_out, "\r%s\x1b[K%s", line.c_str(), final_line ? "\n" : "");
  std::fflush(m_out);
}

}  // namespace aimcsim::cli
