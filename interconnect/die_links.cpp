// SPDX-License-Identifier: Apache-2.0
#include "interconnect/die_links.hpp"

#include <utility>

namespace aimcsim::interconnect {

DieLinks::DieLinks(sc_core::sc_module_name name, int dies, const ChipLinkParams& phy,
                   std::string stats_path)
    : sc_core::sc_module(name), m_dies(dies), m_phy(phy), m_stats_path(std::move(stats_path)) {}

kernel::ComponentTotals DieLinks::totals() const {
  kernel::ComponentTotals t;
  t.area_mm2 = phys() * m_phy.area_mm2;
  t.static_power_w = phys() * m_phy.static_power_w;
  t.used = phys() > 0;
  t.instances = phys();
  return t;
}

void DieLinks::report_stats(kernel::IStatsSink& sink) const {
  sink.add(m_stats_path, "dies", m_dies, "dies", "dies of the chip package");
  sink.add(m_stats_path, "phys", phys(), "count", "die-to-die link PHYs");
}

}  // namespace aimcsim::interconnect
