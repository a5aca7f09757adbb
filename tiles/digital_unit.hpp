// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include <systemc>
#include <tlm_utils/passthrough_target_socket.h>

#include "sim/kernel/aimc_payload.hpp"
#include "sim/kernel/component.hpp"
#include "sim/kernel/timeline.hpp"
#include "tiles/digital_unit_params.hpp"
#include "tiles/memory_port.hpp"

namespace aimcsim::tiles {

/// A vector digital unit with its SRAM buffer. A `digital` transaction carries operation counts
/// and buffer traffic; the unit is busy for max(compute time, SRAM time): operands stream from
/// the buffer while the lanes compute (roofline).
class DigitalUnit : public sc_core::sc_module, public kernel::IComponent {
 public:
  tlm_utils::passthrough_target_socket<DigitalUnit> socket;

  DigitalUnit(sc_core::sc_module_name name, const DigitalUnitParams& params,
              std::string stats_path);

  std::string component_type() const override { return "digital_unit"; }
  kernel::ComponentTotals totals() const override;
  std::string stats_path() const override { return m_stats_path; }
  void report_stats(kernel::IStatsSink& sink) const override;

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

  DigitalUnitParams m_params;
  std::string m_stats_path;
  MemoryPort m_sram;  ///< the operand buffer, reported as digital_unit.sram
  kernel::Timeline m_timeline;
  double m_energy_j = 0, m_ops = 0, m_transactions = 0, m_wakeups = 0;
  double m_idle_on_s = 0;  ///< time on in idle gaps shorter than the gating timeout [s]
};

}  // namespace aimcsim::tiles
