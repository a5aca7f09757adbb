// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The transaction objects one sequencer thread reuses (private to the sequencer's sources).
#include <vector>

#include <tlm>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "sim/kernel/aimc_payload.hpp"
#include "workloads/sequencer.hpp"

namespace aimcsim::workloads {

struct Sequencer::Context {
  tlm::tlm_generic_payload trans;
  kernel::AimcPayload payload;
  tlm_utils::tlm_quantumkeeper keeper;
  double pass_energy_j = 0;  // energy of the current forward pass
  std::vector<kernel::NodeId> dsts;
  std::vector<int> slices;
  std::vector<double> slice_bytes, arrivals;

  Context() { trans.set_extension(&payload); }
  ~Context() { trans.clear_extension(&payload); }
  kernel::AimcPayload& reset(kernel::Command c) {
    payload = kernel::AimcPayload();
    payload.command = c;
    return payload;
  }
};

}  // namespace aimcsim::workloads
