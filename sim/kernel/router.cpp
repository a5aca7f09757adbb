// SPDX-License-Identifier: Apache-2.0
#include "sim/kernel/router.hpp"

#include <string>

namespace aimcsim::kernel {

Router::Router(sc_core::sc_module_name name)
    : sc_core::sc_module(name), target("target") {
  target.register_b_transport(this, &Router::b_transport);
}

std::uint64_t Router::bind_target(tlm::tlm_base_target_socket<>& socket, std::uint64_t count) {
  const auto index = static_cast<std::uint32_t>(m_initiators.size());
  const std::string n = "initiator_" + std::to_string(index);
  m_initiators.push_back(std::make_unique<tlm_utils::simple_initiator_socket<Router>>(n.c_str()));
  m_initiators.back()->bind(socket);
  m_first.push_back(m_target_of.size());
  m_target_of.insert(m_target_of.end(), count, index);
  return m_first.back();
}

void Router::end_of_elaboration() {
  m_targets.clear();
  for (auto& s : m_initiators) m_targets.push_back(s->operator->());
}

void Router::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const auto address = trans.get_address();
  if (address >= m_target_of.size()) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  const std::uint32_t index = m_target_of[address];
  trans.set_address(address - m_first[index]);
  m_targets[index]->b_transport(trans, delay);
}

}  // namespace aimcsim::kernel
