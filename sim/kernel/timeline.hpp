// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstddef>
#include <boost/container/small_vector.hpp>

namespace aimcsim::kernel {

/// Occupancy calendar of one hardware resource (a tile, a NoC link, a memory port). A request
/// ready at time t that needs the resource for d seconds gets the earliest free gap >= t of length
/// d. Keeping the gaps (instead of a single busy-until time) makes the result independent of the
/// order in which loosely-timed initiators, running ahead of each other within a quantum, ask.
/// All times in seconds. Intervals live in a sorted vector: almost every request lands at the
/// end, and intervals older than the kernel time are dropped, so it stays short.
class Timeline {
 public:
  /// Reserves the resource for `duration_s` at the earliest time >= `ready_s`; returns the start.
  /// `now_s` is the kernel time: intervals ending before it are forgotten once the calendar grows.
  double reserve(double ready_s, double duration_s, double now_s = 0.0);

  /// Forgets intervals that end before `now_s`: no initiator can ask for earlier times.
  void retire_before(double now_s);

  double busy_s() const { return m_busy_s; }          ///< total reserved time
  double last_end_s() const { return m_last_end_s; }  ///< end of the latest reservation
  std::size_t intervals() const { return m_busy.size() - m_head; }

 private:
  struct Interval {
    double start, end;
  };
  static constexpr std::size_t k_retire_threshold = 2;  // live intervals kept before pruning
  // Sorted, disjoint, touching ones merged; [m_head, end) is live. Stored inline: a calendar is
  // touched once per transaction, and a heap block per resource would cost a cache miss each.
  boost::container::small_vector<Interval, 2> m_busy;
  std::size_t m_head = 0;
  double m_busy_s = 0.0;
  double m_last_end_s = 0.0;
};

}  // namespace aimcsim::kernel

