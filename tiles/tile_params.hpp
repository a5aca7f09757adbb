// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "sim/config/param_spec.hpp"
#include "sim/config/param_values.hpp"
#include "sim/kernel/power_gating.hpp"
#include "tiles/converter_params.hpp"
#include "tiles/physics/config.hpp"

namespace aimcsim::tiles {

/// Local digital post-processing of a tile (affine scale/offset of every output, partial-sum add).
struct LocalDigitalParams {
  double energy_per_output_j = 0;
  int lanes = 16;
  double frequency_hz = 400e6;
  double area_mm2 = 0;           ///< fixed part: control, buffers, I/O of the tile
  double area_per_lane_mm2 = 0;  ///< one lane (fp16 multiply-add with its registers)

  double total_area_mm2() const { return area_mm2 + lanes * area_per_lane_mm2; }

  static const config::ComponentSpec& spec();
  static LocalDigitalParams from(const config::ParamValues& v);
};

/// One-off write-verify programming of the weights (reported, not part of inference energy).
struct ProgramParams {
  double iterations = 20;       ///< program-and-verify iterations per device
  double energy_per_pulse_j = 0;  ///< one program pulse plus its verify read, one device
  double pulse_time_s = 0;      ///< one program pulse plus its verify read
  static const config::ComponentSpec& spec();
  static ProgramParams from(const config::ParamValues& v);
};

/// One analog crossbar tile (HERMES: a core's MVM unit).
struct AnalogTileParams {
  int rows = 256;               ///< weight rows = inputs
  int cols = 256;               ///< physical columns
  int columns_per_weight = 1;   ///< physical columns one weight occupies (2 for column-pair differential)
  int devices_per_weight = 4;   ///< memory devices per weight
  int input_phases = 1;         ///< HERMES one-phase = 1, four-phase = 4
  double node_nm = 14;          ///< CMOS technology node of the tile
  double read_voltage_v = 0.2;  ///< read voltage across a cell while its row is driven
  /// Mean conductance of one physical unit cell during a read [S]: chip.analog_tile.
  /// mean_conductance, or if 0 devices_per_weight / 2 / columns_per_weight x device.g_max x
  /// mean_weight_fraction.
  double mean_conductance_s = 0;
  double input_activity = 0.5;  ///< mean |x| / x_max: fraction of the window a row is driven
  double device_area_f2 = 0;    ///< area of one device with its access transistors [F^2]
  /// Calibration residual: measured HERMES core energy the modelled blocks do not explain
  /// (column read-out periphery, clocking, control), per physical column and input phase [J].
  double periphery_energy_per_column_j = 0;
  double logic_leakage_w_per_mm2 = 0;  ///< chip.logic_leakage, copied here by the config reader
  DacParams dac;
  AdcParams adc;
  LocalDigitalParams local_digital;
  ProgramParams program;
  kernel::PowerGating gating;   ///< chip.power_gating, copied here by the config reader
  /// Device and periphery behaviour of the functional (noisy) MVM; timing ignores it.
  physics::TileConfig functional;

  /// Weight columns (outputs) one tile holds.
  int weight_cols() const { return cols / columns_per_weight; }

  static const config::ComponentSpec& spec();
  static AnalogTileParams from(const config::ParamValues& v);
};

}  // namespace aimcsim::tiles
