// SPDX-License-Identifier: Apache-2.0
#include "tiles/digital_unit.hpp"
#include "sim/kernel/sim_time.hpp"

#include <algorithm>

namespace aimcsim::tiles {

DigitalUnit::DigitalUnit(sc_core::sc_module_name name, const DigitalUnitParams& params,
                         std::string stats_path)
    : sc_core::sc_module(name),
      socket("socket"),
      m_params(params),
      m_stats_path(stats_path),
      m_sram("sram", "digital_unit.sram", stats_path + ".sram", params.sram.bandwidth_bytes_per_s,
             0, params.sram.energy_per_bit_j, params.sram.static_power_w, params.sram.area_mm2()) {
  socket.register_b_transport(this, &DigitalUnit::b_transport);
}

void DigitalUnit::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  auto* p = trans.get_extension<kernel::AimcPayload>();
  if (!p || p->command != kernel::Command::digital) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  const double now = kernel::now_s();
  const double compute_s = m_params.compute_time_s(p->ops);
  const double sram_s = p->sram_bytes / m_params.sram.bandwidth_bytes_per_s;
  const double busy = std::max(compute_s, sram_s);
  const double start = m_timeline.reserve(now + kernel::seconds(delay), busy, now);
  const double e_compute = m_params.compute_energy_j(p->ops);
  const double e_sram = m_sram.record(p->sram_bytes, sram_s);
  m_energy_j += e_compute;
  m_ops += p->ops.arithmetic_ops();
  m_transactions += 1;
  p->energy_j = e_compute + e_sram;
  delay = kernel::delay_until(start + busy, now);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

kernel::ComponentTotals DigitalUnit::totals() const {
  return {m_energy_j, m_params.static_power_w, m_timeline.busy_s(), m_params.area_mm2};
}

void DigitalUnit::report_stats(kernel::IStatsSink& sink) const {
  sink.add(m_stats_path, "count", 1, "units", "digital units");
  sink.add(m_stats_path, "ops", m_ops, "ops", "arithmetic operations (MAC = 2)");
  sink.add(m_stats_path, "transactions", m_transactions, "count", "kernel transactions");
  sink.add(m_stats_path, "busy", m_timeline.busy_s(), "s", "busy time");
  sink.add(m_stats_path, "energy", m_energy_j, "J", "dynamic compute energy");
}

}  // namespace aimcsim::tiles
