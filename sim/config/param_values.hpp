// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/config/param_spec.hpp"

namespace aimcsim::config {

/// One parameter after parsing: its value in the internal unit, and the text it came from so the
/// resolved configuration round-trips bit-exactly.
struct ParamValue {
  const ParamSpec* spec = nullptr;
  double number = 0.0;  ///< integer, real (internal unit) or boolean (0/1)
  std::string word;     ///< choice or text value
  std::string text;     ///< the scalar as written (or the default)
  std::string origin;   ///< "file.yaml:12" or "default" or "command line"
  std::string comment;  ///< the configuration line's comment: the source a preset cites
};

/// Validated values of one component and of its sub-components, keyed as in the YAML tree.
class ParamValues {
 public:
  ParamValues(const ComponentSpec* spec, std::string path) : m_spec(spec), m_path(std::move(path)) {}

  const ComponentSpec& spec() const { return *m_spec; }
  const std::string& path() const { return m_path; }

  double real(const std::string& name) const;
  long long integer(const std::string& name) const;
  bool boolean(const std::string& name) const;
  const std::string& word(const std::string& name) const;
  const ParamValue& value(const std::string& name) const;
  const ParamValues& child(const std::string& key) const;
  ParamValues& child(const std::string& key);

  void set(const std::string& name, ParamValue v) { m_values[name] = std::move(v); }
  /// Every value of this component and its sub-components, depth first (for messages that list
  /// the values a user set, e.g. every time-valued key).
  std::vector<std::pair<std::string, const ParamValue*>> all_values() const;
  void set_child(const std::string& key, std::unique_ptr<ParamValues> c) {
    m_children[key] = std::move(c);
  }
  /// Values in declaration order, for writing the resolved configuration.
  std::vector<const ParamValue*> ordered_values() const;
  std::vector<std::pair<std::string, const ParamValues*>> ordered_children() const;

 private:
  const ComponentSpec* m_spec;
  std::string m_path;
  std::map<std::string, ParamValue> m_values;
  std::map<std::string, std::unique_ptr<ParamValues>> m_children;
};

/// Where a value was set, for messages: "file.yaml:12", "command line (-p ...)" or
/// "built-in default".
std::string where_set(const ParamValue& v);
/// The value as written, printable, with the parameter's unit after a bare number ("8 GiB").
std::string shown_value(const ParamValue& v);
/// "dotted.key = value (where)", e.g. "chip.mesh.rows = 16 (configs/llm_scale.yaml:22)".
std::string describe_value(const std::string& dotted_key, const ParamValue& v);
/// describe_value for the parameter `name` of `values`.
std::string describe_value(const ParamValues& values, const std::string& name);

/// Throws ConfigError for a value that passed its own range check but contradicts another one:
/// "where: key 'path.name': what".
[[noreturn]] void fail_value(const ParamValues& values, const std::string& name,
                             const std::string& what);

}  // namespace aimcsim::config
