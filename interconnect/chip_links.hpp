// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <utility>
#include <vector>

#include <systemc>

#include "interconnect/noc_params.hpp"
#include "sim/kernel/component.hpp"
#include "sim/kernel/timeline.hpp"

namespace aimcsim::interconnect {

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

/// Links between chips (ring, line or all-to-all). A link between two chips of one package is
/// an on-package (die-to-die) link, between packages a board link; each class has its own
/// bandwidth, latency, energy, PHY area and idle power. Each directed link has a calendar; a
/// transfer takes the shortest path and cuts through: every hop adds the link latency, the
/// payload holds each link for bytes / bandwidth.
class ChipLinks : public sc_core::sc_module, public kernel::IComponent {
 public:
  ChipLinks(sc_core::sc_module_name name, const ChipLinkSetup& setup, int chips);

  /// Moves `bytes` from chip `a` to chip `b` from `ready_s`; returns the arrival time [s].
  double transfer(int a, int b, double bytes, double ready_s, double& energy_j);
  /// Chips on the path from a to b, excluding a, including b.
  std::vector<int> path(int a, int b) const;
  /// Number of links on the path from a to b.
  int hops(int a, int b) const;
  /// True when chips a and b sit in the same package (their link is on-package).
  bool same_package(int a, int b) const {
    return a / m_setup.chips_per_package == b / m_setup.chips_per_package;
  }

  std::string component_type() const override { return "chip_link"; }
  kernel::ComponentTotals totals() const override;
  std::string stats_path() const override { return "chip_links"; }
  void report_stats(kernel::IStatsSink& sink) const override;

 private:
  enum class Topology { ring, line, all_to_all };
  const ChipLinkParams& params(int a, int b) const {
    return same_package(a, b) ? m_setup.on_package : m_setup.off_package;
  }
  ChipLinkSetup m_setup;
  Topology m_topology;
  int m_chips;
  int next_hop(int from, int to) const;
  std::vector<kernel::Timeline> m_links;  // directed link from -> to at from * chips + to
  double m_bits = 0, m_bit_hops = 0, m_energy_j = 0, m_board_bit_hops = 0;
};

}  // namespace aimcsim::interconnect
