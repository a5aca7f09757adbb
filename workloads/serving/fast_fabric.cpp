// SPDX-License-Identifier: Apache-2.0
#include "workloads/serving/fast_fabric.hpp"

#include <algorithm>

namespace aimcsim::workloads::serving {

FastFabric::FastFabric(const interconnect::NocParams& noc, int mesh_rows, int mesh_cols,
                       const interconnect::ChipLinkSetup& links, int chips)
    : m_noc(noc),
      m_rows(mesh_rows),
      m_cols(mesh_cols),
      m_chips(chips),
      m_links_per_chip(mesh_rows * mesh_cols * 4),
      m_route(links, chips),
      m_tree(static_cast<std::size_t>(mesh_rows) * mesh_cols * 4),
      m_noc_cal(static_cast<std::size_t>(chips) * mesh_rows * mesh_cols * 4),
      m_link_cal(static_cast<std::size_t>(chips) * chips),
      m_noc_used(m_noc_cal.size(), 0),
      m_chip_link_used(m_link_cal.size(), 0) {}

void FastFabric::begin_scratch() { m_scratch = true; }

void FastFabric::end_scratch() {
  m_scratch = false;
  for (int l : m_touched_noc) m_noc_cal[l] = kernel::Timeline();
  for (int l : m_touched_link) m_link_cal[l] = kernel::Timeline();
  m_touched_noc.clear();
  m_touched_link.clear();
}

double FastFabric::reserve(std::vector<kernel::Timeline>& cal, std::vector<char>& used, int link,
                           double ready_s, double duration_s, double& busy_s) {
  // A recording run (LinkContention's footprints) repeats traffic already counted.
  if (!m_record) used[link] = 1, busy_s += duration_s;
  if (!m_scratch) return ready_s;
  const bool noc = &cal == &m_noc_cal;
  (noc ? m_touched_noc : m_touched_link).push_back(link);
  const double start = cal[link].reserve(ready_s, duration_s);
  if (m_record && duration_s > 0)
    m_record->push_back(
        {noc ? link : static_cast<int>(m_noc_cal.size()) + link, start, duration_s});
  return start;
}

double FastFabric::transfer(kernel::NodeId src, kernel::NodeId dst, double bytes, double ready_s,
                            double& energy_j) {
  return interconnect::fabric_transfer(*this, src, dst, bytes, ready_s, energy_j);
}

void FastFabric::multicast(kernel::NodeId src, const kernel::NodeId* dsts, const int* slices,
                           int count, const double* slice_bytes, double ready_s, double* arrivals,
                           double& energy_j) {
  m_multicast.run(*this, src, dsts, slices, count, slice_bytes, ready_s, arrivals, energy_j);
}

double FastFabric::noc_unicast(int chip, int a, int b, double bytes, double ready_s,
                               double& energy_j) {
  // The same early exit as MeshNoc::unicast.
  if (a == b || bytes <= 0) return ready_s;
  const interconnect::MeshRoute r = interconnect::mesh_route(m_cols, a, b);
  const int base = chip * m_links_per_chip;
  const double tail = interconnect::mesh_unicast_s(m_noc, r, bytes, ready_s,
                                                   [&](int link, double t, double d) {
    return reserve(m_noc_cal, m_noc_used, base + link, t, d, m_noc_busy_s);
  });
  energy_j += bytes * 8.0 * r.length * m_noc.energy_per_bit_hop_j;
  return tail;
}

void FastFabric::noc_multicast(int chip, int root, const std::vector<int>& dsts,
                               const std::vector<int>& slices, const double* slice_bytes,
                               double ready_s, std::vector<double>& arrivals, double& energy_j) {
  const int base = chip * m_links_per_chip;
  double bits = 0, bit_hops = 0;
  m_tree.run(m_noc, m_cols, root, dsts, slices, slice_bytes, ready_s,
             [&](int link, double t, double d) {
               return reserve(m_noc_cal, m_noc_used, base + link, t, d, m_noc_busy_s);
             },
             arrivals, bits, bit_hops);
  energy_j += bit_hops * m_noc.energy_per_bit_hop_j;
}

double FastFabric::link_transfer(int a, int b, double bytes, double ready_s, double& energy_j) {
  // The same early exit as ChipLinks::transfer.
  if (a == b || bytes <= 0) return ready_s;
  return m_route.transfer_s(
      a, b, bytes, ready_s,
      [&](int link, double t, double d) {
        return reserve(m_link_cal, m_chip_link_used, link, t, d, m_link_busy_s);
      },
      energy_j, m_link_bit_hops, m_board_bit_hops);
}

int FastFabric::used_routers(int chip) const {
  const int base = chip * m_links_per_chip;
  return interconnect::mesh_used_routers(m_rows, m_cols,
                                         [&](int l) { return m_noc_used[base + l] != 0; });
}

}  // namespace aimcsim::workloads::serving
