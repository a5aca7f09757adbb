// SPDX-License-Identifier: Apache-2.0
#include "interconnect/chip_links.hpp"
#include "sim/kernel/sim_time.hpp"

#include <algorithm>
#include <cstdlib>

namespace aimcsim::interconnect {

namespace {
/// Whether chips a and b have a direct link.
bool linked(const std::string& topology, int chips, int a, int b) {
  if (a == b || chips <= 1) return false;
  if (topology == "all_to_all") return true;
  const int d = std::abs(a - b);
  return d == 1 || (topology == "ring" && chips > 2 && d == chips - 1);
}
}  // namespace

std::pair<int, int> link_ends(const std::string& topology, int chips, int chips_per_package,
                              int c) {
  int on = 0, off = 0;
  for (int o = 0; o < chips; ++o) {
    if (topology != "all_to_all" && std::abs(o - c) != 1 && std::abs(o - c) != chips - 1) continue;
    if (linked(topology, chips, c, o)) (o / chips_per_package == c / chips_per_package ? on : off) += 1;
  }
  return {on, off};
}

ChipLinks::ChipLinks(sc_core::sc_module_name name, const ChipLinkSetup& setup, int chips)
    : sc_core::sc_module(name),
      m_setup(setup),
      m_topology(setup.on_package.topology == "ring"   ? Topology::ring
                 : setup.on_package.topology == "line" ? Topology::line
                                                       : Topology::all_to_all),
      m_chips(chips),
      m_links(static_cast<size_t>(chips) * chips) {}

int ChipLinks::next_hop(int from, int to) const {
  if (m_topology == Topology::all_to_all) return to;
  int step = to > from ? 1 : -1;
  if (m_topology == Topology::ring) {
    const int forward = ((to - from) % m_chips + m_chips) % m_chips;
    step = forward <= m_chips - forward ? 1 : -1;
  }
  return ((from + step) % m_chips + m_chips) % m_chips;
}

int ChipLinks::hops(int a, int b) const {
  int n = 0;
  for (int c = a; c != b; c = next_hop(c, b)) ++n;
  return n;
}

std::vector<int> ChipLinks::path(int a, int b) const {
  std::vector<int> out;
  for (int c = a; c != b;) out.push_back(c = next_hop(c, b));
  return out;
}

double ChipLinks::transfer(int a, int b, double bytes, double ready_s, double& energy_j) {
  if (a == b || bytes <= 0) return ready_s;
  const double now = kernel::now_s();
  double head = ready_s, tail = ready_s, e = 0;
  for (int from = a; from != b;) {
    const int to = next_hop(from, b);
    const ChipLinkParams& p = params(from, to);
    const double ser = bytes / p.bandwidth_bytes_per_s;
    // Cut-through: the head moves on after the latency; the tail cannot overtake a slower link.
    const double start = m_links[static_cast<size_t>(from) * m_chips + to].reserve(head, ser, now);
    head = start + p.latency_s;
    tail = std::max(tail, start + ser + p.latency_s);
    e += bytes * 8.0 * p.energy_per_bit_j;
    m_bit_hops += bytes * 8.0;
    if (!same_package(from, to)) m_board_bit_hops += bytes * 8.0;
    from = to;
  }
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
      if (!linked(m_setup.on_package.topology, m_chips, a, b)) continue;
      const double busy = m_links[static_cast<size_t>(a) * m_chips + b].busy_s() +
                          m_links[static_cast<size_t>(b) * m_chips + a].busy_s();
      const ChipLinkParams& p = params(a, b);
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
