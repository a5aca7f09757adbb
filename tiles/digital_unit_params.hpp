// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <array>

#include "sim/config/param_values.hpp"
#include "sim/kernel/power_gating.hpp"
#include "tiles/op_counts.hpp"

namespace aimcsim::tiles {

/// Local SRAM of a digital unit (activation buffer).
struct SramParams {
  double capacity_bytes = 0;
  double bandwidth_bytes_per_s = 0;
  double energy_per_bit_j = 0;
  double density_mbit_per_mm2 = 0;  ///< macro density incl. periphery, gives area from capacity
  double leakage_w_per_mbit = 0;    ///< retention leakage per Mbit

  double mbit() const { return capacity_bytes * 8.0 / 1e6; }
  double area_mm2() const { return mbit() / density_mbit_per_mm2; }
  double static_power_w() const { return mbit() * leakage_w_per_mbit; }
  /// From the values of an SRAM component (capacity, bandwidth, energy_per_bit, density,
  /// leakage_per_mbit); the digital-unit buffer and the KV-cache SRAM share these keys.
  static SramParams from(const config::ParamValues& v);
};

/// A vector digital processing unit: attention, norms, activations, element-wise ops, sampling.
struct DigitalUnitParams {
  int count = 8;     ///< units per chip
  int lanes = 16;    ///< elementary operations per cycle
  double frequency_hz = 400e6;
  int special_cycles = 4;  ///< cycles per exp, div or rsqrt per lane
  double area_mm2 = 0;           ///< fixed part (control, sequencer, special-function unit)
  double area_per_lane_mm2 = 0;  ///< one lane (fp32 multiply-add, registers)
  double logic_leakage_w_per_mm2 = 0;  ///< chip.logic_leakage, copied by the config reader
  kernel::PowerGating gating;          ///< chip.power_gating, copied by the config reader
  /// energy_j[precision][op]
  std::array<std::array<double, k_digital_ops>, k_precisions> energy_j{};
  /// Precision of each kernel class.
  Precision attention = Precision::fp16, softmax = Precision::fp32, norm = Precision::fp32,
            elementwise = Precision::fp16, accumulate = Precision::fp32;
  SramParams sram;

  /// Logic area without the SRAM [mm2]: area + lanes x area_per_lane.
  double logic_area_mm2() const { return area_mm2 + lanes * area_per_lane_mm2; }
  /// Leakage of the logic [W]: logic area x chip.logic_leakage (the SRAM leaks separately).
  double static_power_w() const { return logic_area_mm2() * logic_leakage_w_per_mm2; }
  /// Cycles one lane spends on `op`.
  int cycles(DigitalOp op) const;
  /// Cycles of one lane the counts need in all: sum of count x cycles(op) (linear in the counts).
  double lane_cycles(const OpCounts& ops) const;
  /// Time of `lane_cycles` spread over the lanes: ceil(lane_cycles / lanes) / f [s].
  double lane_cycles_time_s(double lane_cycles) const;
  /// Time for the counts on all lanes [s] (compute only; memory traffic is separate).
  double compute_time_s(const OpCounts& ops) const;
  /// Energy of the counts [J].
  double compute_energy_j(const OpCounts& ops) const;

  static const config::ComponentSpec& spec();
  static DigitalUnitParams from(const config::ParamValues& v);
};

}  // namespace aimcsim::tiles
