// SPDX-License-Identifier: Apache-2.0
// Every point's configuration is read as `aimcsim run` reads it before any point runs, so a
// value out of range fails the sweep with the sweep file's line, not a point at run time.
#include <string>

#include "sim/arch_config.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/yaml_document.hpp"
#include "sim/sweep/sweep_file.hpp"

namespace aimcsim::sweep::detail {
namespace {

/// How an override names itself in read_run_config's errors: "command line (<mark>)". The
/// mark is replaced by the sweep file's line afterwards.
std::string mark(std::size_t i) { return "sweep-value-" + std::to_string(i); }

std::string replace_marks(std::string message, const std::vector<std::string>& where) {
  for (std::size_t i = 0; i < where.size(); ++i) {
    const std::string token = "command line (" + mark(i) + ")";
    for (auto at = message.find(token); at != std::string::npos; at = message.find(token))
      message.replace(at, token.size(), where[i]);
  }
  return message;
}

}  // namespace

void validate_points(const SweepFile& file, const std::vector<std::vector<int>>& lines,
                     const ArchLoader& load_arch) {
  const SweepSpec& spec = file.spec;
  const config::YamlDocument arch = load_arch(spec.arch);  // parsed once, cloned per point
  for (std::size_t p = 0; p < spec.points.size(); ++p) {
    const SweepPoint& point = spec.points[p];
    std::vector<std::string> where;
    try {
      config::YamlDocument doc = arch.clone();
      for (std::size_t i = 0; i < spec.base_params.size(); ++i) {
        const auto& s = spec.base_params[i];
        where.push_back(at(spec.file, file.base_param_lines[i]) + " (base.params." + s.key + ")");
        doc.apply_override(s.key + "=" + s.value, mark(where.size() - 1));
      }
      for (std::size_t i = 0; i < point.settings.size(); ++i) {
        const auto& s = point.settings[i];
        where.push_back(at(spec.file, lines[p][i]) + " (point " + point.id + ", " + s.key +
                        " = " + s.value + ")");
        doc.apply_override(s.key + "=" + s.value, mark(where.size() - 1));
      }
      read_run_config(doc);
    } catch (const config::ConfigError& e) {
      std::string message = replace_marks(e.what(), where);
      // A rule between keys names the architecture file's line first (e.g. adc.count beyond
      // cols): say which point of which sweep file it is.
      if (message.rfind(spec.file, 0) != 0)
        message = spec.file + ": point " + point.id + ": " + message;
      throw config::ConfigError(message);
    }
  }
}

}  // namespace aimcsim::sweep::detail
