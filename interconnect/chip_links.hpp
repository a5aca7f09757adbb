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

/// Links between chips (ring, line or all-to-all). Each directed link has a calendar; a transfer
/// takes the shortest path and cuts through: every hop adds the link latency, the payload holds
/// each link for bytes / bandwidth.
class ChipLinks : public sc_core::sc_module, public kernel::IComponent {
 public:
  ChipLinks(sc_core::sc_module_name name, const ChipLinkParams& params, int chips);

  /// Moves `bytes` from chip `a` to chip `b` from `ready_s`; returns the arrival time [s].
  double transfer(int a, int b, double bytes, double ready_s, double& energy_j);
  /// Chips on the path from a to b, excluding a, including b.
  std::vector<int> path(int a, int b) const;
  /// Number of links on the path from a to b.
  int hops(int a, int b) const;

  std::string component_type() const override { return "chip_link"; }
  kernel::ComponentTotals totals() const override;
  std::string stats_path() const override { return "chip_links"; }
  void report_stats(kernel::IStatsSink& sink) const override;

 private:
  enum class Topology { ring, line, all_to_all };
  ChipLinkParams m_params;
  Topology m_topology;
  int m_chips;
  int next_hop(int from, int to) const;
  std::vector<kernel::Timeline> m_links;  // directed link from -> to at from * chips + to
  double m_bits = 0, m_bit_hops = 0, m_energy_j = 0;
};

}  // namespace aimcsim::interconnect
