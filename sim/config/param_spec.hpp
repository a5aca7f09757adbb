// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "sim/config/quantity.hpp"

namespace aimcsim::config {

enum class ParamKind { integer, real, boolean, choice, text };

/// One configurable parameter, declared by the component that uses it. The same declaration
/// drives YAML parsing, validation, `aimcsim components` and the configuration reference.
struct ParamSpec {
  std::string name;
  ParamKind kind = ParamKind::real;
  Dimension dim = Dimension::none;
  std::string unit;           ///< unit a bare number is read in, and shown in (e.g. "ns")
  std::string default_text;   ///< default as a YAML scalar; empty means "required"
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;  ///< true: value must be > min (e.g. a frequency)
  std::vector<std::string> choices;  ///< allowed words for ParamKind::choice
  std::string description;
  std::string source;          ///< where the default value comes from (paper, datasheet, derivation)
};

/// A configurable component: its parameters and its named sub-components, mirroring the YAML tree.
struct ComponentSpec {
  std::string name;         ///< implementation name shown by `aimcsim components`
  std::string description;
  std::vector<ParamSpec> params;
  std::vector<std::pair<std::string, const ComponentSpec*>> children;  ///< key -> sub-component
};

// Builders keep the declaration tables short and readable.
ParamSpec integer_param(std::string name, std::string def, double min, double max,
                        std::string description, std::string source = "");
ParamSpec real_param(std::string name, Dimension dim, std::string unit, std::string def,
                     double min, std::string description, std::string source);
ParamSpec positive_param(std::string name, Dimension dim, std::string unit, std::string def,
                         std::string description, std::string source);
ParamSpec bool_param(std::string name, std::string def, std::string description);
ParamSpec choice_param(std::string name, std::vector<std::string> choices, std::string def,
                       std::string description);
ParamSpec text_param(std::string name, std::string def, std::string description);

/// `p` with the inclusive range [min, max] (in p's display unit).
inline ParamSpec bounded(ParamSpec p, double min, double max) {
  p.min = min;
  p.max = max;
  return p;
}

/// Text of the expected value, for error messages: "integer in [1, 16]", "time (s, ms, ...)".
std::string describe_expected(const ParamSpec& p);

}  // namespace aimcsim::config
