// SPDX-License-Identifier: Apache-2.0
#include "workloads/serving/link_contention.hpp"

#include <algorithm>

namespace aimcsim::workloads::serving {

namespace {
/// Bookings merged per link, sorted by link: (link, busy seconds).
void busy_per_link(const std::vector<FastFabric::Booking>& bookings,
                   std::vector<std::pair<int, double>>& out) {
  out.clear();
  for (const auto& b : bookings) out.emplace_back(b.link, b.busy_s);
  std::sort(out.begin(), out.end());
  std::size_t w = 0;
  for (std::size_t r = 0; r < out.size(); ++r) {
    if (w > 0 && out[w - 1].first == out[r].first)
      out[w - 1].second += out[r].second;
    else
      out[w++] = out[r];
  }
  out.resize(w);
}
}  // namespace

LinkContention::LinkContention(int link_ids)
    : m_last_user(static_cast<std::size_t>(link_ids), -1),
      m_users(static_cast<std::size_t>(link_ids), 0),
      m_busiest(static_cast<std::size_t>(link_ids), 0),
      m_slot(static_cast<std::size_t>(link_ids), -1) {}

void LinkContention::add_user(const std::vector<FastFabric::Booking>& bookings) {
  const int user = m_next_user++;
  for (const auto& b : bookings)
    if (m_last_user[b.link] != user) m_last_user[b.link] = user, ++m_users[b.link];
  busy_per_link(bookings, m_scratch);
  // Its busiest links, the first link in id order among equals (deterministic).
  std::stable_sort(m_scratch.begin(), m_scratch.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (std::size_t i = 0; i < m_scratch.size() && i < k_busiest_links; ++i)
    m_busiest[m_scratch[i].first] = 1;
}

void LinkContention::footprint(std::vector<FastFabric::Booking>& bookings, Footprint& out) {
  out.clear();
  std::sort(bookings.begin(), bookings.end(), [](const auto& a, const auto& b) {
    return a.link != b.link ? a.link < b.link : a.start_s < b.start_s;
  });
  for (const auto& b : bookings) {
    if (m_users[b.link] < 2 || !m_busiest[b.link]) continue;
    // Bookings of one link that touch form one run (as its calendar would merge them).
    if (!out.empty() && out.back().link == b.link &&
        out.back().offset_s + out.back().busy_s >= b.start_s) {
      out.back().busy_s = std::max(out.back().busy_s, b.start_s + b.busy_s - out.back().offset_s);
      continue;
    }
    int& slot = m_slot[b.link];
    if (slot < 0) slot = static_cast<int>(m_calendar.size()), m_calendar.emplace_back();
    out.push_back({b.link, slot, b.start_s, b.busy_s});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const LinkSpan& a, const LinkSpan& b) { return a.offset_s < b.offset_s; });
}

double LinkContention::book(const Footprint& f, double ready_s, double now_s) {
  // A run waits as long as the runs before it did, or longer if its own link is held; the
  // pattern ends late by the longest wait. (Adding the waits would delay the whole pattern
  // by every link's wait, where the fine model delays only the traffic behind each link.)
  double shift = 0;
  for (const LinkSpan& s : f) {
    const double want = ready_s + shift + s.offset_s;
    shift = std::max(shift, m_calendar[s.slot].reserve(want, s.busy_s, now_s) - want);
  }
  return shift;
}

}  // namespace aimcsim::workloads::serving
