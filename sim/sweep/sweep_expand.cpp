// SPDX-License-Identifier: Apache-2.0
// Expansion of a sweep file: the product of its factors (the last varying fastest), derived
// keys computed per point, constraints that skip points.
#include <cstdio>
#include <map>

#include "sim/config/config_error.hpp"
#include "sim/sweep/sweep_file.hpp"
#include "sim/sweep/sweep_number.hpp"

namespace aimcsim::sweep::detail {
namespace {

/// The numeric values of a point's settings, for expressions.
std::map<std::string, double> numbers(const std::vector<Setting>& settings) {
  std::map<std::string, double> out;
  for (const auto& s : settings)
    if (const auto v = parse_number(s.value)) out[s.key] = *v;
  return out;
}

std::string point_id(std::size_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04zu", index);
  return buf;
}

}  // namespace

void expand(SweepFile& file, std::vector<std::vector<int>>& lines) {
  SweepSpec& spec = file.spec;
  double total = 1;
  for (const auto& f : file.factors) total *= static_cast<double>(f.rows.size());
  if (total > static_cast<double>(k_max_sweep_points))
    throw config::ConfigError(file.spec.file + ": the axes, groups and seeds give " +
                              format_number(total) + " points; expected at most " +
                              std::to_string(k_max_sweep_points) + " (split the sweep)");
  std::vector<std::size_t> at_row(file.factors.size(), 0);
  const std::size_t count = static_cast<std::size_t>(total);
  for (std::size_t n = 0; n < count; ++n) {
    std::vector<Setting> settings;
    std::vector<int> setting_lines;
    std::size_t repeat = 0;
    for (std::size_t f = 0; f < file.factors.size(); ++f) {
      const Factor& factor = file.factors[f];
      const auto& row = factor.rows[at_row[f]];
      for (std::size_t k = 0; k < factor.keys.size(); ++k) {
        settings.push_back({factor.keys[k], row[k].text});
        setting_lines.push_back(row[k].line);
      }
      if (factor.origin == "seeds" || factor.origin == "repeats") repeat = at_row[f];
    }
    for (const auto& d : file.derived) {
      double v = 0;
      try {
        v = d.expression.evaluate(numbers(settings));
      } catch (const std::invalid_argument& e) {
        throw config::ConfigError(at(spec.file, d.line) + ": derived." + d.key + ": " + e.what() +
                                  " in '" + d.expression.text() + "'");
      }
      settings.push_back({d.key, format_number(v)});
      setting_lines.push_back(d.line);
    }
    std::string failed;
    for (const auto& c : file.constraints) {
      double v = 0;
      try {
        v = c.expression.evaluate(numbers(settings));
      } catch (const std::invalid_argument& e) {
        throw config::ConfigError(at(spec.file, c.line) + ": constraints: " + e.what() + " in '" +
                                  c.expression.text() + "'");
      }
      if (v == 0) {
        failed = c.expression.text();
        break;
      }
    }
    if (failed.empty()) {
      SweepPoint p;
      p.index = spec.points.size();
      p.id = point_id(p.index);
      p.settings = std::move(settings);
      p.repeat = repeat;
      spec.points.push_back(std::move(p));
      lines.push_back(std::move(setting_lines));
    } else {
      spec.skipped.push_back({std::move(settings), failed});
    }
    // Odometer: the last factor advances fastest.
    for (std::size_t f = file.factors.size(); f-- > 0;) {
      if (++at_row[f] < file.factors[f].rows.size()) break;
      at_row[f] = 0;
    }
  }
}

}  // namespace aimcsim::sweep::detail
