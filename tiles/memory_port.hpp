// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include <systemc>

#include "sim/kernel/component.hpp"
#include "sim/kernel/timeline.hpp"

namespace aimcsim::tiles {

/// A memory port (SRAM or DRAM) with its own calendar; reported as its own component.
class MemoryPort : public sc_core::sc_module, public kernel::IComponent {
 public:
  MemoryPort(sc_core::sc_module_name name, std::string type, std::string stats_path,
             double bandwidth, double latency_s, double energy_per_bit_j, double static_power_w,
             double area_mm2);
  /// Moves `bytes` starting no earlier than `ready_s`; returns the completion time [s].
  double access(double bytes, double ready_s, double& energy_j);
  /// Accounts `bytes` moved during `busy_s` whose timing the owner books itself (a buffer that
  /// streams operands while its digital unit computes); returns their energy [J].
  double record(double bytes, double busy_s);

  std::string component_type() const override { return m_type; }
  kernel::ComponentTotals totals() const override;
  std::string stats_path() const override { return m_stats_path; }
  void report_stats(kernel::IStatsSink& sink) const override;

 private:
  std::string m_type, m_stats_path;
  double m_bandwidth, m_latency_s, m_energy_per_bit_j, m_static_power_w, m_area_mm2;
  kernel::Timeline m_timeline;
  double m_bytes = 0, m_recorded_busy_s = 0;
};

}  // namespace aimcsim::tiles
