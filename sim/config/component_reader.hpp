// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <memory>
#include <string>

#include "sim/config/param_values.hpp"
#include "sim/config/yaml_document.hpp"

namespace aimcsim::config {

/// Reads `node` (a mapping, or absent for all defaults) against `spec`, recursively for its
/// sub-components. Unknown keys, wrong types, out-of-range values and missing required keys throw
/// ConfigError with "where: key 'path.key': expected ..., got ...".
std::unique_ptr<ParamValues> read_component(const YamlDocument& doc, const YAML::Node& node,
                                            const ComponentSpec& spec, const std::string& path);

/// Writes the resolved values (defaults included) as YAML under the emitter's current map.
void emit_resolved(YAML::Emitter& out, const ParamValues& values);

}  // namespace aimcsim::config
