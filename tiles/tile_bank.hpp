// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <vector>

#include <systemc>
#include <tlm_utils/passthrough_target_socket.h>

#include "tiles/analog_tile.hpp"

namespace aimcsim::tiles {

/// The analog tiles of one chip as a single TLM target: an `mvm` transaction's address is the
/// tile's index on the chip (the router subtracts the chip's first tile address), and the bank
/// serves it on that tile's slot of the chip's state array exactly as the AnalogTile would.
/// One socket per chip instead of per tile keeps a token's walk over tens of thousands of tiles
/// in the dense state array: each tile module and socket is a cache miss of its own.
class TileBank : public sc_core::sc_module {
 public:
  tlm_utils::passthrough_target_socket<TileBank> socket;

  /// `params` and `states` (one per tile, in tile order) must outlive the bank.
  TileBank(sc_core::sc_module_name name, const AnalogTileParams& params,
           std::vector<TileState>& states);

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

  const AnalogTileParams& m_params;
  std::vector<TileState>& m_states;
};

}  // namespace aimcsim::tiles
