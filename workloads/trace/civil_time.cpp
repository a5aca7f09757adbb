// SPDX-License-Identifier: Apache-2.0
#include "workloads/trace/civil_time.hpp"

#include "workloads/trace/trace_rows.hpp"
#include "workloads/trace/trace_text.hpp"

namespace aimcsim::workloads::trace {
namespace {

bool leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int k_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap_year(y) ? 29 : k_days[m - 1];
}

}  // namespace

std::int64_t days_from_civil(int year, int month, int day) {
  // H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" (days_from_civil): eras of
  // 400 years, the year starting in March so that the leap day ends it.
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                          // [0, 399]
  const std::int64_t mp = (month + 9) % 12;                        // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;           // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
  return era * 146097 + doe - 719468;
}

std::int64_t parse_civil_ticks(std::string_view field, const std::string& column) {
  const auto bad = [&](const std::string& why) -> RowProblem {
    return RowProblem(column + ": " + quote_field(field) + " " + why +
                      "; expected a timestamp YYYY-MM-DD HH:MM:SS with up to 7 fractional "
                      "digits, e.g. 2023-11-16 18:15:46.6805900");
  };
  // Fixed layout: every position of the pattern is a digit ('9') or the literal character.
  static constexpr std::string_view k_pattern = "9999-99-99 99:99:99";
  if (field.size() < k_pattern.size()) throw bad("is not a timestamp");
  for (std::size_t i = 0; i < k_pattern.size(); ++i) {
    const char c = field[i];
    const bool ok = k_pattern[i] == '9' ? c >= '0' && c <= '9'
                    : i == 10           ? c == ' ' || c == 'T'
                                        : c == k_pattern[i];
    if (!ok) throw bad("is not a timestamp");
  }
  const auto number = [&](std::size_t at, std::size_t len) {
    int v = 0;
    for (std::size_t i = at; i < at + len; ++i) v = v * 10 + (field[i] - '0');
    return v;
  };
  const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  const int hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
  if (year < 1) throw bad("has year 0");
  if (month < 1 || month > 12) throw bad("has no month " + std::to_string(month));
  if (day < 1 || day > days_in_month(year, month))
    throw bad("has no day " + std::to_string(day) + " in that month");
  if (hour > 23 || minute > 59 || second > 59) throw bad("has no such time of day");
  std::int64_t fraction_ticks = 0;
  std::size_t i = k_pattern.size();
  if (i < field.size()) {
    if (field[i] != '.') throw bad("has text after the seconds");
    std::int64_t scale = k_ticks_per_s;
    for (++i; i < field.size() && field[i] >= '0' && field[i] <= '9'; ++i) {
      if (scale == 1) throw bad("has more than 7 fractional digits (100 ns)");
      scale /= 10;
      fraction_ticks += (field[i] - '0') * scale;
    }
    if (scale == k_ticks_per_s) throw bad("has no digit after '.'");
    if (i != field.size()) throw bad("has text after the seconds");
  }
  const std::int64_t seconds =
      days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return seconds * k_ticks_per_s + fraction_ticks;
}

}  // namespace aimcsim::workloads::trace
