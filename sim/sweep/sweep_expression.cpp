// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/sweep_expression.hpp"

#include <muParser.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace aimcsim::sweep {
namespace {

// Letters, digits and '_' as muParser allows, plus '.' so dotted configuration keys are names.
// A name must still begin with a letter, so "0.5" stays a number.
const char* const k_name_chars =
    "0123456789_.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

}  // namespace

struct SweepExpression::Impl {
  mu::Parser parser;
  // One slot per used name, at stable addresses: muParser keeps pointers to them.
  std::map<std::string, double> slots;
};

SweepExpression::SweepExpression(const std::string& text, const std::vector<std::string>& known)
    : m_impl(std::make_unique<Impl>()), m_text(text) {
  if (text.find_first_not_of(" \t") == std::string::npos)
    throw std::invalid_argument("empty expression");
  try {
    m_impl->parser.DefineNameChars(k_name_chars);
    for (const auto& name : known) m_impl->parser.DefineVar(name, &m_impl->slots[name]);
    m_impl->parser.SetExpr(text);
    // GetUsedVar parses the expression (syntax errors and unknown names throw here) and lists
    // the variables it reads.
    for (const auto& [name, ptr] : m_impl->parser.GetUsedVar()) m_names.push_back(name);
    m_impl->parser.Eval();  // a second pass catches errors GetUsedVar leaves to evaluation
  } catch (const mu::Parser::exception_type& e) {
    const std::string token = e.GetToken();
    const bool unknown = e.GetCode() == mu::ecUNASSIGNABLE_TOKEN && !token.empty();
    throw std::invalid_argument(unknown ? "unknown name '" + token +
                                              "' (expected a swept key of this file)"
                                        : e.GetMsg());
  }
  std::sort(m_names.begin(), m_names.end());
}

SweepExpression::~SweepExpression() = default;
SweepExpression::SweepExpression(SweepExpression&&) noexcept = default;
SweepExpression& SweepExpression::operator=(SweepExpression&&) noexcept = default;

double SweepExpression::evaluate(const std::map<std::string, double>& values) const {
  for (const auto& name : m_names) {
    const auto it = values.find(name);
    if (it == values.end()) throw std::invalid_argument("'" + name + "' has no numeric value");
    m_impl->slots[name] = it->second;
  }
  double v = 0;
  try {
    v = m_impl->parser.Eval();
  } catch (const mu::Parser::exception_type& e) {
    throw std::invalid_argument(e.GetMsg());
  }
  if (!std::isfinite(v)) throw std::invalid_argument("the result is not a finite number");
  return v;
}

}  // namespace aimcsim::sweep
