// SPDX-License-Identifier: Apache-2.0
#include "sim/kernel/timeline.hpp"

#include <algorithm>

namespace aimcsim::kernel {

double Timeline::reserve(double ready_s, double duration_s, double now_s) {
  if (duration_s <= 0.0) return ready_s;
  if (intervals() > k_retire_threshold) retire_before(now_s);
  // Fast path: the request comes after everything booked (the usual case).
  if (m_head == m_busy.size() || ready_s >= m_busy.back().end) {
    if (m_head != m_busy.size() && ready_s == m_busy.back().end)
      m_busy.back().end += duration_s;
    else
      m_busy.push_back(Interval{ready_s, ready_s + duration_s});
    m_busy_s += duration_s;
    m_last_end_s = std::max(m_last_end_s, ready_s + duration_s);
    return ready_s;
  }
  const auto first = m_busy.begin() + static_cast<std::ptrdiff_t>(m_head);
  // First interval starting after `ready_s`; the one before it may still cover `ready_s`.
  auto it = std::upper_bound(first, m_busy.end(), ready_s,
                             [](double t, const Interval& iv) { return t < iv.start; });
  double start = ready_s;
  if (it != first && std::prev(it)->end > start) start = std::prev(it)->end;
  while (it != m_busy.end() && it->start < start + duration_s) {
    start = std::max(start, it->end);
    ++it;
  }
  const double end = start + duration_s;
  // `it` is the first interval starting at or after `end`; the new one goes just before it,
  // merged with a neighbour it touches.
  const bool touches_prev = it != first && std::prev(it)->end >= start;
  const bool touches_next = it != m_busy.end() && it->start <= end;
  if (touches_prev && touches_next) {
    std::prev(it)->end = it->end;
    m_busy.erase(it);
  } else if (touches_prev) {
    std::prev(it)->end = end;
  } else if (touches_next) {
    it->start = start;
  } else {
    m_busy.insert(it, Interval{start, end});
  }
  m_busy_s += duration_s;
  m_last_end_s = std::max(m_last_end_s, end);
  return start;
}

void Timeline::retire_before(double now_s) {
  while (m_head < m_busy.size() && m_busy[m_head].end < now_s) ++m_head;
  // Compact once the dead prefix dominates, keeping erase cost amortised O(1).
  if (m_head > 0 && m_head * 2 >= m_busy.size()) {
    m_busy.erase(m_busy.begin(), m_busy.begin() + static_cast<std::ptrdiff_t>(m_head));
    m_head = 0;
  }
}

}  // namespace aimcsim::kernel
