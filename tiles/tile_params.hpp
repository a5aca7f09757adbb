// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "sim/config/param_spec.hpp"
#include "sim/config/param_values.hpp"
#include "tiles/physics/config.hpp"

namespace aimcsim::tiles {

/// Input DAC of an analog tile: one per crossbar row.
struct DacParams {
  enum class Encoding { pwm, bit_serial };
  int bits = 8;
  Encoding encoding = Encoding::pwm;
  bool signed_inputs = true;         ///< sign-magnitude: the sign picks the drive polarity
  double t_lsb_s = 1e-9;             ///< pulse width of one LSB (PWM) or one bit slot (bit-serial)
  double energy_per_conversion_j = 0;  ///< one row driven for one phase at full scale

  /// Levels of the input magnitude: 2^(bits-1) for signed inputs, 2^bits otherwise.
  double magnitude_levels() const;
  /// Time the rows are driven for one input phase [s].
  double integration_time_s() const;
  /// Magnitude bits: the sign of a signed input sets the drive polarity and takes no slot.
  int magnitude_bits() const { return signed_inputs ? bits - 1 : bits; }
  /// ADC conversions per input phase: 1 for PWM, one per magnitude bit for bit-serial.
  int conversions_per_phase() const { return encoding == Encoding::pwm ? 1 : magnitude_bits(); }

  static const config::ComponentSpec& spec();
  static DacParams from(const config::ParamValues& v);
};

/// Column ADC bank of an analog tile; `count` ADCs are shared by the columns (column sharing).
struct AdcParams {
  int bits = 8;
  std::string type = "cco";  ///< sar, cco or flash: documents the design; timing comes from t_conversion
  int count = 256;
  double t_conversion_s = 5e-9;
  double energy_per_conversion_j = 0;

  static const config::ComponentSpec& spec();
  static AdcParams from(const config::ParamValues& v);
};

/// Local digital post-processing of a tile (affine scale/offset of every output, partial-sum add).
struct LocalDigitalParams {
  double energy_per_output_j = 0;
  int lanes = 16;
  double frequency_hz = 400e6;
  double area_mm2 = 0;
  double static_power_w = 0;

  static const config::ComponentSpec& spec();
  static LocalDigitalParams from(const config::ParamValues& v);
};

/// One analog crossbar tile (HERMES: a core's MVM unit).
struct AnalogTileParams {
  int rows = 256;               ///< weight rows = inputs
  int cols = 256;               ///< physical columns
  int columns_per_weight = 1;   ///< physical columns one weight occupies (2 for column-pair differential)
  int devices_per_weight = 4;   ///< devices per unit cell (documents area and programming)
  int input_phases = 1;         ///< HERMES one-phase = 1, four-phase = 4
  double array_read_energy_j = 0;  ///< whole array, one phase, all cells at full scale
  double static_power_w = 0;
  double area_mm2 = 0;
  DacParams dac;
  AdcParams adc;
  LocalDigitalParams local_digital;
  /// Device and periphery behaviour of the functional (noisy) MVM; timing ignores it.
  physics::TileConfig functional;

  /// Weight columns (outputs) one tile holds.
  int weight_cols() const { return cols / columns_per_weight; }

  static const config::ComponentSpec& spec();
  static AnalogTileParams from(const config::ParamValues& v);
};

}  // namespace aimcsim::tiles
