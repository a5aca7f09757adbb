// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

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
/// Longest time the model represents: 2^62 ps (about 53 days). sc_time counts picoseconds in
/// 64 bits; keeping every converted time below 2^62 means the kernel's sums of two of them
/// (kernel time + delay) cannot wrap around.
inline constexpr double k_max_time_s = 4611686018427387904.0 * k_time_resolution_s;

/// A simulated time beyond k_max_time_s: the configuration makes the run longer than the model
/// can represent. The CLI names the time-valued keys the user set.
class SimTimeOverflow : public std::runtime_error {
 public:
  explicit SimTimeOverflow(double s) : std::runtime_error(message(s)) {}

 private:
  static std::string message(double s) {
    char buf[128];
    std::snprintf(buf, sizeof buf,
                  "a simulated time of %.3g s exceeds the model's range of 4.6e6 s (2^62 ps, "
                  "about 53 days)",
                  s);
    return buf;
  }
};

/// seconds (>= 0) -> sc_time, rounded to the nearest picosecond. Throws SimTimeOverflow for a
/// time beyond k_max_time_s or not a number, never wrapping into a shorter time.
inline sc_core::sc_time to_sc_time(double s) {
  if (!(s < k_max_time_s)) throw SimTimeOverflow(s);
  return sc_core::sc_time::from_value(
      static_cast<std::uint64_t>(std::max(0.0, s) / k_time_resolution_s + 0.5));
}
/// Delay from `now_s` until the absolute time `t_s` (both in seconds; 0 if `t_s` is past).
/// Checks the absolute time too: the kernel adds the delay to its own time.
inline sc_core::sc_time delay_until(double t_s, double now_s) {
  if (!(t_s < k_max_time_s)) throw SimTimeOverflow(t_s);
  return to_sc_time(t_s - now_s);
}
/// Current kernel time in seconds (the internal time unit).
inline double now_s() { return seconds(sc_core::sc_time_stamp()); }

}  // namespace aimcsim::kernel
