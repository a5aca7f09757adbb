// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <algorithm>
#include <cstdint>

#include <systemc>

namespace aimcsim::kernel {

/// SystemC time resolution of every aimcsim process: 1 ps, set by the CLI and the test mains
/// before any sc_time exists (System checks it). Conversions at the kernel boundary use it
/// directly instead of SystemC's generic unit arithmetic, which sits on the hottest path.
inline constexpr double k_time_resolution_s = 1e-12;

/// sc_time -> seconds.
inline double seconds(const sc_core::sc_time& t) {
  return static_cast<double>(t.value()) * k_time_resolution_s;
}
/// seconds (>= 0) -> sc_time, rounded to the nearest picosecond.
inline sc_core::sc_time to_sc_time(double s) {
  return sc_core::sc_time::from_value(
      static_cast<std::uint64_t>(std::max(0.0, s) / k_time_resolution_s + 0.5));
}
/// Current kernel time in seconds (the internal time unit).
inline double now_s() { return seconds(sc_core::sc_time_stamp()); }

}  // namespace aimcsim::kernel
