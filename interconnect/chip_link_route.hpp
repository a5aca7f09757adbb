// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Routing and timing of chip-to-chip transfers without SystemC. The link calendar is a
/// parameter, `reserve(link, ready_s, duration_s) -> start_s` (link = from * chips + to), so the
/// SystemC ChipLinks and the fast serving model run ONE implementation of the equations.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>

#include "interconnect/noc_params.hpp"
#include "sim/kernel/power_gating.hpp"

namespace aimcsim::interconnect {

/// Whether chips a and b of `chips` have a direct link in `topology` (ring, line, all_to_all).
bool chips_linked(const std::string& topology, int chips, int a, int b);

/// Link ends (PHYs) on chip `c` of `chips` chips connected by `topology` (ring, line,
/// all_to_all): {on-package, off-package}, packages of `chips_per_package` consecutive chips.
std::pair<int, int> link_ends(const std::string& topology, int chips, int chips_per_package,
                              int c);

/// The chip links of a system: which chips share a package, and the two link classes.
struct ChipLinkSetup {
  ChipLinkParams on_package;   ///< system.chip_link (also holds the topology)
  ChipLinkParams off_package;  ///< system.board_link
  int chips_per_package = 1;
  kernel::PowerGating gating;
};

/// Shortest-path routing over the chip links and the cut-through timing of one transfer.
class ChipLinkRoute {
 public:
  ChipLinkRoute(const ChipLinkSetup& setup, int chips);

  int chips() const { return m_chips; }
  const ChipLinkSetup& setup() const { return m_setup; }
  /// The next chip on the shortest path from `from` to `to`.
  int next_hop(int from, int to) const;
  /// Number of links on the path from a to b.
  int hops(int a, int b) const;
  /// True when chips a and b sit in the same package (their link is on-package).
  bool same_package(int a, int b) const {
    return a / m_setup.chips_per_package == b / m_setup.chips_per_package;
  }
  /// The class of the link between a and b.
  const ChipLinkParams& params(int a, int b) const {
    return same_package(a, b) ? m_setup.on_package : m_setup.off_package;
  }

  /// Moves `bytes` from chip a to chip b from `ready_s`: each link on the path is held for
  /// bytes / bandwidth, the head moves on after the link latency, the tail cannot overtake a
  /// slower link. Adds 8 bytes x E_bit per link to `energy_j`, the bits x links to `bit_hops`
  /// and those on board links to `board_bit_hops`; returns the arrival [s].
  template <class Reserve>
  double transfer_s(int a, int b, double bytes, double ready_s, Reserve&& reserve,
                    double& energy_j, double& bit_hops, double& board_bit_hops) const {
    double head = ready_s, tail = ready_s;
    for (int from = a; from != b;) {
      const int to = next_hop(from, b);
      const ChipLinkParams& p = params(from, to);
      const double ser = bytes / p.bandwidth_bytes_per_s;
      const double start = reserve(from * m_chips + to, head, ser);
      head = start + p.latency_s;
      tail = std::max(tail, start + ser + p.latency_s);
      energy_j += bytes * 8.0 * p.energy_per_bit_j;
      bit_hops += bytes * 8.0;
      if (!same_package(from, to)) board_bit_hops += bytes * 8.0;
      from = to;
    }
    return tail;
  }

 private:
  enum class Topology { ring, line, all_to_all };
  ChipLinkSetup m_setup;
  Topology m_topology;
  int m_chips;
};

}  // namespace aimcsim::interconnect
