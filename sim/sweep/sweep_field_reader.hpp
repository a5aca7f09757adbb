// SPDX-License-Identifier: Apache-2.0
// Internal to the sweep reader: typed access to the YAML nodes of one sweep file, every error
// one line naming the file, the line and the key.
#pragma once
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "sim/config/param_spec.hpp"
#include "sim/sweep/sweep_file.hpp"

namespace aimcsim::sweep::detail {

/// 1-based line of `node` in its file, 0 if unknown.
int line_of(const YAML::Node& node);

class FieldReader {
 public:
  FieldReader(std::string file, std::string base_dir);

  /// Throws config::ConfigError "file:line: key: what".
  [[noreturn]] void fail(const YAML::Node& node, const std::string& key,
                         const std::string& what) const;
  /// The scalar's text (printable UTF-8), or an error expecting `expected`.
  std::string scalar(const YAML::Node& node, const std::string& key,
                     const std::string& expected) const;
  long long integer(const YAML::Node& node, const std::string& key, long long lo,
                    long long hi) const;
  /// The declaration of a dotted configuration key, or an error naming it.
  const config::ParamSpec& declared(const YAML::Node& node, const std::string& where,
                                    const std::string& key) const;
  /// A value for a key as -p takes it: dimensioned numbers in the declared unit ("5 ns" -> "5").
  SourcedValue value(const YAML::Node& node, const std::string& where,
                     const config::ParamSpec& spec) const;
  /// An axis: a list of values, or a {from, to, step} range in the key's declared unit.
  std::vector<SourcedValue> axis_values(const YAML::Node& node, const std::string& where,
                                        const config::ParamSpec& spec) const;
  /// `arg` made absolute when it names an existing file or folder relative to the sweep file.
  std::string absolute_if_file(const std::string& arg) const;

 private:
  std::string m_file, m_base_dir;
};

}  // namespace aimcsim::sweep::detail
