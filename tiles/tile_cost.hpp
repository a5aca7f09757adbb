// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "tiles/tile_params.hpp"

namespace aimcsim::tiles {

/// Time and energy of `vectors` MVMs on one tile using `rows_used` x `cols_used` weights.
/// The block equations (docs/architecture.md, "Analog tile"):
///   t_phase  = conversions_per_phase x (t_slot + ceil(phys_cols / adc.count) x t_conversion)
///   t_vector = input_phases x t_phase,  t_slot = integration time / conversions_per_phase
///   E_dac    = phases x conv/phase x rows_used x E_dac_conv
///   E_array  = phases x E_array_full x (rows_used x cols_used) / (rows x weight_cols)
///   E_adc    = phases x conv/phase x phys_cols_used x E_adc_conv
/// Vectors are processed back to back: the crossbar is busy vectors x t_vector.
struct MvmCost {
  double crossbar_s = 0;  ///< crossbar + converters busy time
  double dac_j = 0, array_j = 0, adc_j = 0;
  double total_j() const { return dac_j + array_j + adc_j; }
};

MvmCost mvm_cost(const AnalogTileParams& t, int rows_used, int cols_used, double vectors);

/// Local digital unit: `elements` output values scaled/accumulated.
struct LocalDigitalCost {
  double time_s = 0;
  double energy_j = 0;
};
LocalDigitalCost local_digital_cost(const LocalDigitalParams& p, double elements);

/// One full-tile MVM latency for one vector [s].
double mvm_latency_s(const AnalogTileParams& t);
/// Peak operations per second of one tile (a MAC is 2 operations).
double peak_ops_per_s(const AnalogTileParams& t);
/// Energy of one full-tile MVM [J] (converters + array).
double full_mvm_energy_j(const AnalogTileParams& t);

}  // namespace aimcsim::tiles
