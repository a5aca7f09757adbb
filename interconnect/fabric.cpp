// SPDX-License-Identifier: Apache-2.0
#include "interconnect/fabric.hpp"
#include "sim/kernel/sim_time.hpp"

#include <algorithm>
#include <string>

namespace aimcsim::interconnect {

Fabric::Fabric(sc_core::sc_module_name name, const NocParams& noc, int mesh_rows, int mesh_cols,
               const ChipLinkSetup& links, int chips)
    : sc_core::sc_module(name), socket("socket"), m_links("chip_links", links, chips) {
  for (int c = 0; c < chips; ++c) {
    const std::string n = "noc" + std::to_string(c);
    m_nocs.push_back(std::make_unique<MeshNoc>(n.c_str(), noc, mesh_rows, mesh_cols,
                                               "chip" + std::to_string(c) + ".noc"));
  }
  socket.register_b_transport(this, &Fabric::b_transport);
}

double Fabric::transfer(kernel::NodeId src, kernel::NodeId dst, double bytes, double ready_s,
                        double& energy_j) {
  if (src.chip == dst.chip) return m_nocs[src.chip]->unicast(src.node, dst.node, bytes, ready_s, energy_j);
  double t = m_nocs[src.chip]->unicast(src.node, k_gateway_node, bytes, ready_s, energy_j);
  t = m_links.transfer(src.chip, dst.chip, bytes, t, energy_j);
  return m_nocs[dst.chip]->unicast(k_gateway_node, dst.node, bytes, t, energy_j);
}

void Fabric::multicast(kernel::NodeId src, const kernel::NodeId* dsts, const int* slices,
                       int count, const double* slice_bytes, double ready_s, double* arrivals,
                       double& energy_j) {
  // One tree per chip, rooted at the source (same chip) or at the gateway, which first receives
  // the union of the slices its chip needs over the chip links.
  m_done_scratch.assign(count, 0);
  for (int i = 0; i < count; ++i) {
    if (m_done_scratch[i]) continue;
    const int chip = dsts[i].chip;
    m_dst_scratch.clear();
    m_slice_scratch.clear();
    m_index_scratch.clear();
    for (int j = i; j < count; ++j) {
      if (dsts[j].chip != chip) continue;
      m_dst_scratch.push_back(dsts[j].node);
      m_slice_scratch.push_back(slices[j]);
      m_index_scratch.push_back(j);
      m_done_scratch[j] = 1;
    }
    double root_ready = ready_s;
    int root = src.node;
    if (chip != src.chip) {
      // The union of the slices this chip needs.
      m_union_scratch.assign(m_slice_scratch.begin(), m_slice_scratch.end());
      if (!std::is_sorted(m_union_scratch.begin(), m_union_scratch.end()))
        std::sort(m_union_scratch.begin(), m_union_scratch.end());
      double bytes = 0;
      int last = -1;
      for (int s : m_union_scratch)
        if (s != last) bytes += slice_bytes[s], last = s;
      root_ready = transfer(src, {chip, k_gateway_node}, bytes, ready_s, energy_j);
      root = k_gateway_node;
    }
    m_nocs[chip]->multicast(root, m_dst_scratch, m_slice_scratch, slice_bytes, root_ready,
                            m_arrival_scratch, energy_j);
    for (size_t k = 0; k < m_index_scratch.size(); ++k)
      arrivals[m_index_scratch[k]] = m_arrival_scratch[k];
  }
}

void Fabric::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  auto* p = trans.get_extension<kernel::AimcPayload>();
  if (!p || p->command != kernel::Command::transfer) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  const double now = kernel::now_s();
  const double ready = now + kernel::seconds(delay);
  double energy = 0, done = ready;
  if (p->multicast) {
    multicast(p->src, p->multicast, p->slice, p->multicast_count, p->slice_bytes, ready,
              p->arrival_s, energy);
    for (int i = 0; i < p->multicast_count; ++i) done = std::max(done, p->arrival_s[i]);
  } else {
    done = transfer(p->src, p->dst, p->bytes, ready, energy);
  }
  p->energy_j = energy;
  delay = kernel::delay_until(done, now);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace aimcsim::interconnect
