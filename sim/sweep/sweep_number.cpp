// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/sweep_number.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace aimcsim::sweep {

std::optional<double> parse_number(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return std::nullopt;
  const auto end = text.find_last_not_of(" \t") + 1;
  const std::string t = text.substr(begin, end - begin);
  // strtod accepts hex, "inf" and "nan"; a sweep value is a decimal number.
  if (t.find_first_not_of("0123456789+-.eE") != std::string::npos) return std::nullopt;
  char* stop = nullptr;
  const double v = std::strtod(t.c_str(), &stop);
  if (stop != t.c_str() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string format_number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    const long long i = static_cast<long long>(v);
    return std::to_string(i == 0 ? 0 : i);  // no "-0"
  }
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace aimcsim::sweep
