// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace aimcsim::workloads::trace {

/// Ticks of 100 ns per second: the resolution of the Azure traces' 7 fractional digits
/// (`2023-11-16 18:15:46.6805900`, .NET DateTime ticks).
inline constexpr std::int64_t k_ticks_per_s = 10'000'000;

/// A civil timestamp "YYYY-MM-DD HH:MM:SS[.F]" (or 'T' between date and time; F = 1 to 7
/// digits; no time zone) as 100-ns ticks since 1970-01-01 00:00:00 of the same clock: an exact
/// integer, so differences between rows are exact. Years 0001..9999 (|ticks| < 2^62). Throws
/// RowProblem naming `column` for anything else (bad digits, February 30, hour 24, 8 digits of
/// fraction, trailing text).
std::int64_t parse_civil_ticks(std::string_view field, const std::string& column);

/// Days from 1970-01-01 to the proleptic Gregorian date y-m-d (negative before 1970).
std::int64_t days_from_civil(int year, int month, int day);

}  // namespace aimcsim::workloads::trace
