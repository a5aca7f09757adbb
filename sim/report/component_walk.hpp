// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <map>
#include <unordered_map>
#include <string>
#include <vector>

#include "sim/kernel/component.hpp"
#include "sim/kernel/power_gating.hpp"

namespace aimcsim::report {

/// Every IComponent in the SystemC object tree, found by walking it from the top-level objects.
std::vector<const kernel::IComponent*> find_components();

/// Totals per component type plus the number of physical instances (ComponentTotals::instances
/// summed: routers of a NoC, PHYs of the chip links). `sum.busy_s` adds the busy time of
/// each instance (a component's own time, never its parts'), so it can be summed across types.
struct TypeTotals {
  long long count = 0;  ///< instances (IComponent::instances() summed)
  kernel::ComponentTotals sum;
  double static_energy_j = 0;  ///< static power x powered time (power gating) + wake-ups
};
/// Static energy of one component in a run of `e2e_s` under `gating` [J].
double static_energy_j(const kernel::ComponentTotals& t, const kernel::PowerGating& gating,
                       double e2e_s);
std::map<std::string, TypeTotals> totals_by_type(const std::vector<const kernel::IComponent*>& cs,
                                                 const kernel::PowerGating& gating, double e2e_s);

/// One line of stats.txt: summed over the components reporting the same path and name.
struct StatLine {
  double value = 0;
  std::string unit, description;
};

/// Collects the statistics of all components, keyed "path.name" in first-seen order.
class StatsCollector : public kernel::IStatsSink {
 public:
  void add(const std::string& path, const std::string& name, double value, const std::string& unit,
           const std::string& description) override;
  const std::vector<std::pair<std::string, StatLine>>& lines() const { return m_lines; }

 private:
  std::vector<std::pair<std::string, StatLine>> m_lines;
  std::unordered_map<std::string, size_t> m_index;
};

}  // namespace aimcsim::report
