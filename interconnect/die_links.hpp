// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include <systemc>

#include "interconnect/noc_params.hpp"
#include "sim/kernel/component.hpp"

namespace aimcsim::interconnect {

/// The die-to-die links inside one multi-die chip package (system.multi_die_package): a chip of
/// `dies` dies is a chain of dies joined by `dies - 1` on-package links of the system.chip_link
/// class (UCIe-class), each with a PHY at both ends. They carry the chip's cross-die traffic and
/// hold its NoC together, so they stay powered (never gated); their traffic is not modelled
/// separately (the mesh NoC carries it at its own cost).
class DieLinks : public sc_core::sc_module, public kernel::IComponent {
 public:
  DieLinks(sc_core::sc_module_name name, int dies, const ChipLinkParams& phy,
           std::string stats_path);

  int dies() const { return m_dies; }
  /// PHYs on the chip: 2 x (dies - 1).
  int phys() const { return 2 * (m_dies - 1); }

  std::string component_type() const override { return "die_link"; }
  kernel::ComponentTotals totals() const override;
  std::string stats_path() const override { return m_stats_path; }
  void report_stats(kernel::IStatsSink& sink) const override;

 private:
  int m_dies;
  ChipLinkParams m_phy;
  std::string m_stats_path;
};

}  // namespace aimcsim::interconnect
