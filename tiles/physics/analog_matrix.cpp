// SPDX-License-Identifier: Apache-2.0
#include "tiles/physics/analog_matrix.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "tiles/physics/rng.hpp"

namespace aimcsim::physics {

AnalogMatrix::AnalogMatrix(MatrixConfig config)
    : m_cfg((config.validate(), std::move(config))), m_pool(m_cfg.threads) {}

std::size_t AnalogMatrix::rows_of(std::size_t r) const noexcept {
  return std::min(m_cfg.tile_rows, m_in - r * m_cfg.tile_rows);
}
std::size_t AnalogMatrix::cols_of(std::size_t c) const noexcept {
  return std::min(m_cfg.tile_cols, m_out - c * m_cfg.tile_cols);
}
void AnalogMatrix::require_programmed(const char* what) const {
  if (m_tiles.empty()) {
    throw std::logic_error(std::string("AnalogMatrix::") + what + ": matrix not programmed");
  }
}

void AnalogMatrix::program(const float* weights, std::size_t out_features,
                           std::size_t in_features, std::uint64_t seed) {
  if (weights == nullptr || out_features == 0 || in_features == 0) {
    throw std::invalid_argument("AnalogMatrix::program: expected a non-empty weight matrix");
  }
  m_out = out_features;
  m_in = in_features;
  m_row_blocks = (in_features + m_cfg.tile_rows - 1) / m_cfg.tile_rows;
  m_col_blocks = (out_features + m_cfg.tile_cols - 1) / m_cfg.tile_cols;
  const std::size_t count = m_row_blocks * m_col_blocks;

  // ScaleScope::per_output: max|W| over the whole output row (AFM "per_column" application).
  std::vector<float> row_max;
  if (m_cfg.tile.device.weight_scale_scope == ScaleScope::per_output) {
    row_max.assign(out_features, 0.0F);
    for (std::size_t o = 0; o < out_features; ++o) {
      for (std::size_t i = 0; i < in_features; ++i) {
        row_max[o] = std::max(row_max[o], std::fabs(weights[o * in_features + i]));
      }
    }
  }
  // Tiles are reused when the tiling is unchanged (saves re-faulting their memory).
  const bool reuse = m_tiles.size() == count &&
                     std::all_of(m_tiles.begin(), m_tiles.end(),
                                 [](const auto& t) { return t != nullptr; });
  if (!reuse) {
    m_tiles.clear();
    m_tiles.resize(count);
  }
  m_partials.assign(count, {});
  m_inputs.assign(m_row_blocks, {});
  m_pool.parallel_for(count, [&](std::size_t index) {
    const std::size_t r = index / m_col_blocks;
    const std::size_t c = index % m_col_blocks;
    const std::size_t rows = rows_of(r);
    const std::size_t cols = cols_of(c);
    const std::size_t i0 = r * m_cfg.tile_rows;
    const std::size_t o0 = c * m_cfg.tile_cols;
    if (m_tiles[index]) {
      m_tiles[index]->set_input_range(m_cfg.tile.dac.static_range);  // as a fresh tile
    } else {
      m_tiles[index] = std::make_unique<AnalogTileArray>(m_cfg.tile);
    }
    m_tiles[index]->program_output_major(weights + o0 * in_features + i0, rows, cols,
                                         in_features, derive_seed(seed, index),
                                         row_max.empty() ? nullptr : row_max.data() + o0);
  });
}

void AnalogMatrix::set_input_range(double range) {
  require_programmed("set_input_range");
  for (auto& t : m_tiles) {
    t->set_input_range(range);
  }
}

void AnalogMatrix::set_input_ranges(const std::vector<double>& ranges_per_row_block) {
  require_programmed("set_input_ranges");
  if (ranges_per_row_block.size() != m_row_blocks) {
    throw std::invalid_argument("AnalogMatrix::set_input_ranges: expected " +
                                std::to_string(m_row_blocks) + " ranges (one per row block)");
  }
  for (std::size_t index = 0; index < m_tiles.size(); ++index) {
    m_tiles[index]->set_input_range(ranges_per_row_block[index / m_col_blocks]);
  }
}

void AnalogMatrix::drift_to(double t_inference_s) {
  require_programmed("drift_to");
  if (!(std::isfinite(t_inference_s) && t_inference_s >= 0.0)) {
    throw std::invalid_argument("AnalogMatrix::drift_to: t_inference_s expected >= 0");
  }
  m_pool.parallel_for(m_tiles.size(),
                      [&](std::size_t index) { m_tiles[index]->drift_to(t_inference_s); });
}

void AnalogMatrix::mvm(const float* x, std::size_t batch, float* y) {
  require_programmed("mvm");
  if (batch == 0) {
    return;
  }
  if (x == nullptr || y == nullptr) {
    throw std::invalid_argument("AnalogMatrix::mvm: null input or output");
  }
  // Gather each row block's input slice contiguously.
  for (std::size_t r = 0; r < m_row_blocks; ++r) {
    const std::size_t rows = rows_of(r);
    const std::size_t i0 = r * m_cfg.tile_rows;
    auto& buf = m_inputs[r];
    buf.resize(batch * rows);
    for (std::size_t b = 0; b < batch; ++b) {
      std::copy_n(x + b * m_in + i0, rows, buf.data() + b * rows);
    }
  }
  m_pool.parallel_for(m_tiles.size(), [&](std::size_t index) {
    const std::size_t r = index / m_col_blocks;
    auto& part = m_partials[index];
    part.resize(batch * m_tiles[index]->cols());
    m_tiles[index]->mvm(m_inputs[r].data(), batch, part.data());
  });
  // Digital accumulation in a fixed order (row block 0, 1, ...) per output block.
  m_pool.parallel_for(m_col_blocks, [&](std::size_t c) {
    const std::size_t cols = cols_of(c);
    const std::size_t o0 = c * m_cfg.tile_cols;
    for (std::size_t b = 0; b < batch; ++b) {
      float* yb = y + b * m_out + o0;
      std::copy_n(m_partials[c].data() + b * cols, cols, yb);
      for (std::size_t r = 1; r < m_row_blocks; ++r) {
        const float* p = m_partials[r * m_col_blocks + c].data() + b * cols;
        for (std::size_t k = 0; k < cols; ++k) {
          yb[k] += p[k];
        }
      }
    }
  });
}

}  // namespace aimcsim::physics
