// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <cstddef>
#include <vector>

namespace aimcsim::kernel {

/// Occupancy calendar of one hardware resource (a tile, a NoC link, a memory port). A request
/// ready at time t that needs the resource for d seconds gets the earliest free gap >= t of length
/// d. Keeping the gaps (instead of a single busy-until time) makes the result independent of the
/// order in which loosely-timed initiators, running ahead of each other within a quantum, ask.
/// All times in seconds. Intervals are sorted; almost every request lands at the end, and
/// intervals that end before the kernel time are dropped, so the calendar stays short.
class Timeline {
 public:
  /// Reserves the resource for `duration_s` at the earliest time >= `ready_s`; returns the start.
  /// `now_s` is the kernel time: intervals ending before it are forgotten (no initiator can ask
  /// for earlier times), all at once when the whole calendar is past.
  double reserve(double ready_s, double duration_s, double now_s = 0.0);

  /// Forgets intervals that end before `now_s`: no initiator can ask for earlier times.
  void retire_before(double now_s);

  double busy_s() const { return m_busy_s; }          ///< total reserved time
  double last_end_s() const { return m_last_end_s; }  ///< end of the latest reservation
  std::size_t intervals() const { return m_size - m_head; }

 private:
  struct Interval {
    double start, end;
  };
  static constexpr std::uint32_t k_inline = 2;            // intervals stored in the object
  static constexpr std::size_t k_retire_threshold = 2;  // live intervals kept before pruning

  Interval* data() { return m_spilled ? m_spill.data() : m_inline; }
  void forget_all();
  void append(double start, double end);
  void insert_at(std::uint32_t i, Interval iv);  // i in [m_head, m_size]
  void erase_at(std::uint32_t i);
  double book_gap(double ready_s, double duration_s);
  void spill();

  // Sorted, disjoint, touching ones merged; [m_head, m_size) is live (m_head is 0 inline). Up to k_inline intervals
  // live inside the object: a calendar is touched once per transaction, and a heap block per
  // resource would cost a cache miss each. Longer calendars move to m_spill, which keeps its
  // capacity when the calendar empties and returns to the inline slots. What a request reads
  // comes first (one cache line when the calendar is inline); m_spill last.
  double m_last_end_s = 0.0;
  std::uint32_t m_head = 0, m_size = 0;
  bool m_spilled = false;
  Interval m_inline[k_inline] = {};
  double m_busy_s = 0.0;
  std::vector<Interval> m_spill;
};

}  // namespace aimcsim::kernel
