// SPDX-License-Identifier: Apache-2.0
#include "interconnect/chip_links.hpp"

namespace aimcsim::interconnect {

ChipLinks::ChipLinks(sc_core::sc_module_name name, const ChipLinkParams& params, int chips)
    : sc_core::sc_module(name), m_params(params), m_chips(chips) {}

std::vector<int> ChipLinks::path(int a, int b) const {
  std::vector<int> out;
  if (a == b) return out;
  if (m_params.topology == "all_to_all") return {b};
  int step = b > a ? 1 : -1;
  if (m_params.topology == "ring") {
    const int forward = ((b - a) % m_chips + m_chips) % m_chips;
    step = forward <= m_chips - forward ? 1 : -1;
  }
  for (int c = a; c != b;) {
    c = ((c + step) % m_chips + m_chips) % m_chips;
    out.push_back(c);
  }
  return out;
}

double ChipLinks::transfer(int a, int b, double bytes, double ready_s, double& energy_j) {
  if (a == b || bytes <= 0) return ready_s;
  const double ser = bytes / m_params.bandwidth_bytes_per_s;
  const double now = kernel::now_s();
  double head = ready_s, tail = ready_s;
  int from = a;
  const auto hops = path(a, b);
  for (int to : hops) {
    const double start = m_links[{from, to}].reserve(head, ser, now);
    head = start + m_params.latency_s;
    tail = start + ser + m_params.latency_s;
    from = to;
  }
  const double e = bytes * 8.0 * hops.size() * m_params.energy_per_bit_j;
  m_bits += bytes * 8.0;
  m_bit_hops += bytes * 8.0 * hops.size();
  m_energy_j += e;
  energy_j += e;
  return tail;
}

kernel::ComponentTotals ChipLinks::totals() const {
  double busy = 0;
  for (const auto& [k, tl] : m_links) busy += tl.busy_s();
  const double link_ends = m_chips <= 1 ? 0.0
                           : m_params.topology == "all_to_all"
                               ? double(m_chips) * (m_chips - 1)
                               : (m_params.topology == "ring" ? 2.0 * m_chips : 2.0 * (m_chips - 1));
  return {m_energy_j, link_ends * m_params.static_power_w, busy, link_ends * m_params.area_mm2};
}

void ChipLinks::report_stats(kernel::IStatsSink& sink) const {
  sink.add("chip_links", "bits", m_bits, "bit", "payload bits sent between chips");
  sink.add("chip_links", "bit_hops", m_bit_hops, "bit", "bits x chip links traversed");
  sink.add("chip_links", "energy", m_energy_j, "J", "dynamic energy");
}

}  // namespace aimcsim::interconnect
