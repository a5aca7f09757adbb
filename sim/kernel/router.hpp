// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include <systemc>
#include <memory>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/passthrough_target_socket.h>

namespace aimcsim::kernel {

/// Address-decoding TLM-2.0 router: each target bound with bind_target() owns a range of
/// consecutive addresses (see AddressMap) and receives the transaction with its address made
/// relative to the range's first (a chip's tile bank sees the tile's index on the chip).
/// Routing itself takes no time; data movement is modelled by the Fabric, which is an ordinary
/// target. One initiator socket per target (not a multi-socket): SystemC checks a multi-port's
/// bindings for duplicates linearly, which is quadratic for thousands of targets.
class Router : public sc_core::sc_module {
 public:
  tlm_utils::passthrough_target_socket<Router> target;

  explicit Router(sc_core::sc_module_name name);

  /// Binds the next `count` addresses to `socket`; returns the first.
  std::uint64_t bind_target(tlm::tlm_base_target_socket<>& socket, std::uint64_t count = 1);

 private:
  void end_of_elaboration() override;
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

  std::vector<std::unique_ptr<tlm_utils::simple_initiator_socket<Router>>> m_initiators;
  std::vector<std::uint64_t> m_first;        // by target: its first address
  std::vector<std::uint32_t> m_target_of;    // by address: its target
  std::vector<tlm::tlm_fw_transport_if<>*> m_targets;  // resolved once after binding
};

/// Address of every target of the system: tiles first, then digital units, memories, fabric.
struct AddressMap {
  std::uint64_t tiles = 0;      ///< number of tiles (addresses 0 .. tiles-1)
  std::uint64_t digital_units = 0;
  std::uint64_t memories = 0;   ///< one per chip
  std::uint64_t tile(std::uint64_t global_tile) const { return global_tile; }
  std::uint64_t digital_unit(std::uint64_t du) const { return tiles + du; }
  std::uint64_t memory(std::uint64_t chip) const { return tiles + digital_units + chip; }
  std::uint64_t fabric() const { return tiles + digital_units + memories; }
};

}  // namespace aimcsim::kernel
