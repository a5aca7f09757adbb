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

/// The three legs of a transfer on the fabric's calendars.
struct FabricLegs {
  Fabric& f;
  double noc_unicast(int chip, int a, int b, double bytes, double ready_s, double& energy_j) {
    return f.m_nocs[chip]->unicast(a, b, bytes, ready_s, energy_j);
  }
  void noc_multicast(int chip, int root, const std::vector<int>& dsts,
                     const std::vector<int>& slices, const double* slice_bytes, double ready_s,
                     std::vector<double>& arrivals, double& energy_j) {
    f.m_nocs[chip]->multicast(root, dsts, slices, slice_bytes, ready_s, arrivals, energy_j);
  }
  double link_transfer(int a, int b, double bytes, double ready_s, double& energy_j) {
    return f.m_links.transfer(a, b, bytes, ready_s, energy_j);
  }
};

double Fabric::transfer(kernel::NodeId src, kernel::NodeId dst, double bytes, double ready_s,
                        double& energy_j) {
  FabricLegs legs{*this};
  return fabric_transfer(legs, src, dst, bytes, ready_s, energy_j);
}

void Fabric::multicast(kernel::NodeId src, const kernel::NodeId* dsts, const int* slices,
                       int count, const double* slice_bytes, double ready_s, double* arrivals,
                       double& energy_j) {
  FabricLegs legs{*this};
  m_multicast.run(legs, src, dsts, slices, count, slice_bytes, ready_s, arrivals, energy_j);
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
