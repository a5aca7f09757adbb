// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the sweep file reader (read_sweep_text): fields, ranges, zip groups,
// derived keys and constraints (muParser), seeds, metrics, objectives, and the validation of
// every point against the hermes preset.
//
// Input: the sweep file's text. Findings: a crash, sanitizer report or timeout; any exception
// other than ConfigError; an error message that is not one printable line naming the sweep
// file; and a result breaking sweep_spec.hpp's contract: more than k_max_sweep_points points,
// points not numbered 0, 1, ... with ids "0000", ..., a point whose settings are not the swept
// keys in order, units not one per swept key, no command, a command without its summary file,
// a metric or objective not of a command of the file, an objective outside `metrics`.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/config/config_error.hpp"
#include "sim/config/yaml_document.hpp"
#include "sim/sweep/sweep_spec.hpp"
#include "tests/fuzz/fuzz_oracle.hpp"

namespace {

namespace sw = aimcsim::sweep;
const std::string k_file = "fuzz.yaml";

/// The hermes preset, read once; every architecture name loads it (the fuzzer has no presets
/// compiled in, and must not read files the input names).
aimcsim::config::YamlDocument load_hermes(const std::string&) {
  static const std::string text = [] {
    std::ifstream in(AIMCSIM_SOURCE_DIR "/configs/hermes.yaml");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }();
  return aimcsim::config::YamlDocument::load_string(text, "hermes.yaml");
}

bool names_a_command(const sw::SweepSpec& s, const std::string& metric) {
  for (const auto& c : s.commands)
    if (metric.rfind(std::string(sw::command_name(c.command)) + ".", 0) == 0) return true;
  return false;
}

void check_contract(const sw::SweepSpec& s, const std::string& input) {
  using aimcsim::fuzz::finding;
  if (s.points.size() > sw::k_max_sweep_points) finding("more points than the limit", input);
  if (s.commands.empty()) finding("a sweep without commands", input);
  for (const auto& c : s.commands)
    if (c.summary_file.empty()) finding("a command without its summary file", input);
  if (s.swept_units.size() != s.swept_keys.size()) finding("units not one per swept key", input);
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    const auto& p = s.points[i];
    char id[32];
    std::snprintf(id, sizeof id, "%04zu", i);
    if (p.index != i || p.id != id) finding("points not numbered in order", input);
    if (p.settings.size() != s.swept_keys.size()) finding("a point without every swept key", input);
    for (std::size_t k = 0; k < p.settings.size(); ++k)
      if (p.settings[k].key != s.swept_keys[k]) finding("settings not in swept-key order", input);
  }
  for (const auto& sk : s.skipped)
    if (sk.constraint.empty()) finding("a skipped point without its constraint", input);
  for (const auto& m : s.metrics)
    if (!names_a_command(s, m)) finding("a metric of no command", input);
  for (const auto& o : s.objectives) {
    if (!names_a_command(s, o.metric)) finding("an objective of no command", input);
    bool listed = s.metrics.empty();
    for (const auto& m : s.metrics) listed = listed || m == o.metric;
    if (!listed) finding("an objective outside metrics", input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  try {
    // A base folder that does not exist: arguments naming files stay as written.
    check_contract(sw::read_sweep_text(input, k_file, "/nonexistent-aimcsim-fuzz", load_hermes),
                   input);
  } catch (const aimcsim::config::ConfigError& e) {
    aimcsim::fuzz::check_error_message(e.what(), k_file);
  }
  return 0;
}
