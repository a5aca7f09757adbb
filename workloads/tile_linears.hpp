// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The linear layers of the functional LLM runner computed on the mapped analog tiles of an
/// elaborated System: the same mapping, tiles, DAC/ADC and device state as the timing model.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tiles/conductance_state.hpp"
#include "tiles/physics/thread_pool.hpp"
#include "workloads/mapper.hpp"
#include "workloads/runner/digital_linears.hpp"
#include "workloads/runner/float_weights.hpp"
#include "workloads/runner/linear_executor.hpp"

namespace aimcsim {
class System;
}

namespace aimcsim::workloads {

/// Every analog MappedLinear of the mapping on its tiles' device states; linears the mapping
/// keeps digital (e.g. the LM head by default) run in float32 as on a digital unit. Each tile's
/// partial sums pass its own DAC and ADC and are accumulated digitally in row-block order, so
/// results are bit-identical for any thread count. Fused matrices (Phi-3 qkv_proj,
/// gate_up_proj) are one set of tiles: the q (gate) call computes the fused product and the
/// k, v (up) calls that follow with the same input read their slices of it.
class TileLinears : public LinearExecutor {
 public:
  /// Creates the device state of every mapped tile (during elaboration: before sc_start()).
  TileLinears(System& system, const Mapping& mapping, const FloatWeights& weights,
              unsigned threads);

  /// Programs every analog linear with its float32 weights: linear i of the mapping (blocks in
  /// order, then the LM head) is seeded derive_seed(seed, i) and its tile (r, c) as
  /// System::program_linear does. Learned input ranges of the checkpoint become the static
  /// DAC ranges of the tiles holding those inputs. Devices are at t = 0 afterwards. The tiles
  /// read their target weights from `weights` (no copy), which must outlive their use.
  void program(std::uint64_t seed);
  /// Moves every programmed device to `t_s` seconds after programming.
  void drift_to(double t_s);

  void forward(const LinearId& id, const float* x, int n, float* y) override;
  bool is_analog(const LinearId& id) const override {
    return m_matrix_of[static_cast<std::size_t>(id.index(m_mapping.model.layers))] >= 0;
  }

  /// Tiles holding weights, and how many received a learned input range.
  long long tiles() const noexcept { return m_tile_count; }
  long long tiles_with_learned_range() const noexcept { return m_learned_range_tiles; }
  /// Whether the checkpoint carries learned input ranges for some analog layer (used only when
  /// the tiles' DAC range is static).
  bool has_learned_ranges() const noexcept { return m_has_learned_ranges; }

 private:
  struct Tile {
    tiles::ConductanceState* state = nullptr;
    int r = 0, c = 0, rows = 0, cols = 0;
  };
  /// One mapped matrix on its tiles.
  struct Matrix {
    const MappedLinear* mapped = nullptr;
    std::vector<LinearKind> parts;  ///< the runner's linears it holds, in output order
    std::vector<Tile> tiles;
    std::uint64_t index = 0;  ///< position in the mapping (seed key)
    std::vector<float> fused;  ///< the concatenated weights of a fused matrix, which its tiles read
  };

  void multiply(const Matrix& m, const float* x, int n, float* y);
  std::vector<float> fused_weights(const Matrix& m, int layer) const;
  void apply_input_ranges(const Matrix& m, int layer);
  int part_offset(const Matrix& m, int layer, LinearKind kind) const;
  Matrix* matrix_of(const LinearId& id);

  const Mapping& m_mapping;
  const FloatWeights& m_w;
  DigitalLinears m_digital;
  physics::ThreadPool m_pool;
  int m_tile_rows, m_tile_cols;
  std::vector<Matrix> m_matrices;
  std::vector<int> m_matrix_of;  ///< per LinearId::index: index into m_matrices or -1 (digital)
  long long m_tile_count = 0, m_learned_range_tiles = 0;
  bool m_has_learned_ranges = false;
  // Scratch: row-block inputs, per-tile partial sums, the last fused product.
  std::vector<std::vector<float>> m_inputs, m_partials;
  std::vector<float> m_fused_out;
  const float* m_fused_x = nullptr;
  int m_fused_n = 0, m_fused_matrix = -1;
};

}  // namespace aimcsim::workloads
