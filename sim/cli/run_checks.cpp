// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/run_checks.hpp"

#include <cmath>
#include <utility>
#include <vector>

#include "sim/config/config_error.hpp"

namespace aimcsim::cli {

std::string describe_user_values(const RunConfig& cfg, config::Dimension dim) {
  // Values given on the command line are the likely culprits; without any, those of the file.
  std::string cli, file;
  for (const auto& [key, v] : cfg.values->all_values()) {
    if (v->spec->dim != dim || v->origin == "default") continue;
    std::string& out = v->origin.rfind("command line", 0) == 0 ? cli : file;
    out += (out.empty() ? "" : ", ") + config::describe_value(key, *v);
  }
  if (!cli.empty()) return cli;
  return file.empty() ? "none set (all built-in defaults)" : file;
}

std::string describe_command_line_values(const RunConfig& cfg) {
  std::string out;
  for (const auto& [key, v] : cfg.values->all_values())
    if (v->origin.rfind("command line", 0) == 0)
      out += (out.empty() ? "" : ", ") + config::describe_value(key, *v);
  return out;
}

void check_finite(const report::RunSummary& s, const RunConfig& cfg) {
  const std::vector<std::pair<const char*, double>> figures = {
      {"ttft_s", s.ttft_s},
      {"tpot_s", s.tpot_s},
      {"e2e_latency_s", s.e2e_latency_s},
      {"tokens_per_s", s.tokens_per_s},
      {"energy_j", s.energy_j},
      {"dynamic_energy_j", s.dynamic_energy_j},
      {"static_energy_j", s.static_energy_j},
      {"energy_per_token_j", s.energy_per_token_j},
      {"peak_tops", s.peak_tops},
      {"peak_tops_per_w", s.peak_tops_per_w},
      {"effective_tops_per_w", s.effective_tops_per_w},
      {"mvm_latency_s", s.mvm_latency_s},
      {"mvm_energy_j", s.mvm_energy_j},
      {"area_mm2", s.area_mm2},
  };
  for (const auto& [name, value] : figures) {
    if (std::isfinite(value)) continue;
    // Values given on the command line are the likely culprits.
    const std::string keys = describe_command_line_values(cfg);
    throw config::ConfigError(std::string("result ") + name + " is not a finite number (" +
                              std::to_string(value) +
                              "): the configuration's values overflow double precision; " +
                              (keys.empty() ? std::string("check the preset's energy, power and "
                                                          "time values")
                                            : "check the values set on the command line: " + keys));
  }
}

}  // namespace aimcsim::cli
