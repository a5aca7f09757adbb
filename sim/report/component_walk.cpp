// SPDX-License-Identifier: Apache-2.0
#include "sim/report/component_walk.hpp"

#include <systemc>

namespace aimcsim::report {
namespace {

void walk(const sc_core::sc_object* obj, std::vector<const kernel::IComponent*>& out) {
  if (const auto* c = dynamic_cast<const kernel::IComponent*>(obj)) out.push_back(c);
  for (const sc_core::sc_object* child : obj->get_child_objects()) walk(child, out);
}

}  // namespace

std::vector<const kernel::IComponent*> find_components() {
  std::vector<const kernel::IComponent*> out;
  for (const sc_core::sc_object* top : sc_core::sc_get_top_level_objects()) walk(top, out);
  return out;
}

std::map<std::string, TypeTotals> totals_by_type(const std::vector<const kernel::IComponent*>& cs) {
  std::map<std::string, TypeTotals> out;
  for (const auto* c : cs) {
    auto& t = out[c->component_type()];
    const auto x = c->totals();
    t.count += 1;
    t.sum.dynamic_energy_j += x.dynamic_energy_j;
    t.sum.static_power_w += x.static_power_w;
    t.sum.busy_s += x.busy_s;
    t.sum.area_mm2 += x.area_mm2;
  }
  return out;
}

void StatsCollector::add(const std::string& path, const std::string& name, double value,
                         const std::string& unit, const std::string& description) {
  const std::string key = path + "." + name;
  const auto it = m_index.find(key);
  if (it != m_index.end()) {
    m_lines[it->second].second.value += value;
    return;
  }
  m_index.emplace(key, m_lines.size());
  m_lines.push_back({key, {value, unit, description}});
}

}  // namespace aimcsim::report
