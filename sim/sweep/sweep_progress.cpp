// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/sweep_progress.hpp"

#include <unistd.h>

#include <utility>

#include "sim/cli/error_exit.hpp"
#include "sim/cli/progress_bar.hpp"

namespace aimcsim::sweep {

SweepProgress::SweepProgress(std::string name, long long total, std::FILE* out)
    : m_name(std::move(name)),
      m_total(total),
      m_out(out),
      m_is_terminal(out != nullptr && isatty(fileno(out)) == 1),
      m_start(std::chrono::steady_clock::now()),
      m_last_draw(m_start) {
  if (m_is_terminal && m_total > 0) draw();
}

SweepProgress::~SweepProgress() { finish(); }

void SweepProgress::point_done(bool failed) {
  ++m_done;
  m_failed += failed;
  if (!m_is_terminal || m_finished) return;
  const auto now = std::chrono::steady_clock::now();
  if (m_done < m_total && now - m_last_draw < std::chrono::milliseconds(100)) return;
  draw();
}

void SweepProgress::message(const std::string& line) {
  if (m_out == nullptr) return;
  if (m_is_terminal && !m_finished) std::fprintf(m_out, "\r\x1b[K");
  std::fprintf(m_out, "%s\n", cli::printable_line(line).c_str());
  if (m_is_terminal && !m_finished) draw();
  std::fflush(m_out);
}

void SweepProgress::finish() {
  if (m_finished) return;
  m_finished = true;
  if (m_is_terminal && m_total > 0) {
    std::fprintf(m_out, "\n");
    std::fflush(m_out);
  }
}

void SweepProgress::draw() {
  m_last_draw = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(m_last_draw - m_start).count();
  std::string line = cli::format_progress("sweep " + m_name, m_done, m_total, elapsed,
                                          cli::ProgressBar::kBarWidth);
  if (m_failed > 0) line += " | " + std::to_string(m_failed) + " failed";
  std::fprintf(m_out, "\r%s\x1b[K", cli::printable_line(line).c_str());
  std::fflush(m_out);
}

}  // namespace aimcsim::sweep
