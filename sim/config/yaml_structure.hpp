// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

namespace aimcsim::config {

/// Checks the YAML text of a configuration file for what a configuration must not contain,
/// before it is loaded into nodes: a second document (after `---` or `...`), an anchor or alias
/// (aliases can expand exponentially and are never needed in a run file), a key that is not a
/// plain scalar (complex keys `? [a, b]`, empty keys), and a quoted string still open at the end
/// of the file (yaml-cpp 0.7 accepts `name: "abc` followed by a newline). Throws ConfigError
/// "name:line: ..." for the first problem, and for YAML syntax errors.
void check_yaml_structure(const std::string& text, const std::string& name);

}  // namespace aimcsim::config
