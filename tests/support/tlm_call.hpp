// SPDX-License-Identifier: Apache-2.0
// Calls a target's b_transport directly through its socket's export, without an initiator and
// without sc_start: the blocks under test never wait(), so kernel time stays 0 and a test can
// choose the arrival time of each request through the annotated delay.
#pragma once
#include <systemc>
#include <tlm>

#include "sim/kernel/aimc_payload.hpp"

namespace aimcsim::test {

/// One transaction object carrying an AimcPayload; `call` sends it with `ready_s` as the
/// annotated delay and returns the completion time [s] (delay on return).
class TlmCall {
 public:
  TlmCall() { m_trans.set_extension(&payload); }
  ~TlmCall() { m_trans.clear_extension(&payload); }
  TlmCall(const TlmCall&) = delete;
  TlmCall& operator=(const TlmCall&) = delete;

  kernel::AimcPayload payload;

  template <class Socket>
  double call(Socket& target, double ready_s) {
    auto* fw = dynamic_cast<tlm::tlm_fw_transport_if<>*>(target.get_base_export().get_interface());
    sc_core::sc_time delay(ready_s, sc_core::SC_SEC);
    m_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    fw->b_transport(m_trans, delay);
    return delay.to_seconds();
  }
  tlm::tlm_response_status status() const { return m_trans.get_response_status(); }

 private:
  tlm::tlm_generic_payload m_trans;
};

}  // namespace aimcsim::test
