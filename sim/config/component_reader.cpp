// SPDX-License-Identifier: Apache-2.0
#include "sim/config/component_reader.hpp"

#include <cmath>
#include <set>

#include "sim/config/config_error.hpp"
#include "sim/config/text_check.hpp"

namespace aimcsim::config {
namespace {

std::string join_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

[[noreturn]] void fail(const std::string& where, const std::string& key, const std::string& what) {
  throw ConfigError(where + ": key '" + printable(key) + "': " + what);
}

// Integers are held in a double: beyond 2^53 not every integer is representable, and the
// conversion to long long in ParamValues::integer must stay defined.
constexpr double k_max_exact_integer = 9007199254740992.0;

bool parse_bool(const std::string& s, bool& out) {
  if (s == "true" || s == "yes" || s == "on") return out = true, true;
  if (s == "false" || s == "no" || s == "off") return out = false, true;
  return false;
}

ParamValue parse_value(const ParamSpec& p, const std::string& text, const std::string& where,
                       const std::string& key) {
  ParamValue v;
  v.spec = &p;
  v.text = text;
  v.origin = where;
  const std::string expected =
      "expected " + describe_expected(p) + ", got '" + printable(text) + "'";
  switch (p.kind) {
    case ParamKind::boolean: {
      bool b = false;
      if (!parse_bool(text, b)) fail(where, key, expected);
      v.number = b ? 1.0 : 0.0;
      return v;
    }
    case ParamKind::text: {
      // Text ends up in terminal lines, folder names and JSON reports: printable UTF-8 only.
      const std::string problem = text_value_problem(text);
      if (!problem.empty())
        fail(where, key, "expected text of printable UTF-8 characters; " + problem);
      v.word = text;
      return v;
    }
    case ParamKind::choice:
      for (const auto& c : p.choices)
        if (c == text) return v.word = text, v;
      fail(where, key, expected);
    case ParamKind::integer:
    case ParamKind::real: {
      const auto q = parse_quantity(text, p.dim, p.unit);
      if (!q || !std::isfinite(*q)) fail(where, key, expected);
      if (p.kind == ParamKind::integer &&
          (std::floor(*q) != *q || std::fabs(*q) > k_max_exact_integer ||
           text.find('.') != std::string::npos))
        fail(where, key, expected);
      const double in_unit = p.dim == Dimension::none ? *q : *q / *unit_scale(p.dim, p.unit);
      const bool below = p.min_exclusive ? in_unit <= p.min : in_unit < p.min;
      if (below || in_unit > p.max) fail(where, key, expected);
      v.number = *q;
      // The number without the blanks around it (which parse_quantity skips): the resolved
      // configuration writes this text, and a trailing "\r" or "\f" would not read back the same
      // (found by fuzz_run_config).
      const auto first = text.find_first_not_of(" \t\n\v\f\r");
      v.text = text.substr(first, text.find_last_not_of(" \t\n\v\f\r") - first + 1);
      return v;
    }
  }
  fail(where, key, expected);
}

}  // namespace

std::unique_ptr<ParamValues> read_component(const YamlDocument& doc, const YAML::Node& node,
                                            const ComponentSpec& spec, const std::string& path) {
  auto values = std::make_unique<ParamValues>(&spec, path);
  const bool present = node.IsDefined() && !node.IsNull();
  if (present && !node.IsMap())
    fail(doc.where(node, path), path, "expected a group of keys (" + spec.description + ")");

  if (present) {
    std::set<std::string> seen;
    for (const auto& kv : node) {
      // check_yaml_structure already refused complex keys in files; this also covers trees
      // built in code.
      if (!kv.first.IsScalar())
        fail(doc.where(kv.first, path), path.empty() ? "(top level)" : path,
             "a key that is not a plain word; expected a key such as 'rows'");
      const auto key = kv.first.Scalar();
      // yaml-cpp keeps the first of two equal keys silently; a repeated key is a mistake.
      if (!seen.insert(key).second)
        fail(doc.where(kv.first, join_path(path, key)), join_path(path, key),
             "duplicate key; expected each key once");
      bool known = false;
      for (const auto& p : spec.params) known = known || p.name == key;
      for (const auto& c : spec.children) known = known || c.first == key;
      if (known) continue;
      std::string keys;
      for (const auto& p : spec.params) keys += (keys.empty() ? "" : ", ") + p.name;
      for (const auto& c : spec.children) keys += (keys.empty() ? "" : ", ") + c.first;
      fail(doc.where(kv.first, join_path(path, key)), join_path(path, key),
           "unknown key; expected one of: " + keys);
    }
  }
  for (const auto& p : spec.params) {
    const std::string key = join_path(path, p.name);
    const YAML::Node item = present ? node[p.name] : YAML::Node();
    if (!item.IsDefined() || item.IsNull()) {
      if (p.default_text.empty()) fail(doc.where(node, key), key, "missing; expected " + describe_expected(p));
      ParamValue v = parse_value(p, p.default_text, "default", key);
      values->set(p.name, std::move(v));
      continue;
    }
    if (!item.IsScalar())
      fail(doc.where(item, key), key,
           "expected " + describe_expected(p) + ", got " +
               (item.IsSequence() ? "a list" : "a group"));
    ParamValue v = parse_value(p, item.Scalar(), doc.where(item, key), key);
    v.comment = doc.line_comment(item, key);
    values->set(p.name, std::move(v));
  }
  for (const auto& [key, child_spec] : spec.children) {
    const YAML::Node item = present ? node[key] : YAML::Node();
    values->set_child(key, read_component(doc, item, *child_spec, join_path(path, key)));
  }
  return values;
}

void emit_resolved(YAML::Emitter& out, const ParamValues& values) {
  for (const ParamValue* v : values.ordered_values()) {
    out << YAML::Key << v->spec->name << YAML::Value << v->text;
    if (v->origin == "default") out << YAML::Comment("default");
  }
  for (const auto& [key, child] : values.ordered_children()) {
    out << YAML::Key << key << YAML::Value << YAML::BeginMap;
    emit_resolved(out, *child);
    out << YAML::EndMap;
  }
}

}  // namespace aimcsim::config
