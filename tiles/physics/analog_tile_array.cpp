// SPDX-License-Identifier: Apache-2.0
// AnalogTileArray: programming, drift and accessors (the device pass is in tile_simulate.cpp,
// the MVM in tile_mvm.cpp).
#include "tiles/physics/analog_tile_array.hpp"

#include "tiles/physics/fast_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace aimcsim::physics {

AnalogTileArray::AnalogTileArray(TileConfig config) : m_cfg(std::move(config)) {
  m_cfg.validate();
  m_input_range = m_cfg.dac.static_range;
}

void AnalogTileArray::require_programmed(const char* what) const {
  if (!m_programmed) {
    throw std::logic_error(std::string("AnalogTileArray::") + what + ": tile not programmed");
  }
}

void AnalogTileArray::program(const float* block, std::size_t rows, std::size_t cols,
                              std::uint64_t seed, const float* column_weight_scale) {
  if (block == nullptr || rows == 0 || cols == 0) {
    throw std::invalid_argument("AnalogTileArray::program: expected a non-empty weight block");
  }
  m_rows = rows;
  m_cols = cols;
  m_target_view = nullptr;
  m_target.assign(rows * cols, 0.0F);
  for (std::size_t j = 0; j < rows; ++j) {
    for (std::size_t c = 0; c < cols; ++c) {
      m_target[c * rows + j] = block[j * cols + c];
    }
  }
  finish_programming(seed, column_weight_scale);
}

void AnalogTileArray::program_output_major(const float* weights, std::size_t rows,
                                           std::size_t cols, std::size_t ld, std::uint64_t seed,
                                           const float* column_weight_scale) {
  if (weights == nullptr || rows == 0 || cols == 0 || ld < rows) {
    throw std::invalid_argument(
        "AnalogTileArray::program_output_major: expected a non-empty block with ld >= rows");
  }
  m_rows = rows;
  m_cols = cols;
  m_target_view = nullptr;
  m_target.resize(rows * cols);
  for (std::size_t c = 0; c < cols; ++c) {
    std::copy_n(weights + c * ld, rows, m_target.data() + c * rows);
  }
  finish_programming(seed, column_weight_scale);
}

void AnalogTileArray::program_output_major_view(const float* weights, std::size_t rows,
                                                std::size_t cols, std::size_t ld,
                                                std::uint64_t seed) {
  if (weights == nullptr || rows == 0 || cols == 0 || ld < rows) {
    throw std::invalid_argument(
        "AnalogTileArray::program_output_major_view: expected a non-empty block with ld >= rows");
  }
  m_rows = rows;
  m_cols = cols;
  std::vector<float>().swap(m_target);  // a previous copy is not needed any more
  m_target_view = weights;
  m_target_ld = ld;
  finish_programming(seed, nullptr);
}

void AnalogTileArray::finish_programming(std::uint64_t seed, const float* column_weight_scale) {
  const std::size_t rows = m_rows;
  const std::size_t cols = m_cols;
  m_seed = seed;
  std::vector<float> col_max(cols, 0.0F);
  float tile_max = 0.0F;
  for (std::size_t c = 0; c < cols; ++c) {
    // max |w| on the bit patterns: non-negative floats order like their int32 bits, and any
    // inf / NaN has |bits| >= 0x7F800000 (an integer max reduction vectorises).
    const std::int32_t max_bits =
        fast::abs_max_bits(target_column(c), rows);
    if (max_bits >= 0x7F800000) {
      m_programmed = false;
      throw std::invalid_argument("AnalogTileArray::program: weights must be finite");
    }
    col_max[c] = fast::bits_to_float(max_bits);
    tile_max = std::max(tile_max, col_max[c]);
  }
  const ScaleScope map_scope = m_cfg.device.weight_scale_scope;
  if (column_weight_scale != nullptr) {
    m_map_scale.assign(column_weight_scale, column_weight_scale + cols);
    for (std::size_t c = 0; c < cols; ++c) {
      if (!(std::isfinite(m_map_scale[c]) && m_map_scale[c] >= col_max[c])) {
        m_programmed = false;
        throw std::invalid_argument(
            "AnalogTileArray::program: column_weight_scale must be finite and >= column max|W|");
      }
    }
  } else if (map_scope == ScaleScope::per_tile) {
    m_map_scale.assign(cols, tile_max);
  } else {
    m_map_scale = col_max;
  }
  if (m_cfg.adc.range_scope == ScaleScope::per_tile) {
    m_adc_wmax.assign(cols, tile_max);
  } else {
    m_adc_wmax = col_max;
  }
  m_alpha.assign(cols, 1.0F);
  m_wpack.assign(fast::packed_size(rows, cols), 0.0F);  // padding columns stay zero
  m_wpack_abs.clear();
  m_programmed = true;
  m_drifted = false;
  m_t_inference_s = 0.0;
  m_mvm_counter = 0;
}

