// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

namespace aimcsim::kernel {

/// Receives statistics from components while the report walks the SystemC object tree. Values
/// with the same path and name from several components (e.g. all tiles of a chip) are summed.
class IStatsSink {
 public:
  virtual ~IStatsSink() = default;
  virtual void add(const std::string& path, const std::string& name, double value,
                   const std::string& unit, const std::string& description) = 0;
};

/// Energy, time and area of one hardware component, aggregated by `component_type()` for the
/// per-component CSV, the area table and chip area.
struct ComponentTotals {
  double dynamic_energy_j = 0;
  double static_power_w = 0;
  double busy_s = 0;      ///< time this component itself is busy; summable across components
  double area_mm2 = 0;
  /// Physical instances this component stands for (a NoC: its routers; chip links: their PHYs),
  /// so the reports can give the area of each.
  int instances = 1;
  bool used = true;       ///< the run used it (power gating `unused` switches it off if not)
  bool gateable = false;  ///< power gating `idle` may switch it off between uses
  double powered_busy_s = 0;  ///< time it must be on when gated while idle [s]
  double idle_on_s = 0;       ///< time it stayed on in idle gaps shorter than the timeout [s]
  double last_end_s = 0;      ///< end of its last use [s] (it stays on up to the timeout after)
  double idle_timeout_s = 0;  ///< idle time after which it gates [s]
  double wake_energy_j = 0;   ///< energy of its wake-ups under `idle` gating [J]
};

/// Implemented by every module that models hardware. The report finds them by walking the
/// SystemC object tree, so adding a module never means editing a central report.
class IComponent {
 public:
  virtual ~IComponent() = default;
  /// Type name for aggregation, e.g. "analog_tile.adc".
  virtual std::string component_type() const = 0;
  /// Figures of ONE instance: a component may stand for several identical ones (instances()).
  virtual ComponentTotals totals() const = 0;
  /// How many identical hardware instances this module stands for (e.g. the idle tiles of a
  /// chip, modelled by one module): reports count it and add its totals that many times.
  virtual long long instances() const { return 1; }
  /// Path prefix under which this component's stats are summed (e.g. "chip0.tiles").
  virtual std::string stats_path() const = 0;
  virtual void report_stats(IStatsSink& sink) const = 0;
};

}  // namespace aimcsim::kernel
