// SPDX-License-Identifier: Apache-2.0
#include "tiles/tile_bank.hpp"

namespace aimcsim::tiles {

TileBank::TileBank(sc_core::sc_module_name name, const AnalogTileParams& params,
                   std::vector<TileState>& states)
    : sc_core::sc_module(name), socket("socket"), m_params(params), m_states(states) {
  socket.register_b_transport(this, &TileBank::b_transport);
}

void TileBank::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const auto tile = trans.get_address();
  if (tile >= m_states.size()) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  serve_mvm(m_params, m_states[tile], trans, delay);
}

}  // namespace aimcsim::tiles
