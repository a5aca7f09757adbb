// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "sim/config/param_spec.hpp"
#include "sim/config/param_values.hpp"

namespace aimcsim::tiles {

/// Input DAC of an analog tile: one per crossbar row (a pulse generator and word-line driver).
struct DacParams {
  enum class Encoding { pwm, bit_serial };
  int bits = 8;
  Encoding encoding = Encoding::pwm;
  bool signed_inputs = true;         ///< sign-magnitude: the sign picks the drive polarity
  double t_lsb_s = 1e-9;             ///< pulse width of one LSB (PWM) or one bit slot (bit-serial)
  double cell_capacitance_f = 1e-15;  ///< word-line load of one physical cell [F]
  double drive_voltage_v = 0.85;       ///< word-line swing [V]
  double energy_per_cycle_j = 0;     ///< pulse generator of one row, one t_lsb clock cycle
  double area_mm2 = 0;               ///< one DAC (pulse generator + driver) [mm2]

  /// Levels of the input magnitude: 2^(bits-1) for signed inputs, 2^bits otherwise.
  double magnitude_levels() const;
  /// Time the rows are driven for one input phase [s]: levels x t_lsb (PWM), bits x t_lsb
  /// (bit-serial).
  double integration_time_s() const;
  /// Magnitude bits: the sign of a signed input sets the drive polarity and takes no slot.
  int magnitude_bits() const { return signed_inputs ? bits - 1 : bits; }
  /// ADC conversions per input phase: 1 for PWM, one per magnitude bit for bit-serial.
  int conversions_per_phase() const { return encoding == Encoding::pwm ? 1 : magnitude_bits(); }
  /// One word-line pulse across `phys_cols` cells [J]: C_cell x cols x V^2.
  double pulse_energy_j(int phys_cols) const;
  /// Energy of one row for one input phase [J]: PWM one pulse and `levels` generator cycles;
  /// bit-serial one pulse and one cycle per slot.
  double row_energy_per_phase_j(int phys_cols) const;

  static const config::ComponentSpec& spec();
  static DacParams from(const config::ParamValues& v);
};

/// Column ADC bank of an analog tile; `count` ADCs are shared by the columns (column sharing).
struct AdcParams {
  enum class Type { sar, ramp, cco, flash };
  int bits = 8;
  Type type = Type::cco;
  int count = 256;
  double t_step_s = 0.3e-9;     ///< SAR bit cycle; ramp/CCO LSB period; flash decision time
  double t_readout_s = 5e-9;    ///< latching and reading out one conversion's code
  double fom_j = 0;             ///< Walden figure of merit [J per conversion step]
  double reference_node_nm = 14;  ///< node at which fom and unit_area are given
  double unit_area_mm2 = 0;     ///< area of one unit (unit capacitor, comparator slice, counter bit)
  double bias_power_w = 0;      ///< static bias of one ADC while powered

  /// Time after the integration window until the code is ready [s]: SAR bits x t_step, ramp
  /// 2^bits x t_step, flash t_step, each plus t_readout; CCO t_readout only (it counts during
  /// the window, which must last at least 2^bits x t_step).
  double conversion_time_s() const;
  /// Shortest integration window the converter needs [s]: 2^bits x t_step for a CCO, 0 else.
  double min_window_s() const;
  /// Energy of one conversion at technology node `node_nm` [J]: Walden FOM x 2^bits, scaled
  /// linearly with the feature size (C ~ L at a fixed supply).
  double energy_per_conversion_j(double node_nm) const;
  /// Area units of one ADC: SAR 2^bits unit capacitors + 4 x bits logic; ramp and CCO 4 x bits
  /// counter + 16 (ramp generator or oscillator); flash 4 x (2^bits - 1) comparator slices.
  double area_units() const;
  /// Area of one ADC at `node_nm` [mm2], scaled with the square of the feature size.
  double area_mm2(double node_nm) const;

  static const config::ComponentSpec& spec();
  static AdcParams from(const config::ParamValues& v);
};

/// Published (or stated-assumption) defaults of one converter type at 14 nm, used when the
/// config leaves t_step, fom or unit_area at 0. docs/sources.md gives each source.
struct AdcTypeDefaults {
  double t_step_s = 0;       ///< SAR bit cycle; ramp/CCO LSB period; flash decision time [s]
  double fom_j = 0;          ///< Walden FOM [J per conversion step]
  double unit_area_mm2 = 0;  ///< one area unit [mm2]
};
AdcTypeDefaults adc_type_defaults(AdcParams::Type type);

}  // namespace aimcsim::tiles
