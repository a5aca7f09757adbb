// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// How a transfer crosses the system, without SystemC: on one chip over its mesh; to another
/// chip over the source mesh to the gateway router, the chip links and the destination mesh.
/// `Net` supplies the three legs (noc_unicast, noc_multicast, link_transfer), so the SystemC
/// Fabric (calendars per link) and the fast serving model run ONE implementation.
#include <algorithm>
#include <vector>

#include "sim/kernel/aimc_payload.hpp"

namespace aimcsim::interconnect {

/// The router of every chip that connects its mesh to the chip links.
inline constexpr int k_gateway_node = 0;

/// Unicast of `bytes` from `src` to `dst` from `ready_s`; returns the arrival [s].
template <class Net>
double fabric_transfer(Net& net, kernel::NodeId src, kernel::NodeId dst, double bytes,
                       double ready_s, double& energy_j) {
  if (src.chip == dst.chip) return net.noc_unicast(src.chip, src.node, dst.node, bytes, ready_s, energy_j);
  double t = net.noc_unicast(src.chip, src.node, k_gateway_node, bytes, ready_s, energy_j);
  t = net.link_transfer(src.chip, dst.chip, bytes, t, energy_j);
  return net.noc_unicast(dst.chip, k_gateway_node, dst.node, bytes, t, energy_j);
}

/// Sliced multicast across chips: one tree per chip, rooted at the source (same chip) or at
/// the gateway, which first receives the union of the slices its chip needs over the chip
/// links. Holds scratch so a warm multicast allocates nothing.
class FabricMulticast {
 public:
  template <class Net>
  void run(Net& net, kernel::NodeId src, const kernel::NodeId* dsts, const int* slices,
           int count, const double* slice_bytes, double ready_s, double* arrivals,
           double& energy_j) {
    m_done.assign(static_cast<std::size_t>(count), 0);
    for (int i = 0; i < count; ++i) {
      if (m_done[i]) continue;
      const int chip = dsts[i].chip;
      m_dst.clear();
      m_slice.clear();
      m_index.clear();
      for (int j = i; j < count; ++j) {
        if (dsts[j].chip != chip) continue;
        m_dst.push_back(dsts[j].node);
        m_slice.push_back(slices[j]);
        m_index.push_back(j);
        m_done[j] = 1;
      }
      double root_ready = ready_s;
      int root = src.node;
      if (chip != src.chip) {
        // The union of the slices this chip needs.
        m_union.assign(m_slice.begin(), m_slice.end());
        if (!std::is_sorted(m_union.begin(), m_union.end()))
          std::sort(m_union.begin(), m_union.end());
        double bytes = 0;
        int last = -1;
        for (int s : m_union)
          if (s != last) bytes += slice_bytes[s], last = s;
        root_ready = fabric_transfer(net, src, {chip, k_gateway_node}, bytes, ready_s, energy_j);
        root = k_gateway_node;
      }
      net.noc_multicast(chip, root, m_dst, m_slice, slice_bytes, root_ready, m_arrival, energy_j);
      for (std::size_t k = 0; k < m_index.size(); ++k) arrivals[m_index[k]] = m_arrival[k];
    }
  }

 private:
  std::vector<int> m_dst, m_slice, m_index, m_union;
  std::vector<double> m_arrival;
  std::vector<char> m_done;
};

}  // namespace aimcsim::interconnect
