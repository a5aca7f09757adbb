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

double static_energy_j(const kernel::ComponentTotals& t, const kernel::PowerGating& gating,
                       double e2e_s) {
  const double on_s = gating.powered_s(e2e_s, t);
  const bool wakes = gating.mode == kernel::PowerGating::Mode::idle && t.gateable;
  return t.static_power_w * on_s + (wakes ? t.wake_energy_j : 0.0);
}

std::map<std::string, TypeTotals> totals_by_type(const std::vector<const kernel::IComponent*>& cs,
                                                 const kernel::PowerGating& gating, double e2e_s) {
  std::map<std::string, TypeTotals> out;
  for (const auto* c : cs) {
    const auto x = c->totals();
    // A container with nothing of its own (the analog tile: its blocks carry everything).
    if (x.dynamic_energy_j == 0 && x.static_power_w == 0 && x.busy_s == 0 && x.area_mm2 == 0 &&
        c->component_type() == "analog_tile")
      continue;
    auto& t = out[c->component_type()];
    const double st = static_energy_j(x, gating, e2e_s);
    // One addition per instance, not x * n: the sums stay bit-identical to those of one module
    // per instance (a product rounds differently from n additions).
    for (long long i = 0; i < c->instances(); ++i) {
      t.count += x.instances;
      t.static_energy_j += st;
      t.sum.dynamic_energy_j += x.dynamic_energy_j;
      t.sum.static_power_w += x.static_power_w;
      t.sum.busy_s += x.busy_s;
      t.sum.area_mm2 += x.area_mm2;
    }
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
