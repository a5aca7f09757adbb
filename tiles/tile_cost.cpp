// SPDX-License-Identifier: Apache-2.0
#include "tiles/tile_cost.hpp"

#include <cmath>

namespace aimcsim::tiles {

MvmCost mvm_cost(const AnalogTileParams& t, int rows_used, int cols_used, double vectors) {
  const int conv = t.dac.conversions_per_phase();
  const int phys_cols = cols_used * t.columns_per_weight;
  const double rounds = std::ceil(double(phys_cols) / t.adc.count);
  const double t_slot = t.dac.integration_time_s() / conv;
  const double t_phase = conv * (t_slot + rounds * t.adc.t_conversion_s);
  const double per_vector_conversions = double(t.input_phases) * conv;
  const double fill = double(rows_used) * cols_used / (double(t.rows) * t.weight_cols());

  MvmCost c;
  c.crossbar_s = vectors * t.input_phases * t_phase;
  c.dac_j = vectors * per_vector_conversions * rows_used * t.dac.energy_per_conversion_j;
  c.array_j = vectors * t.input_phases * t.array_read_energy_j * fill;
  c.adc_j = vectors * per_vector_conversions * phys_cols * t.adc.energy_per_conversion_j;
  return c;
}

LocalDigitalCost local_digital_cost(const LocalDigitalParams& p, double elements) {
  return {std::ceil(elements / p.lanes) / p.frequency_hz, elements * p.energy_per_output_j};
}

double mvm_latency_s(const AnalogTileParams& t) {
  return mvm_cost(t, t.rows, t.weight_cols(), 1).crossbar_s;
}

double peak_ops_per_s(const AnalogTileParams& t) {
  return 2.0 * t.rows * t.weight_cols() / mvm_latency_s(t);
}

double full_mvm_energy_j(const AnalogTileParams& t) {
  return mvm_cost(t, t.rows, t.weight_cols(), 1).total_j();
}

}  // namespace aimcsim::tiles
