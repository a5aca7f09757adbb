// SPDX-License-Identifier: Apache-2.0
#include "sim/kernel/router.hpp"

namespace aimcsim::kernel {

Router::Router(sc_core::sc_module_name name)
    : sc_core::sc_module(name), target("target"), initiator("initiator") {
  target.register_b_transport(this, &Router::b_transport);
}

void Router::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const auto index = trans.get_address();
  if (index >= static_cast<std::uint64_t>(initiator.size())) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  initiator[static_cast<int>(index)]->b_transport(trans, delay);
}

}  // namespace aimcsim::kernel
