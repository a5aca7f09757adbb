// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <algorithm>
#include <limits>

#include "sim/kernel/component.hpp"

namespace aimcsim::kernel {

/// Power gating of a chip's blocks (chip.power_gating). `none`: everything leaks for the whole
/// run. `unused`: blocks the run never uses are off. `idle`: in addition, analog tiles and
/// digital units gate when they have been idle for `idle_timeout_s` and pay `wake_time` and
/// `wake_energy_per_mm2` x their area each time they wake; memories, routers and links stay on
/// (they hold state or forward traffic). A block stays powered (and leaks) through gaps up to
/// the timeout: waking costs more than the leakage it saves when the gap is shorter than the
/// break-even time (wake energy / leakage power), and a fixed timeout at the break-even time
/// spends at most twice the energy of an oracle that knows each gap's length (Karlin et al.,
/// "Competitive randomized algorithms for nonuniform problems", Algorithmica 11, 1994).
struct PowerGating {
  enum class Mode { none, unused, idle };
  Mode mode = Mode::none;
  double wake_time_s = 0;
  double wake_energy_j_per_mm2 = 0;
  /// chip.power_gating.idle_timeout: the timeout as a multiple of a block's break-even time.
  double idle_timeout_break_evens = 1.0;
  /// Resolved idle timeout of the block type this copy belongs to [s] (see break_even_s); 0
  /// gates every gap.
  double idle_timeout_s = 0;

  /// Break-even time of a block that spends `wake_energy_j` per wake-up and leaks
  /// `static_power_w` when on [s]: below it, staying on costs less than gating. Infinite (never
  /// gate) for a block that does not leak.
  static double break_even_s(double wake_energy_j, double static_power_w) {
    if (static_power_w <= 0) return std::numeric_limits<double>::infinity();
    return wake_energy_j / static_power_w;
  }

  /// Under `idle` gating, a block whose last use ended at `last_end_s` is next needed at
  /// `ready_s` (the run starts with every block powered, so the first gap starts at 0):
  /// adds the time the block stays powered in that gap, min(gap, idle_timeout_s), to
  /// `idle_on_s`, and returns true when the gap exceeded the timeout, i.e. the block gated and
  /// must wake. Other modes and back-filled requests (ready before the last end) never wake.
  bool idle_gap(double ready_s, double last_end_s, double& idle_on_s) const {
    if (mode != Mode::idle || ready_s <= last_end_s) return false;
    const double gap = ready_s - last_end_s;
    idle_on_s += std::min(gap, idle_timeout_s);
    return gap > idle_timeout_s;
  }

  /// Seconds block `t` leaks in a run of `e2e_s`: not at all if the run never used it (unless
  /// mode is none); under `idle` gating, if gateable, its busy time (wake-ups included), the
  /// time it stayed on in gaps up to its timeout, and up to its timeout after its last use
  /// (within the run), at most `e2e_s`. A negative `e2e_s` is not allowed.
  double powered_s(double e2e_s, const ComponentTotals& t) const {
    if (mode == Mode::none) return e2e_s;
    if (!t.used) return 0.0;
    // A request that back-fills a gap already counted as powered is counted twice; the block
    // can be on at most for the whole run.
    if (mode == Mode::idle && t.gateable)
      return std::min(e2e_s, t.powered_busy_s + t.idle_on_s +
                                 std::min(std::max(e2e_s - t.last_end_s, 0.0), t.idle_timeout_s));
    return e2e_s;
  }
};

}  // namespace aimcsim::kernel
