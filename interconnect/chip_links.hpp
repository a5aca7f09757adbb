// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <utility>
#include <vector>

#include <systemc>

#include "interconnect/chip_link_route.hpp"
#include "interconnect/noc_params.hpp"
#include "sim/kernel/component.hpp"
#include "sim/kernel/timeline.hpp"

namespace aimcsim::interconnect {

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
  bool same_package(int a, int b) const { return m_route.same_package(a, b); }

  std::string component_type() const override { return "chip_link"; }
  kernel::ComponentTotals totals() const override;
  std::string stats_path() const override { return "chip_links"; }
  void report_stats(kernel::IStatsSink& sink) const override;

 private:
  ChipLinkSetup m_setup;
  ChipLinkRoute m_route;
  int m_chips;
  std::vector<kernel::Timeline> m_links;  // directed link from -> to at from * chips + to
  double m_bits = 0, m_bit_hops = 0, m_energy_j = 0, m_board_bit_hops = 0;
};

}  // namespace aimcsim::interconnect
