// SPDX-License-Identifier: Apache-2.0
#include "tiles/memory_port.hpp"

#include "sim/kernel/sim_time.hpp"

namespace aimcsim::tiles {

MemoryPort::MemoryPort(sc_core::sc_module_name name, std::string type, std::string stats_path,
                       double bandwidth, double latency_s, double energy_per_bit_j,
                       double static_power_w, double area_mm2)
    : sc_core::sc_module(name),
      m_type(std::move(type)),
      m_stats_path(std::move(stats_path)),
      m_bandwidth(bandwidth),
      m_latency_s(latency_s),
      m_energy_per_bit_j(energy_per_bit_j),
      m_static_power_w(static_power_w),
      m_area_mm2(area_mm2) {}

double MemoryPort::access(double bytes, double ready_s, double& energy_j) {
  if (bytes <= 0) return ready_s;
  const double busy = bytes / m_bandwidth;
  const double start = m_timeline.reserve(ready_s, busy, kernel::now_s());
  m_bytes += bytes;
  energy_j += bytes * 8.0 * m_energy_per_bit_j;
  return start + busy + m_latency_s;
}

double MemoryPort::record(double bytes, double busy_s) {
  m_bytes += bytes;
  m_recorded_busy_s += busy_s;
  return bytes * 8.0 * m_energy_per_bit_j;
}

kernel::ComponentTotals MemoryPort::totals() const {
  kernel::ComponentTotals t;
  t.dynamic_energy_j = m_bytes * 8.0 * m_energy_per_bit_j;
  t.static_power_w = m_static_power_w;
  t.busy_s = m_timeline.busy_s() + m_recorded_busy_s;
  t.area_mm2 = m_area_mm2;
  t.used = m_bytes > 0;
  return t;  // memories hold state: never gated while idle
}

void MemoryPort::report_stats(kernel::IStatsSink& sink) const {
  sink.add(m_stats_path, "bytes", m_bytes, "B", "bytes transferred");
  sink.add(m_stats_path, "busy", totals().busy_s, "s", "port busy time");
  sink.add(m_stats_path, "energy", totals().dynamic_energy_j, "J", "dynamic access energy");
}

}  // namespace aimcsim::tiles
