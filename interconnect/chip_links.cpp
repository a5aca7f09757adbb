// SPDX-License-Identifier: Apache-2.0
#include "interconnect/chip_links.hpp"
#include "sim/kernel/sim_time.hpp"

namespace aimcsim::interconnect {

ChipLinks::ChipLinks(sc_core::sc_module_name name, const ChipLinkParams& params, int chips)
    : sc_core::sc_module(name),
      m_params(params),
      m_topology(params.topology == "ring"   ? Topology::ring
                 : params.topology == "line" ? Topology::line
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
  const double ser = bytes / m_params.bandwidth_bytes_per_s;
  const double now = kernel::now_s();
  double head = ready_s, tail = ready_s;
  int n = 0;
  for (int from = a; from != b; ++n) {
    const int to = next_hop(from, b);
    const double start = m_links[static_cast<size_t>(from) * m_chips + to].reserve(head, ser, now);
    head = start + m_params.latency_s;
    tail = start + ser + m_params.latency_s;
    from = to;
  }
  const double e = bytes * 8.0 * n * m_params.energy_per_bit_j;
  m_bits += bytes * 8.0;
  m_bit_hops += bytes * 8.0 * n;
  m_energy_j += e;
  energy_j += e;
  return tail;
}

kernel::ComponentTotals ChipLinks::totals() const {
  double busy = 0;
  for (const auto& tl : m_links) busy += tl.busy_s();
  const double link_ends = m_chips <= 1 ? 0.0
                           : m_topology == Topology::all_to_all
                               ? double(m_chips) * (m_chips - 1)
                               : (m_topology == Topology::ring ? 2.0 * m_chips : 2.0 * (m_chips - 1));
  return {m_energy_j, link_ends * m_params.static_power_w, busy, link_ends * m_params.area_mm2};
}

void ChipLinks::report_stats(kernel::IStatsSink& sink) const {
  sink.add("chip_links", "bits", m_bits, "bit", "payload bits sent between chips");
  sink.add("chip_links", "bit_hops", m_bit_hops, "bit", "bits x chip links traversed");
  sink.add("chip_links", "energy", m_energy_j, "J", "dynamic energy");
}

}  // namespace aimcsim::interconnect
