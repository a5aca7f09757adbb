// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// A weight matrix spread over analog tiles exactly as the mapper places it; every tile's
/// partial sums pass through that tile's DAC and ADC before digital float accumulation.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "tiles/physics/analog_tile_array.hpp"
#include "tiles/physics/config.hpp"
#include "tiles/physics/thread_pool.hpp"

namespace aimcsim::physics {

/// An [out x in] weight matrix (nn.Linear layout, y = W x) on ceil(in / tile_rows) x
/// ceil(out / tile_cols) tiles. Tile (r, c) holds inputs [r * tile_rows, ...) and outputs
/// [c * tile_cols, ...); its index is r * col_blocks() + c and its seed
/// derive_seed(seed, index). Multithreaded over tiles; results are bit-identical for any
/// thread count. Not thread-safe: one caller at a time.
class AnalogMatrix {
public:
  /// Validates `config` (std::invalid_argument on bad values) and starts the threads.
  explicit AnalogMatrix(MatrixConfig config);

  /// Programs all tiles. `weights` row-major [out_features x in_features].
  void program(const float* weights, std::size_t out_features, std::size_t in_features,
               std::uint64_t seed);
  /// Static DAC range for every tile (per-layer range).
  void set_input_range(double range);
  /// Static DAC range per input block (per-tile range); one value per row block.
  void set_input_ranges(const std::vector<double>& ranges_per_row_block);
  /// Drifts every tile to t_inference_s seconds after programming.
  void drift_to(double t_inference_s);
  /// y = W x for `batch` vectors: `x` row-major [batch x in_features], `y` row-major
  /// [batch x out_features] (overwritten).
  void mvm(const float* x, std::size_t batch, float* y);

  std::size_t out_features() const noexcept { return m_out; }
  std::size_t in_features() const noexcept { return m_in; }
  std::size_t row_blocks() const noexcept { return m_row_blocks; }
  std::size_t col_blocks() const noexcept { return m_col_blocks; }
  std::size_t tile_count() const noexcept { return m_tiles.size(); }
  AnalogTileArray& tile(std::size_t r, std::size_t c) { return *m_tiles[r * m_col_blocks + c]; }
  const AnalogTileArray& tile(std::size_t r, std::size_t c) const {
    return *m_tiles[r * m_col_blocks + c];
  }
  const MatrixConfig& config() const noexcept { return m_cfg; }
  unsigned threads() const noexcept { return m_pool.threads(); }

private:
  std::size_t rows_of(std::size_t r) const noexcept;
  std::size_t cols_of(std::size_t c) const noexcept;
  void require_programmed(const char* what) const;

  MatrixConfig m_cfg;
  ThreadPool m_pool;
  std::size_t m_out = 0;
  std::size_t m_in = 0;
  std::size_t m_row_blocks = 0;
  std::size_t m_col_blocks = 0;
  std::vector<std::unique_ptr<AnalogTileArray>> m_tiles;
  std::vector<std::vector<float>> m_inputs;    ///< per row block [batch x rows]
  std::vector<std::vector<float>> m_partials;  ///< per tile [batch x cols]
};

}  // namespace aimcsim::physics
