// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/sweep_spec.hpp"

#include <filesystem>

#include "sim/config/config_error.hpp"
#include "sim/config/text_check.hpp"
#include "sim/config/yaml_document.hpp"
#include "sim/sweep/sweep_file.hpp"

namespace aimcsim::sweep {

const char* command_name(PointCommand c) {
  switch (c) {
    case PointCommand::run:
      return "run";
    case PointCommand::serve:
      return "serve";
    case PointCommand::eval:
      return "eval";
  }
  return "run";
}

SweepSpec read_sweep_text(const std::string& text, const std::string& name,
                          const std::string& base_dir, const ArchLoader& load_arch) {
  detail::SweepFile file = detail::read_fields(text, name, base_dir);
  try {
    load_arch(file.spec.arch);
  } catch (const config::ConfigError& e) {
    throw config::ConfigError(detail::at(name, file.arch_line) + ": base.arch: " + e.what());
  }
  std::vector<std::vector<int>> lines;
  detail::expand(file, lines);
  detail::validate_points(file, lines, load_arch);
  return std::move(file.spec);
}

SweepSpec read_sweep_file(const std::string& path, const ArchLoader& load_arch) {
  const config::ConfigText text = config::read_config_text(path);
  if (!text.problem.empty())
    throw config::ConfigError(config::printable(path, 200) + ": " + text.problem +
                              "; expected a sweep file (YAML)");
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return read_sweep_text(text.text, path, parent.empty() ? "." : parent.string(), load_arch);
}

}  // namespace aimcsim::sweep
