// SPDX-License-Identifier: Apache-2.0
#include "sim/kernel/timeline.hpp"

#include <algorithm>
#include <iterator>

namespace aimcsim::kernel {

double Timeline::reserve(double ready_s, double duration_s, double now_s) {
  if (duration_s <= 0.0) return ready_s;
  // The latest reservation ended before the kernel time: so did every other one. Dropping them
  // touches none of them (the usual case for a tile that a token visits once per pass).
  if (m_last_end_s < now_s) forget_all();
  if (intervals() > k_retire_threshold) retire_before(now_s);
  m_busy_s += duration_s;
  // Fast path: the request comes after everything booked (the usual case); the latest end is
  // the last interval's.
  if (intervals() == 0 || ready_s >= m_last_end_s) {
    append(ready_s, ready_s + duration_s);
    m_last_end_s = std::max(m_last_end_s, ready_s + duration_s);
    return ready_s;
  }
  return book_gap(ready_s, duration_s);
}

void Timeline::forget_all() {
  m_head = m_size = 0;
  m_spilled = false;
}

void Timeline::append(double start, double end) {
  if (intervals() > 0 && start == data()[m_size - 1].end)
    data()[m_size - 1].end = end;
  else
    insert_at(m_size, Interval{start, end});
}

void Timeline::insert_at(std::uint32_t i, Interval iv) {
  if (!m_spilled && m_size == k_inline) spill();  // inline, m_head is 0
  if (m_spilled) {
    m_spill.insert(m_spill.begin() + i, iv);
  } else {
    std::copy_backward(m_inline + i, m_inline + m_size, m_inline + m_size + 1);
    m_inline[i] = iv;
  }
  ++m_size;
}

void Timeline::erase_at(std::uint32_t i) {
  if (m_spilled)
    m_spill.erase(m_spill.begin() + i);
  else
    std::copy(m_inline + i + 1, m_inline + m_size, m_inline + i);
  --m_size;
}

void Timeline::spill() {
  m_spill.assign(m_inline + m_head, m_inline + m_size);
  m_size -= m_head;
  m_head = 0;
  m_spilled = true;
}

double Timeline::book_gap(double ready_s, double duration_s) {
  Interval* iv = data();
  // First interval starting after `ready_s`; the one before it may still cover `ready_s`.
  std::uint32_t i = static_cast<std::uint32_t>(
      std::upper_bound(iv + m_head, iv + m_size, ready_s,
                       [](double t, const Interval& x) { return t < x.start; }) -
      iv);
  double start = ready_s;
  if (i > m_head && iv[i - 1].end > start) start = iv[i - 1].end;
  while (i < m_size && iv[i].start < start + duration_s) {
    start = std::max(start, iv[i].end);
    ++i;
  }
  const double end = start + duration_s;
  // Interval i is the first starting at or after `end`; the new one goes just before it,
  // merged with a neighbour it touches.
  const bool touches_prev = i > m_head && iv[i - 1].end >= start;
  const bool touches_next = i < m_size && iv[i].start <= end;
  if (touches_prev && touches_next) {
    iv[i - 1].end = iv[i].end;
    erase_at(i);
  } else if (touches_prev) {
    iv[i - 1].end = end;
  } else if (touches_next) {
    iv[i].start = start;
  } else {
    insert_at(i, Interval{start, end});
  }
  m_last_end_s = std::max(m_last_end_s, end);
  return start;
}

void Timeline::retire_before(double now_s) {
  const Interval* iv = data();
  while (m_head < m_size && iv[m_head].end < now_s) ++m_head;
  if (m_head == m_size) return forget_all();
  if (!m_spilled) {  // inline: the live intervals move to the front
    std::copy(m_inline + m_head, m_inline + m_size, m_inline);
    m_size -= m_head;
    m_head = 0;
    return;
  }
  // Compact once the dead prefix dominates, keeping erase cost amortised O(1).
  if (m_head * 2 >= m_size) {
    m_spill.erase(m_spill.begin(), m_spill.begin() + m_head);
    m_size = static_cast<std::uint32_t>(m_spill.size());
    m_head = 0;
  }
}

}  // namespace aimcsim::kernel