void AnalogTileArray::set_input_range(double range) {
  if (!(std::isfinite(range) && range > 0.0)) {
    throw std::invalid_argument("AnalogTileArray::set_input_range: expected a positive range");
  }
  m_input_range = range;
}

bool AnalogTileArray::noise_enabled() const noexcept {
  const NonIdealityConfig& ni = m_cfg.nonideal;
  return m_cfg.adc.out_noise > 0.0 ||
         (ni.w_noise > 0.0 && ni.w_noise_type != WeightReadNoiseType::none);
}

void AnalogTileArray::drift_to(double t_inference_s) {
  require_programmed("drift_to");
  if (!(std::isfinite(t_inference_s) && t_inference_s >= 0.0)) {
    throw std::invalid_argument("AnalogTileArray::drift_to: t_inference_s expected >= 0");
  }
  const DriftCompensation comp = m_cfg.device.drift_compensation;
  std::vector<double> ref_sum;
  std::vector<double> cur_sum;
  SimulationOutputs out;
  out.w_eff_pack = m_wpack.data();
  if (comp != DriftCompensation::none) {
    out.ref_readout_sum = &ref_sum;
    out.cur_readout_sum = &cur_sum;
  }
  simulate(t_inference_s, out);

  // aihwkit compensation: readout = clamp(mean |y|, min=1e-4), alpha = reference / readout.
  constexpr double k_min_readout = 1e-4;
  if (comp == DriftCompensation::global) {
    double ref = 0.0;
    double cur = 0.0;
    for (std::size_t c = 0; c < m_cols; ++c) {
      ref += ref_sum[c];
      cur += cur_sum[c];
    }
    const double n = static_cast<double>(m_rows * m_cols);
    const double alpha = std::max(ref / n, k_min_readout) / std::max(cur / n, k_min_readout);
    m_alpha.assign(m_cols, static_cast<float>(alpha));
  } else if (comp == DriftCompensation::per_column) {
    const double n = static_cast<double>(m_rows);
    for (std::size_t c = 0; c < m_cols; ++c) {
      m_alpha[c] = static_cast<float>(std::max(ref_sum[c] / n, k_min_readout) /
                                      std::max(cur_sum[c] / n, k_min_readout));
    }
  } else {
    m_alpha.assign(m_cols, 1.0F);
  }

  const NonIdealityConfig& ni = m_cfg.nonideal;
  if (ni.ir_drop > 0.0 ||
      (ni.w_noise > 0.0 && ni.w_noise_type == WeightReadNoiseType::pcm_read)) {
    m_wpack_abs.resize(m_wpack.size());
    for (std::size_t i = 0; i < m_wpack.size(); ++i) {
      m_wpack_abs[i] = std::fabs(m_wpack[i]);
    }
  } else {
    m_wpack_abs.clear();
  }
  m_t_inference_s = t_inference_s;
  m_drifted = true;
}

std::vector<float> AnalogTileArray::effective_weights() const {
  require_programmed("effective_weights");
  std::vector<float> w(m_rows * m_cols);
  if (!m_drifted) {
    RowMatrix weff(static_cast<Eigen::Index>(m_cols), static_cast<Eigen::Index>(m_rows));
    SimulationOutputs out;
    out.w_eff = weff.data();
    simulate(0.0, out);
    for (std::size_t c = 0; c < m_cols; ++c) {
      for (std::size_t j = 0; j < m_rows; ++j) {
        w[j * m_cols + c] = weff.data()[c * m_rows + j];
      }
    }
    return w;
  }
  for (std::size_t c = 0; c < m_cols; ++c) {
    for (std::size_t j = 0; j < m_rows; ++j) {
      w[j * m_cols + c] = fast::pack_load(m_wpack.data(), m_rows, j, c);
    }
  }
  return w;
}

std::vector<float> AnalogTileArray::programmed_weights() const {
  require_programmed("programmed_weights");
  std::vector<float> prog(m_rows * m_cols);
  SimulationOutputs out;
  out.w_prog = prog.data();
  simulate(m_t_inference_s, out);
  std::vector<float> w(m_rows * m_cols);
  for (std::size_t c = 0; c < m_cols; ++c) {
    for (std::size_t j = 0; j < m_rows; ++j) {
      w[j * m_cols + c] = prog[c * m_rows + j];
    }
  }
  return w;
}

DeviceSnapshot AnalogTileArray::device_snapshot() const {
  require_programmed("device_snapshot");
  DeviceSnapshot snap;
  SimulationOutputs out;
  out.snapshot = &snap;
  simulate(m_t_inference_s, out);
  return snap;
}

}  // namespace aimcsim::physics
