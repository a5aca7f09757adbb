// SPDX-License-Identifier: Apache-2.0
// Sweep files read from text in the parser tests: presets come from configs/ (the CLI's
// compiled-in copies are the same files).
#pragma once
#include <string>
#include <vector>

#include "sim/config/config_error.hpp"
#include "sim/config/yaml_document.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace aimcsim::test {

inline config::YamlDocument load_test_arch(const std::string& arch) {
  const std::string dir = AIMCSIM_SOURCE_DIR "/configs/";
  if (arch.empty() || arch == "llm-scale") return config::YamlDocument::load_file(dir + "llm_scale.yaml");
  if (arch == "hermes") return config::YamlDocument::load_file(dir + "hermes.yaml");
  if (arch.find('/') != std::string::npos) return config::YamlDocument::load_file(arch);
  throw config::ConfigError(arch + ": no such file, and not a built-in preset (hermes, llm-scale)");
}

/// `text` read as the sweep file "s.yaml" in the folder `dir`.
inline sweep::SweepSpec read_sweep(const std::string& text, const std::string& dir = ".") {
  return sweep::read_sweep_text(text, "s.yaml", dir, load_test_arch);
}

/// The ConfigError message of reading `text`, or "no error".
inline std::string sweep_error(const std::string& text) {
  try {
    read_sweep(text);
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

/// Each point as "key=value key=value".
inline std::vector<std::string> point_texts(const sweep::SweepSpec& s) {
  std::vector<std::string> out;
  for (const auto& p : s.points) {
    std::string t;
    for (const auto& kv : p.settings) t += (t.empty() ? "" : " ") + kv.key + "=" + kv.value;
    out.push_back(t);
  }
  return out;
}

}  // namespace aimcsim::test
