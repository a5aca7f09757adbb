// SPDX-License-Identifier: Apache-2.0
#include "sim/config/param_values.hpp"

#include <stdexcept>

#include "sim/config/config_error.hpp"
#include "sim/config/text_check.hpp"

namespace aimcsim::config {

const ParamValue& ParamValues::value(const std::string& name) const {
  const auto it = m_values.find(name);
  // Only code asks by name, and only for parameters its own spec declares: a miss is a bug.
  if (it == m_values.end())
    throw std::logic_error("parameter '" + m_path + "." + name + "' is not declared");
  return it->second;
}

double ParamValues::real(const std::string& name) const { return value(name).number; }
long long ParamValues::integer(const std::string& name) const {
  return static_cast<long long>(value(name).number);
}
bool ParamValues::boolean(const std::string& name) const { return value(name).number != 0.0; }
const std::string& ParamValues::word(const std::string& name) const { return value(name).word; }

const ParamValues& ParamValues::child(const std::string& key) const {
  const auto it = m_children.find(key);
  if (it == m_children.end())
    throw std::logic_error("component '" + m_path + "." + key + "' is not declared");
  return *it->second;
}

ParamValues& ParamValues::child(const std::string& key) {
  return const_cast<ParamValues&>(static_cast<const ParamValues&>(*this).child(key));
}

std::vector<std::pair<std::string, const ParamValue*>> ParamValues::all_values() const {
  std::vector<std::pair<std::string, const ParamValue*>> out;
  const std::string prefix = m_path.empty() ? "" : m_path + ".";
  for (const ParamValue* v : ordered_values()) out.emplace_back(prefix + v->spec->name, v);
  for (const auto& [key, c] : ordered_children()) {
    auto sub = c->all_values();
    out.insert(out.end(), sub.begin(), sub.end());
  }
  return out;
}

std::vector<const ParamValue*> ParamValues::ordered_values() const {
  std::vector<const ParamValue*> out;
  for (const auto& p : m_spec->params) out.push_back(&m_values.at(p.name));
  return out;
}

std::vector<std::pair<std::string, const ParamValues*>> ParamValues::ordered_children() const {
  std::vector<std::pair<std::string, const ParamValues*>> out;
  for (const auto& [key, spec] : m_spec->children) out.emplace_back(key, m_children.at(key).get());
  return out;
}

std::string where_set(const ParamValue& v) {
  return v.origin == "default" ? std::string("built-in default") : v.origin;
}

std::string shown_value(const ParamValue& v) {
  // The text as written may hold control characters that a number's whitespace trim accepted;
  // a bare number is read in the parameter's unit, so say which.
  std::string shown = printable(v.text);
  if (!v.spec->unit.empty() && shown.find_first_not_of("0123456789.eE+-") == std::string::npos)
    shown += " " + v.spec->unit;
  return shown;
}

std::string describe_value(const std::string& dotted_key, const ParamValue& v) {
  return dotted_key + " = " + shown_value(v) + " (" + where_set(v) + ")";
}

std::string describe_value(const ParamValues& values, const std::string& name) {
  return describe_value((values.path().empty() ? "" : values.path() + ".") + name,
                        values.value(name));
}

void fail_value(const ParamValues& values, const std::string& name, const std::string& what) {
  const ParamValue& v = values.value(name);
  throw ConfigError(where_set(v) + ": key '" + values.path() + "." + name + "': " + what +
                    ", got '" + shown_value(v) + "'");
}

}  // namespace aimcsim::config
