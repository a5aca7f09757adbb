// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "tiles/tile_params.hpp"

namespace aimcsim::tiles {

/// Time and energy of `vectors` MVMs on one tile using `rows_used` x `cols_used` weights.
/// The block equations (docs/architecture.md, "Analog tile"), with k conversions per phase,
/// window w = t_int / k, rho = ceil(phys_cols_used / adc.count) conversion rounds:
///   t_slot   = rho x (max(w, 2^b t_step) + t_readout)       CCO (integrates during the window)
///            = w + rho x t_conv(b, type)                       SAR, ramp, flash
///   t_vector = P x k x t_slot
///   E_dac    = P x r_u x (pulses x C_cell x cols x V_dd^2 + cycles x E_cycle) (x rho for a CCO)
///   E_array  = P x r_u x c_phys x V_read^2 x G_mean x activity x t_drive
///              (t_drive = k x the window the cells conduct, x rho for a CCO that re-integrates)
///   E_adc    = P x k x c_phys x fom(type) x 2^b x node / reference_node
///   E_periph = P x c_phys x periphery_energy   (HERMES calibration residual, bits-independent)
/// Vectors are processed back to back: the crossbar is busy vectors x t_vector.
struct MvmCost {
  double crossbar_s = 0;     ///< crossbar + converters busy time
  double integration_s = 0;  ///< of which rows are driven (the rest is conversion)
  double dac_j = 0, array_j = 0, adc_j = 0, periphery_j = 0;
  double total_j() const { return dac_j + array_j + adc_j + periphery_j; }
};

MvmCost mvm_cost(const AnalogTileParams& t, int rows_used, int cols_used, double vectors);

/// Local digital unit: `elements` output values scaled/accumulated.
struct LocalDigitalCost {
  double time_s = 0;
  double energy_j = 0;
};
LocalDigitalCost local_digital_cost(const LocalDigitalParams& p, double elements);

/// Area of one tile by block [mm2] (router excluded: it belongs to the NoC).
///   array = rows x weight_cols x devices_per_weight x device_area x F^2
///   dac   = rows x dac.area;  adc = count x units(type, bits) x unit_area x (F / F_ref)^2
///   local = local_digital.area + lanes x area_per_lane
struct TileArea {
  double array_mm2 = 0, dac_mm2 = 0, adc_mm2 = 0, local_digital_mm2 = 0;
  double total_mm2() const { return array_mm2 + dac_mm2 + adc_mm2 + local_digital_mm2; }
};
TileArea tile_area(const AnalogTileParams& t);

/// Static power of one tile by block [W]: logic leakage (area x chip.logic_leakage) of the
/// DACs, ADCs and local digital, plus ADC bias x count; the PCM array leaks nothing.
struct TileStaticPower {
  double dac_w = 0, adc_w = 0, array_w = 0, local_digital_w = 0;
  double total_w() const { return dac_w + adc_w + array_w + local_digital_w; }
};
TileStaticPower tile_static_power(const AnalogTileParams& t);

/// One-off programming of `devices` devices on tiles that program one row at a time, all
/// tiles in parallel: time = rows x devices_per_weight x iterations x pulse_time (the longest
/// tile), energy = devices x iterations x energy_per_pulse.
struct ProgramCost {
  double time_s = 0, energy_j = 0;
};
ProgramCost program_cost(const AnalogTileParams& t, double weights, int max_rows_used);

/// One full-tile MVM latency for one vector [s].
double mvm_latency_s(const AnalogTileParams& t);
/// Peak operations per second of one tile (a MAC is 2 operations).
double peak_ops_per_s(const AnalogTileParams& t);
/// Energy of one full-tile MVM [J] (converters + array).
double full_mvm_energy_j(const AnalogTileParams& t);

}  // namespace aimcsim::tiles
