// SPDX-License-Identifier: Apache-2.0
#include "workloads/trace/trace_text.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

#include "sim/config/text_check.hpp"
#include "workloads/trace/trace_rows.hpp"

namespace aimcsim::workloads::trace {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

/// Length of the run of decimal digits at s[i].
std::size_t digits_at(std::string_view s, std::size_t i) {
  std::size_t n = 0;
  while (i + n < s.size() && is_digit(s[i + n])) ++n;
  return n;
}

std::string token_range(long long min_tokens) {
  return "an integer token count in [" + std::to_string(min_tokens) + ", " +
         std::to_string(k_max_tokens) + "]";
}

}  // namespace

std::vector<TextLine> split_lines(std::string_view text) {
  std::vector<TextLine> lines;
  std::size_t start = 0;
  long long number = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back({line, ++number});
    start = end + 1;
  }
  while (!lines.empty() && is_blank(lines.back().text)) lines.pop_back();
  return lines;
}

bool is_blank(std::string_view line) { return trim(line).empty(); }

std::vector<std::string> split_csv(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  const std::size_t n = line.size();
  for (;;) {
    while (i < n && is_space(line[i])) ++i;
    std::string field;
    if (i < n && line[i] == '"') {
      const std::string which = "field " + std::to_string(fields.size() + 1);
      bool closed = false;
      for (++i; i < n; ++i) {
        if (line[i] != '"') {
          field += line[i];
        } else if (i + 1 < n && line[i + 1] == '"') {
          field += '"';  // "" inside quotes is one quote (RFC 4180)
          ++i;
        } else {
          closed = true;
          ++i;
          break;
        }
      }
      if (!closed) throw RowProblem(which + ": unterminated quote; expected a closing '\"'");
      while (i < n && is_space(line[i])) ++i;
      if (i < n && line[i] != ',')
        throw RowProblem(which + ": " + quote_field(line.substr(i)) +
                         " after the closing quote; expected ',' or the end of the line");
    } else {
      std::size_t end = line.find(',', i);
      if (end == std::string_view::npos) end = n;
      field = std::string(trim(line.substr(i, end - i)));
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= n) break;
    ++i;  // the comma
  }
  return fields;
}

std::string quote_field(std::string_view field) { return "'" + config::printable(field, 40) + "'"; }

int parse_token_count(std::string_view field, const std::string& column, long long min_tokens,
                      const std::string& why_min) {
  const std::string expected = "; expected " + token_range(min_tokens);
  if (field.empty()) throw RowProblem(column + ": empty" + expected);
  const bool negative = field[0] == '-';
  const std::size_t first = negative ? 1 : 0;
  const std::size_t int_digits = digits_at(field, first);
  std::size_t end = first + int_digits;
  bool zero_fraction = true;
  if (int_digits > 0 && end < field.size() && field[end] == '.') {
    const std::size_t frac_digits = digits_at(field, end + 1);
    for (std::size_t k = end + 1; k < end + 1 + frac_digits; ++k)
      zero_fraction = zero_fraction && field[k] == '0';
    end = frac_digits > 0 ? end + 1 + frac_digits : 0;  // "5." is not a number here
  }
  if (int_digits == 0 || end != field.size())
    throw RowProblem(column + ": " + quote_field(field) + " is not a number" + expected);
  if (!zero_fraction)
    throw RowProblem(column + ": " + quote_field(field) + " is not an integer" + expected);
  std::string_view digits = field.substr(first, int_digits);
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  long long value = 0;
  if (digits.size() <= 9) std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (negative && value != 0)
    throw RowProblem(column + ": " + quote_field(field) + " is negative" + expected);
  if (digits.size() > 9 || value > k_max_tokens)
    throw RowProblem(column + ": " + quote_field(field) + " exceeds " +
                     std::to_string(k_max_tokens) + " (2^24)" + expected);
  if (value < min_tokens)
    throw RowProblem(column + ": " + std::to_string(value) + ": " +
                     (why_min.empty() ? "below " + std::to_string(min_tokens) : why_min) +
                     expected);
  return static_cast<int>(value);
}

double parse_time(std::string_view field, const std::string& column, const std::string& unit) {
  const std::string expected = "; expected a finite decimal time in " + unit + " >= 0";
  if (field.empty()) throw RowProblem(column + ": empty" + expected);
  // Only plain decimal notation: from_chars alone would also take "inf", "nan" and hex digits.
  std::size_t i = field[0] == '+' || field[0] == '-' ? 1 : 0;
  const std::size_t int_digits = digits_at(field, i);
  i += int_digits;
  std::size_t frac_digits = 0;
  if (i < field.size() && field[i] == '.') {
    frac_digits = digits_at(field, i + 1);
    i += 1 + frac_digits;
  }
  bool ok = int_digits + frac_digits > 0;
  if (ok && i < field.size() && (field[i] == 'e' || field[i] == 'E')) {
    std::size_t k = i + 1;
    if (k < field.size() && (field[k] == '+' || field[k] == '-')) ++k;
    const std::size_t exp_digits = digits_at(field, k);
    ok = exp_digits > 0;
    i = k + exp_digits;
  }
  if (!ok || i != field.size())
    throw RowProblem(column + ": " + quote_field(field) + " is not a number" + expected);
  const std::size_t skip = field[0] == '+' ? 1 : 0;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(field.data() + skip, field.data() + field.size(), value);
  if (ec != std::errc() || ptr != field.data() + field.size() || !std::isfinite(value))
    throw RowProblem(column + ": " + quote_field(field) + " is out of range" + expected);
  if (value < 0) throw RowProblem(column + ": " + quote_field(field) + " is negative" + expected);
  return value + 0.0;  // -0 -> +0
}

int parse_priority(std::string_view field, const std::string& column) {
  const std::string expected = "; expected an integer priority (smaller is served first)";
  if (field.empty()) throw RowProblem(column + ": empty" + expected);
  const std::size_t skip = field[0] == '+' ? 1 : 0;
  const std::size_t sign = field[0] == '+' || field[0] == '-' ? 1 : 0;
  if (digits_at(field, sign) != field.size() - sign || field.size() == sign)
    throw RowProblem(column + ": " + quote_field(field) + " is not an integer" + expected);
  int value = 0;
  const auto [ptr, ec] = std::from_chars(field.data() + skip, field.data() + field.size(), value);
  if (ec != std::errc() || ptr != field.data() + field.size())
    throw RowProblem(column + ": " + quote_field(field) + " is out of the int range" + expected);
  return value;
}

}  // namespace aimcsim::workloads::trace
