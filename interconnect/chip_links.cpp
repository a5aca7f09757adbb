// SPDX-License-Identifier: Apache-2.0
#include "interconnect/chip_links.hpp"
#include "sim/kernel/sim_time.hpp"

#include <algorithm>
#include <cstdlib>

namespace aimcsim::interconnect {

ChipLinks::ChipLinks(sc_core::sc_module_name name, const ChipLinkSetup& setup, int chips)
    : sc_core::sc_module(name),
      m_setup(setup),
      m_route(setup, chips),
      m_chips(chips),
      m_links(static_cast<size_t>(chips) * chips) {}

int ChipLinks::hops(int a, int b) const { return m_route.hops(a, b); }

std::vector<int> ChipLinks::path(int a, int b) const {
  std::vector<int> out;
  for (int c = a; c != b;) out.push_back(c = m_route.next_hop(c, b));
  return out;
}

double ChipLinks::transfer(int a, int b, double bytes, double ready_s, double& energy_j) {
  if (a == b || bytes <= 0) return ready_s;
  const double now = kernel::now_s();
  double e = 0;
  const double tail = m_route.transfer_s(
      a, b, bytes, ready_s,
      [&](int link, double t, double d) { return m_links[static_cast<size_t>(link)].reserve(t, d, now); },
      e, m_bit_hops, m_board_bit_hops);
  m_bits += bytes * 8.0;
  m_energy_j += e;
  energy_j += e;
  return tail;
}


kernel::ComponentTotals ChipLinks::totals() const {
  kernel::ComponentTotals t;
  t.dynamic_energy_j = m_energy_j;
  t.instances = 0;  // PHYs
  const bool gate_unused = m_setup.gating.mode != kernel::PowerGating::Mode::none;
  for (int a = 0; a < m_chips; ++a) {
    for (int b = a + 1; b < m_chips; ++b) {
      if (!chips_linked(m_setup.on_package.topology, m_chips, a, b)) continue;
      const double busy = m_links[static_cast<size_t>(a) * m_chips + b].busy_s() +
                          m_links[static_cast<size_t>(b) * m_chips + a].busy_s();
      const ChipLinkParams& p = m_route.params(a, b);
      t.busy_s += busy;
      t.area_mm2 += 2 * p.area_mm2;  // one PHY at each end
      t.instances += 2;
      if (!gate_unused || busy > 0) t.static_power_w += 2 * p.static_power_w;
    }
  }
  t.used = m_bits > 0;
  return t;
}

void ChipLinks::report_stats(kernel::IStatsSink& sink) const {
  sink.add("chip_links", "bits", m_bits, "bit", "payload bits sent between chips");
  sink.add("chip_links", "bit_hops", m_bit_hops, "bit", "bits x chip links traversed");
  sink.add("chip_links", "board_bit_hops", m_board_bit_hops, "bit",
           "bits x off-package (board) links traversed");
  sink.add("chip_links", "energy", m_energy_j, "J", "dynamic energy");
}

}  // namespace aimcsim::interconnect
