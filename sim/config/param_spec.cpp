// SPDX-License-Identifier: Apache-2.0
#include "sim/config/param_spec.hpp"

#include <cmath>
#include <sstream>

namespace aimcsim::config {

ParamSpec integer_param(std::string name, std::string def, double min, double max,
                        std::string description, std::string source) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::integer;
  p.default_text = std::move(def);
  p.min = min;
  p.max = max;
  p.description = std::move(description);
  p.source = std::move(source);
  return p;
}

ParamSpec real_param(std::string name, Dimension dim, std::string unit, std::string def,
                     double min, std::string description, std::string source) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::real;
  p.dim = dim;
  p.unit = std::move(unit);
  p.default_text = std::move(def);
  p.min = min;
  p.description = std::move(description);
  p.source = std::move(source);
  return p;
}

ParamSpec positive_param(std::string name, Dimension dim, std::string unit, std::string def,
                         std::string description, std::string source) {
  ParamSpec p = real_param(std::move(name), dim, std::move(unit), std::move(def), 0.0,
                           std::move(description), std::move(source));
  p.min_exclusive = true;
  return p;
}

ParamSpec bool_param(std::string name, std::string def, std::string description) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::boolean;
  p.default_text = std::move(def);
  p.description = std::move(description);
  return p;
}

ParamSpec choice_param(std::string name, std::vector<std::string> choices, std::string def,
                       std::string description) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::choice;
  p.choices = std::move(choices);
  p.default_text = std::move(def);
  p.description = std::move(description);
  return p;
}

ParamSpec text_param(std::string name, std::string def, std::string description) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::text;
  p.default_text = std::move(def);
  p.description = std::move(description);
  return p;
}

namespace {
std::string bound_text(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  std::ostringstream os;
  os << v;
  return os.str();
}
}  // namespace

std::string describe_expected(const ParamSpec& p) {
  switch (p.kind) {
    case ParamKind::boolean: return "true or false";
    case ParamKind::text: return "a string";
    case ParamKind::choice: {
      std::string s = "one of ";
      for (size_t i = 0; i < p.choices.size(); ++i) s += (i ? ", " : "") + p.choices[i];
      return s;
    }
    case ParamKind::integer:
    case ParamKind::real: {
      std::string s = p.kind == ParamKind::integer ? "an integer" : "a number";
      if (p.dim != Dimension::none)
        s = "a " + std::string(dimension_name(p.dim)) + " (" + accepted_units(p.dim) +
            "; bare numbers in " + p.unit + ")";
      const bool has_min = std::isfinite(p.min), has_max = std::isfinite(p.max);
      if (has_min && has_max)
        s += " in [" + bound_text(p.min) + ", " + bound_text(p.max) + "]";
      else if (has_min)
        s += (p.min_exclusive ? " > " : " >= ") + bound_text(p.min) + (p.unit.empty() ? "" : " " + p.unit);
      else if (has_max)
        s += " <= " + bound_text(p.max);
      return s;
    }
  }
  return "a value";
}

}  // namespace aimcsim::config
