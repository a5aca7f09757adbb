// SPDX-License-Identifier: Apache-2.0
#include "sim/kernel/router.hpp"

#include <string>

namespace aimcsim::kernel {

Router::Router(sc_core::sc_module_name name)
    : sc_core::sc_module(name), target("target") {
  target.register_b_transport(this, &Router::b_transport);
}

std::uint64_t Router::bind_target(tlm::tlm_base_target_socket<>& socket) {
  const std::string n = "initiator_" + std::to_string(m_initiators.size());
  m_initiators.push_back(std::make_unique<tlm_utils::simple_initiator_socket<Router>>(n.c_str()));
  m_initiators.back()->bind(socket);
  return m_initiators.size() - 1;
}

void Router::end_of_elaboration() {
  m_targets.clear();
  for (auto& s : m_initiators) m_targets.push_back(s->operator->());
}

void Router::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const auto index = trans.get_address();
  if (index >= m_targets.size()) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  m_targets[index]->b_transport(trans, delay);
}

}  // namespace aimcsim::kernel
