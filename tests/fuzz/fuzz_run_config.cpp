// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the YAML run-file reader with -p overrides, as `aimcsim run` uses it
// (YamlDocument::load_string, apply_override, read_run_config).
//
// Input: the YAML text, then zero or more NUL-separated `dotted.key=value` overrides.
// Findings: a crash or sanitizer report; any exception other than ConfigError; an error message
// that is not one printable line naming its origin; a resolved configuration that does not read
// back to itself (config.resolved.yaml must re-run the same point).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/arch_config.hpp"
#include "sim/config/config_error.hpp"
#include "tests/fuzz/fuzz_oracle.hpp"

namespace {

/// Every resolved value as "path=text" lines (the "# default" comments of the resolved file are
/// not part of the values: re-read, those values come from the file).
std::string flatten(const aimcsim::config::ParamValues& v) {
  std::string out;
  for (const auto* p : v.ordered_values())
    out += v.path() + "." + p->spec->name + "=" + p->text + "\n";
  for (const auto& [key, child] : v.ordered_children()) out += flatten(*child);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using aimcsim::config::ConfigError;
  using aimcsim::config::YamlDocument;
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t nul = input.find('\0', start);
    parts.push_back(input.substr(start, nul - start));
    if (nul == std::string::npos) break;
    start = nul + 1;
  }
  std::string resolved, values;
  try {
    YamlDocument doc = YamlDocument::load_string(parts.front(), "fuzz.yaml");
    for (std::size_t i = 1; i < parts.size(); ++i) doc.apply_override(parts[i]);
    const aimcsim::RunConfig cfg = aimcsim::read_run_config(doc);
    resolved = aimcsim::resolved_yaml(cfg);
    values = flatten(*cfg.values);
  } catch (const ConfigError& e) {
    // Errors of overrides name the command line, all others the file.
    const std::string msg = e.what();
    aimcsim::fuzz::check_error_message(
        msg, msg.rfind("command line", 0) == 0 ? "command line" : "fuzz.yaml");
    return 0;
  }
  try {
    const YamlDocument again = YamlDocument::load_string(resolved, "resolved.yaml");
    if (flatten(*aimcsim::read_run_config(again).values) != values)
      aimcsim::fuzz::finding("resolved configuration reads back to other values", resolved);
  } catch (const ConfigError& e) {
    aimcsim::fuzz::finding(std::string("resolved configuration is refused: ") + e.what(), resolved);
  }
  return 0;
}
