// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>

#include <systemc>

#include "tiles/physics/analog_tile_array.hpp"

namespace aimcsim::tiles {

/// The programmed conductances of one tile (functional mode), a sub-module of AnalogTile.
/// It holds the device state of tiles/physics: programming noise, drift to t_inference and read
/// noise, and computes the noisy, quantised partial sums of an MVM. Only tiles that are
/// programmed with real weights have one, so timing-only runs carry no device state.
class ConductanceState : public sc_core::sc_module {
 public:
  ConductanceState(sc_core::sc_module_name name, const physics::TileConfig& config);

  /// Programs the block from an output-major matrix (element (input j, output c) at
  /// weights[c * ld + j]), `rows` inputs x `cols` outputs, with the tile's own seed.
  void program(const float* weights, int rows, int cols, std::size_t ld, std::uint64_t seed);
  /// program() without a copy of the weights: the tile reads them again at every drift_to(), so
  /// they must outlive its use (AnalogTileArray::program_output_major_view).
  void program_view(const float* weights, int rows, int cols, std::size_t ld,
                    std::uint64_t seed);
  /// Moves the devices to `t_s` seconds after programming.
  void drift_to(double t_s) { m_array.drift_to(t_s); }
  /// Static DAC input range (learned or calibrated), in the inputs' units.
  void set_input_range(double range) { m_array.set_input_range(range); }
  /// `vectors` inputs (row-major [vectors x rows]) -> partial sums ([vectors x cols]).
  void mvm(const float* x, long long vectors, float* y);

  const physics::AnalogTileArray& array() const { return m_array; }

 private:
  physics::AnalogTileArray m_array;
};

}  // namespace aimcsim::tiles
