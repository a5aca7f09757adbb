// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <array>

#include "sim/config/param_values.hpp"
#include "tiles/op_counts.hpp"

namespace aimcsim::tiles {

/// Local SRAM of a digital unit (activation buffer).
struct SramParams {
  double capacity_bytes = 0;
  double bandwidth_bytes_per_s = 0;
  double energy_per_bit_j = 0;
  double density_mbit_per_mm2 = 0;  ///< macro density incl. periphery, gives area from capacity
  double static_power_w = 0;

  double area_mm2() const { return capacity_bytes * 8.0 / 1e6 / density_mbit_per_mm2; }
  /// From the values of an SRAM component (capacity, bandwidth, energy_per_bit, density,
  /// static_power); the digital-unit buffer and the KV-cache SRAM share these keys.
  static SramParams from(const config::ParamValues& v);
};

/// A vector digital processing unit: attention, norms, activations, element-wise ops, sampling.
struct DigitalUnitParams {
  int count = 8;     ///< units per chip
  int lanes = 16;    ///< elementary operations per cycle
  double frequency_hz = 400e6;
  int special_cycles = 4;  ///< cycles per exp, div or rsqrt per lane
  double static_power_w = 0;
  double area_mm2 = 0;
  /// energy_j[precision][op]
  std::array<std::array<double, k_digital_ops>, k_precisions> energy_j{};
  /// Precision of each kernel class.
  Precision attention = Precision::fp16, softmax = Precision::fp32, norm = Precision::fp32,
            elementwise = Precision::fp16, accumulate = Precision::fp32;
  SramParams sram;

  /// Cycles one lane spends on `op`.
  int cycles(DigitalOp op) const;
  /// Time for the counts on all lanes [s] (compute only; memory traffic is separate).
  double compute_time_s(const OpCounts& ops) const;
  /// Energy of the counts [J].
  double compute_energy_j(const OpCounts& ops) const;

  static const config::ComponentSpec& spec();
  static DigitalUnitParams from(const config::ParamValues& v);
};

}  // namespace aimcsim::tiles
