// SPDX-License-Identifier: Apache-2.0
#include "interconnect/chip_link_route.hpp"

namespace aimcsim::interconnect {

bool chips_linked(const std::string& topology, int chips, int a, int b) {
  if (a == b || chips <= 1) return false;
  if (topology == "all_to_all") return true;
  const int d = std::abs(a - b);
  return d == 1 || (topology == "ring" && chips > 2 && d == chips - 1);
}

std::pair<int, int> link_ends(const std::string& topology, int chips, int chips_per_package,
                              int c) {
  int on = 0, off = 0;
  for (int o = 0; o < chips; ++o) {
    if (topology != "all_to_all" && std::abs(o - c) != 1 && std::abs(o - c) != chips - 1) continue;
    if (chips_linked(topology, chips, c, o))
      (o / chips_per_package == c / chips_per_package ? on : off) += 1;
  }
  return {on, off};
}

ChipLinkRoute::ChipLinkRoute(const ChipLinkSetup& setup, int chips)
    : m_setup(setup),
      m_topology(setup.on_package.topology == "ring"   ? Topology::ring
                 : setup.on_package.topology == "line" ? Topology::line
                                                       : Topology::all_to_all),
      m_chips(chips) {}

int ChipLinkRoute::next_hop(int from, int to) const {
  if (m_topology == Topology::all_to_all) return to;
  int step = to > from ? 1 : -1;
  if (m_topology == Topology::ring) {
    const int forward = ((to - from) % m_chips + m_chips) % m_chips;
    step = forward <= m_chips - forward ? 1 : -1;
  }
  return ((from + step) % m_chips + m_chips) % m_chips;
}

int ChipLinkRoute::hops(int a, int b) const {
  int n = 0;
  for (int c = a; c != b; c = next_hop(c, b)) ++n;
  return n;
}

}  // namespace aimcsim::interconnect
