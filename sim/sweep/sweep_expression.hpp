// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace aimcsim::sweep {

/// An arithmetic expression of a sweep file (derived keys, constraints), evaluated by muParser:
/// + - * / ^, comparisons (== != < <= > >=), && ||, the ternary ?:, and muParser's functions
/// (min, max, sqrt, rint, log2, abs, ...). Variables are swept keys, dotted names included
/// ("chip.analog_tile.rows * 2"). Booleans are 1 and 0.
class SweepExpression {
 public:
  /// Compiles `text`. `known` lists the names it may use. Throws std::invalid_argument with
  /// muParser's message (or "unknown name 'x'") on a syntax error or an unknown name.
  SweepExpression(const std::string& text, const std::vector<std::string>& known);
  ~SweepExpression();
  SweepExpression(SweepExpression&&) noexcept;
  SweepExpression& operator=(SweepExpression&&) noexcept;

  /// The names the expression uses, in ascending order.
  const std::vector<std::string>& names() const { return m_names; }
  /// The value for these variable values; every name of names() must be present. Throws
  /// std::invalid_argument on a missing variable or a non-finite result.
  double evaluate(const std::map<std::string, double>& values) const;

  const std::string& text() const { return m_text; }

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  std::string m_text;
  std::vector<std::string> m_names;
};

}  // namespace aimcsim::sweep
