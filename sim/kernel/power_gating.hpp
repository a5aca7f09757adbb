// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace aimcsim::kernel {

/// Power gating of a chip's blocks (chip.power_gating). `none`: everything leaks for the whole
/// run. `unused`: blocks the run never uses are off. `idle`: in addition, analog tiles and
/// digital units are off between uses and pay `wake_time` and `wake_energy_per_mm2` x their area
/// each time they wake; memories, routers and links stay on (they hold state or forward traffic).
struct PowerGating {
  enum class Mode { none, unused, idle };
  Mode mode = Mode::none;
  double wake_time_s = 0;
  double wake_energy_j_per_mm2 = 0;

  /// Seconds a block with `static_power` leaks in a run of `e2e_s`: `used` says whether the run
  /// used it; `gateable` whether it may sleep when idle; `busy_s` its powered-on time then.
  /// A negative `e2e_s` is not allowed.
  double powered_s(double e2e_s, bool used, bool gateable, double busy_s) const {
    if (mode == Mode::none) return e2e_s;
    if (!used) return 0.0;
    if (mode == Mode::idle && gateable) return busy_s;
    return e2e_s;
  }
};

}  // namespace aimcsim::kernel
