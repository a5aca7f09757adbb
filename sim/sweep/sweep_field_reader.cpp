// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/sweep_field_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>

#include "sim/arch_config.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/quantity.hpp"
#include "sim/config/text_check.hpp"
#include "sim/sweep/sweep_number.hpp"

namespace aimcsim::sweep::detail {
namespace fs = std::filesystem;

int line_of(const YAML::Node& node) {
  return node && node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
}

std::string at(const std::string& file, int line) {
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

FieldReader::FieldReader(std::string file, std::string base_dir)
    : m_file(std::move(file)), m_base_dir(std::move(base_dir)) {}

void FieldReader::fail(const YAML::Node& node, const std::string& key,
                       const std::string& what) const {
  throw config::ConfigError(at(m_file, line_of(node)) + ": " + config::printable(key, 80) + ": " +
                            what);
}

std::string FieldReader::scalar(const YAML::Node& node, const std::string& key,
                                const std::string& expected) const {
  if (!node.IsScalar()) fail(node, key, "expected " + expected);
  const std::string problem = config::text_value_problem(node.Scalar());
  if (!problem.empty()) fail(node, key, problem + "; expected " + expected);
  return node.Scalar();
}

long long FieldReader::integer(const YAML::Node& node, const std::string& key, long long lo,
                               long long hi) const {
  const std::string expected =
      "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  const auto v = parse_number(scalar(node, key, expected));
  if (!v || *v != std::floor(*v) || *v < static_cast<double>(lo) || *v > static_cast<double>(hi))
    fail(node, key, "expected " + expected + ", got '" + config::printable(node.Scalar()) + "'");
  return static_cast<long long>(*v);
}

const config::ParamSpec& FieldReader::declared(const YAML::Node& node, const std::string& where,
                                               const std::string& key) const {
  const config::ComponentSpec* c = &run_config_spec();
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = key.find('.', start);
    const std::string part =
        key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (dot == std::string::npos) {
      for (const auto& p : c->params)
        if (p.name == part) return p;
      break;
    }
    const auto it = std::find_if(c->children.begin(), c->children.end(),
                                 [&](const auto& child) { return child.first == part; });
    if (it == c->children.end()) break;
    c = it->second;
    start = dot + 1;
  }
  fail(node, where,
       "'" + config::printable(key, 80) +
           "' is not a configuration key; expected a dotted key such as chip.analog_tile.rows "
           "(docs/configuration.md lists them)");
}

SourcedValue FieldReader::value(const YAML::Node& node, const std::string& where,
                                const config::ParamSpec& spec) const {
  SourcedValue v{scalar(node, where, "a value (a scalar)"), line_of(node)};
  if (spec.dim != config::Dimension::none &&
      (spec.kind == config::ParamKind::real || spec.kind == config::ParamKind::integer)) {
    // A malformed quantity is left as written: the point's validation names it.
    const auto internal = config::parse_quantity(v.text, spec.dim, spec.unit);
    const auto scale = config::unit_scale(spec.dim, spec.unit);
    if (internal && scale && *scale > 0) v.text = format_number(*internal / *scale);
  }
  return v;
}

std::vector<SourcedValue> FieldReader::axis_values(const YAML::Node& node,
                                                   const std::string& where,
                                                   const config::ParamSpec& spec) const {
  std::vector<SourcedValue> out;
  if (node.IsSequence()) {
    if (node.size() == 0) fail(node, where, "an empty list; expected at least one value");
    for (const auto& item : node) out.push_back(value(item, where, spec));
    return out;
  }
  if (node.IsScalar()) return {value(node, where, spec)};
  if (!node.IsMap()) fail(node, where, "expected a list of values or a range {from: A, to: B}");
  for (const auto& kv : node) {
    const std::string k = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (k != "from" && k != "to" && k != "step")
      fail(kv.first, where,
           "unknown range field '" + config::printable(k) + "'; expected from, to and step");
  }
  int decimals = 0;  // of the texts of from and step: 0.1-steps give values with one decimal
  auto number = [&](const char* field, std::optional<double> fallback) {
    const YAML::Node n = node[field];
    if (!n) {
      if (fallback) return *fallback;
      fail(node, where, std::string("range without '") + field + "'; expected {from: A, to: B}");
    }
    const std::string key = where + "." + field;
    const auto v = parse_number(scalar(n, key, "a number"));
    if (!v) fail(n, key, "expected a number, got '" + config::printable(n.Scalar()) + "'");
    const std::string& t = n.Scalar();
    const auto dot = t.find('.');
    if (t.find_first_of("eE") != std::string::npos)
      decimals = -1;  // exponent notation: values are written as computed
    else if (dot != std::string::npos && decimals >= 0)
      decimals = std::max(decimals, static_cast<int>(t.size() - dot - 1));
    return *v;
  };
  const double from = number("from", std::nullopt), to = number("to", std::nullopt);
  const double step = number("step", 1.0);
  if (!(step > 0)) fail(node["step"], where + ".step", "expected a step > 0");
  if (to < from) fail(node, where, "'to' is below 'from'; expected from <= to");
  // Values from + i * step, never accumulated, rounded to the decimals the file writes
  // (0.1 + 2 x 0.1 is 0.30000000000000004 in binary); the end is reached within 1e-9 of a
  // step so that {from: 0.1, to: 0.3, step: 0.1} keeps 0.3.
  const double count = std::floor((to - from) / step + 1e-9) + 1;
  if (count > static_cast<double>(k_max_sweep_points))
    fail(node, where, "a range of " + format_number(count) + " values; expected at most " +
                          std::to_string(k_max_sweep_points));
  const int line = line_of(node);
  for (long long i = 0; i < static_cast<long long>(count); ++i) {
    double v = from + static_cast<double>(i) * step;
    if (decimals >= 0 && decimals <= 15) {
      const double scale = std::pow(10.0, decimals);
      v = std::round(v * scale) / scale;
    }
    out.push_back({format_number(v), line});
  }
  return out;
}

std::string FieldReader::absolute_if_file(const std::string& arg) const {
  if (arg.empty() || arg[0] == '-' || fs::path(arg).is_absolute()) return arg;
  std::error_code ec;
  const fs::path p = fs::path(m_base_dir) / arg;
  if (!fs::exists(p, ec)) return arg;
  const fs::path abs = fs::absolute(p, ec);
  return ec ? arg : abs.lexically_normal().string();
}

}  // namespace aimcsim::sweep::detail
