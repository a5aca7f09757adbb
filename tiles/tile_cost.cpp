// SPDX-License-Identifier: Apache-2.0
#include "tiles/tile_cost.hpp"

#include <algorithm>
#include <cmath>

namespace aimcsim::tiles {

MvmCost mvm_cost(const AnalogTileParams& t, int rows_used, int cols_used, double vectors) {
  const int k = t.dac.conversions_per_phase();
  const int phys_cols = cols_used * t.columns_per_weight;
  const double rounds = std::ceil(double(phys_cols) / t.adc.count);
  const double window = t.dac.integration_time_s() / k;
  const bool integrating = t.adc.type == AdcParams::Type::cco;
  // A CCO counts while the rows are driven, so its columns need the window (stretched to its
  // resolution) once per round; other converters sample once and convert rho times.
  const double slot_window = integrating ? std::max(window, t.adc.min_window_s()) : window;
  const double t_slot = integrating ? rounds * (slot_window + t.adc.conversion_time_s())
                                    : window + rounds * t.adc.conversion_time_s();
  const double drive_s = k * slot_window * (integrating ? rounds : 1.0);
  const double phases = vectors * t.input_phases;

  MvmCost c;
  c.crossbar_s = phases * k * t_slot;
  c.integration_s = phases * drive_s;
  // A re-integrating CCO bank drives the rows again in every round.
  c.dac_j = phases * (integrating ? rounds : 1.0) * rows_used * t.dac.row_energy_per_phase_j(t.cols);
  c.periphery_j = phases * phys_cols * t.periphery_energy_per_column_j;
  const double v = t.read_voltage_v;
  c.array_j = phases * double(rows_used) * phys_cols * v * v * t.mean_conductance_s *
              t.input_activity * drive_s;
  c.adc_j = phases * k * phys_cols * t.adc.energy_per_conversion_j(t.node_nm);
  return c;
}

LocalDigitalCost local_digital_cost(const LocalDigitalParams& p, double elements) {
  return {std::ceil(elements / p.lanes) / p.frequency_hz, elements * p.energy_per_output_j};
}

TileArea tile_area(const AnalogTileParams& t) {
  const double f_mm = t.node_nm * 1e-6;
  TileArea a;
  a.array_mm2 = double(t.rows) * t.weight_cols() * t.devices_per_weight * t.device_area_f2 *
                f_mm * f_mm;
  a.dac_mm2 = t.rows * t.dac.area_mm2;
  a.adc_mm2 = t.adc.count * t.adc.area_mm2(t.node_nm);
  a.local_digital_mm2 = t.local_digital.total_area_mm2();
  return a;
}

TileStaticPower tile_static_power(const AnalogTileParams& t) {
  const TileArea a = tile_area(t);
  TileStaticPower p;
  p.dac_w = a.dac_mm2 * t.logic_leakage_w_per_mm2;
  p.adc_w = a.adc_mm2 * t.logic_leakage_w_per_mm2 + t.adc.count * t.adc.bias_power_w;
  p.local_digital_w = a.local_digital_mm2 * t.logic_leakage_w_per_mm2;
  return p;
}

ProgramCost program_cost(const AnalogTileParams& t, double weights, int max_rows_used) {
  const double pulses_per_device = t.program.iterations;
  return {double(max_rows_used) * t.devices_per_weight * pulses_per_device * t.program.pulse_time_s,
          weights * t.devices_per_weight * pulses_per_device * t.program.energy_per_pulse_j};
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
