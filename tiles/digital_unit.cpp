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
             0, params.sram.energy_per_bit_j, params.sram.static_power_w(), params.sram.area_mm2()) {
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
  const double ready = now + kernel::seconds(delay);
  // Idle gating: a unit idle for longer than its timeout before `ready` gated and wakes first;
  // through a shorter gap it stayed on.
  double wake_s = 0;
  if (m_params.gating.idle_gap(ready, m_timeline.last_end_s(), m_idle_on_s)) {
    wake_s = m_params.gating.wake_time_s;
    m_wakeups += 1;
  }
  const double start = m_timeline.reserve(ready, wake_s + busy, now) + wake_s;
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
  kernel::ComponentTotals t;
  t.dynamic_energy_j = m_energy_j;
  t.static_power_w = m_params.static_power_w();
  t.busy_s = m_timeline.busy_s();
  t.area_mm2 = m_params.logic_area_mm2();
  t.used = m_transactions > 0;
  t.gateable = true;
  t.powered_busy_s = m_timeline.busy_s();
  t.idle_on_s = m_idle_on_s;
  t.last_end_s = m_timeline.last_end_s();
  t.idle_timeout_s = m_params.gating.idle_timeout_s;
  t.wake_energy_j = m_wakeups * m_params.gating.wake_energy_j_per_mm2 * t.area_mm2;
  return t;
}

void DigitalUnit::report_stats(kernel::IStatsSink& sink) const {
  sink.add(m_stats_path, "count", 1, "units", "digital units");
  sink.add(m_stats_path, "ops", m_ops, "ops", "arithmetic operations (MAC = 2)");
  sink.add(m_stats_path, "transactions", m_transactions, "count", "kernel transactions");
  sink.add(m_stats_path, "busy", m_timeline.busy_s(), "s", "busy time");
  sink.add(m_stats_path, "energy", m_energy_j, "J", "dynamic compute energy");
  sink.add(m_stats_path, "wakeups", m_wakeups, "count", "wake-ups from idle power gating");
}

}  // namespace aimcsim::tiles
