// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <memory>
#include <vector>

#include <systemc>
#include <tlm_utils/passthrough_target_socket.h>

#include "interconnect/chip_links.hpp"
#include "interconnect/fabric_routing.hpp"
#include "interconnect/mesh_noc.hpp"
#include "sim/kernel/aimc_payload.hpp"

namespace aimcsim::interconnect {

/// All data movement of the system: each chip's mesh NoC plus the chip links. Target of
/// `transfer` transactions; a transfer to another chip goes over the source mesh to the
/// chip's gateway router (node 0), over the chip links, and over the destination mesh.
class Fabric : public sc_core::sc_module {
 public:
  tlm_utils::passthrough_target_socket<Fabric> socket;

  Fabric(sc_core::sc_module_name name, const NocParams& noc, int mesh_rows, int mesh_cols,
         const ChipLinkSetup& links, int chips);

  /// Unicast; returns the arrival time [s].
  double transfer(kernel::NodeId src, kernel::NodeId dst, double bytes, double ready_s,
                  double& energy_j);
  /// Sliced multicast (see MeshNoc::multicast); arrival time per destination.
  void multicast(kernel::NodeId src, const kernel::NodeId* dsts, const int* slices, int count,
                 const double* slice_bytes, double ready_s, double* arrivals, double& energy_j);

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

  std::vector<std::unique_ptr<MeshNoc>> m_nocs;
  ChipLinks m_links;
  FabricMulticast m_multicast;

  friend struct FabricLegs;
};

}  // namespace aimcsim::interconnect
