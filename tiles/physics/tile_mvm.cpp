// SPDX-License-Identifier: Apache-2.0
// The MVM of AnalogTileArray: DAC -> float GEMM with the precomputed effective weights ->
// IR drop / weight-read noise / output noise -> ADC (with optional iterative bound management)
// -> drift-compensation factor. Follows aihwkit's ForwardBackwardPassIOManaged::forwardVector
// (src/rpucuda/rpu_forward_backward_pass.cpp), in de-normalised (weight x input) units.
#include <cmath>
#include <stdexcept>

#include "tiles/physics/analog_tile_array.hpp"
#include "tiles/physics/fast_kernels.hpp"
#include "tiles/physics/rng.hpp"

namespace aimcsim::physics {
namespace {

float abs_max(const float* x, std::size_t n) {
  const std::int32_t bits = fast::abs_max_bits(x, n);
  if (bits < 0x7F800000) {  // all finite: max |x| from the bit patterns (vectorised)
    return fast::bits_to_float(bits);
  }
  float m = 0.0F;
  for (std::size_t i = 0; i < n; ++i) {
    m = std::max(m, std::fabs(x[i]));
  }
  return m;
}

}  // namespace

AnalogTileArray::MvmScratch& AnalogTileArray::scratch() {
  thread_local MvmScratch s;
  return s;
}

void AnalogTileArray::compute_analog(std::size_t first, std::size_t count) {
  MvmScratch& s = scratch();
  const auto f = static_cast<Eigen::Index>(first);
  const auto n = static_cast<Eigen::Index>(count);
  const std::size_t rows = m_rows;
  const std::size_t cols = m_cols;
  auto product = [&](const RowMatrix& x, const std::vector<float>& pack, RowMatrix& y) {
    fast::gemm_packed(x.data() + first * rows, rows, count, rows, pack.data(), cols,
                      y.data() + first * cols, cols);
  };
  product(s.xq, m_wpack, s.y);
  const NonIdealityConfig& ni = m_cfg.nonideal;
  if (ni.ir_drop > 0.0) {
    // a_i needs sum_j |w_ij| |x_j|; the drop term sum_j w_ij x_j (1 - (1 - j/n)^2).
    const float rows_f = static_cast<float>(m_rows);
    for (Eigen::Index b = f; b < f + n; ++b) {
      for (Eigen::Index j = 0; j < static_cast<Eigen::Index>(m_rows); ++j) {
        s.xaux(b, j) = std::fabs(s.xq(b, j));
      }
    }
    product(s.xaux, m_wpack_abs, s.ycur);
    for (Eigen::Index b = f; b < f + n; ++b) {
      for (Eigen::Index j = 0; j < static_cast<Eigen::Index>(m_rows); ++j) {
        const float p = 1.0F - static_cast<float>(j) / rows_f;
        s.xaux(b, j) = s.xq(b, j) * (1.0F - p * p);
      }
    }
    product(s.xaux, m_wpack, s.yaux);
  }
  if (ni.w_noise > 0.0 && ni.w_noise_type == WeightReadNoiseType::pcm_read) {
    // sum_j |w_ij| x_j^2, kept in s.yw (aihwkit OutputWeightNoiseType::PCMRead).
    for (Eigen::Index b = f; b < f + n; ++b) {
      for (Eigen::Index j = 0; j < static_cast<Eigen::Index>(m_rows); ++j) {
        s.xaux(b, j) = s.xq(b, j) * s.xq(b, j);
      }
    }
    product(s.xaux, m_wpack_abs, s.yw);
  }
}

bool AnalogTileArray::finalize_vector(std::size_t b, float range, NormalStream* noise,
                                      float* y_row) {
  MvmScratch& s = scratch();
  const NonIdealityConfig& ni = m_cfg.nonideal;
  const AdcConfig& adc = m_cfg.adc;
  const auto bi = static_cast<Eigen::Index>(b);
  const bool noisy = noise != nullptr;
  if (!noisy && !(ni.ir_drop > 0.0) && adc.bits > 0 && std::isfinite(adc.out_bound) &&
      adc.out_bound > 0.0 && adc.bound_management == BoundManagement::none) {
    // Plain ADC (the common case): vectorised, same arithmetic as Quantizer. Saturation is
    // only needed by bound management, which is off here.
    const auto levels = static_cast<float>((1LL << (adc.bits - 1)) - 1);
    fast::adc_columns(s.y.data() + b * m_cols, m_adc_wmax.data(), m_alpha.data(), m_cols,
                      adc.out_bound * range, levels, y_row);
    return false;
  }
  const auto out_noise = static_cast<float>(adc.out_noise);
  const auto w_noise = static_cast<float>(ni.w_noise);
  float x_norm2 = 0.0F;
  if (ni.w_noise_type == WeightReadNoiseType::additive_constant) {
    x_norm2 = s.xq.row(bi).squaredNorm();
  }
  const float ir_a_scale = static_cast<float>(m_rows) / static_cast<float>(ni.ir_drop_g_ratio);
  bool saturated = false;
  for (std::size_t c = 0; c < m_cols; ++c) {
    const auto ci = static_cast<Eigen::Index>(c);
    const float scale = m_map_scale[c];
    const float unit = (scale > 0.0F ? scale : 1.0F) * range;
    float v = s.y(bi, ci);
    if (ni.ir_drop > 0.0) {
      const float a = ir_a_scale * s.ycur(bi, ci) / unit;
      const float cfac = a * (a * (0.05F * a - 0.2F) + 0.5F);
      v -= static_cast<float>(ni.ir_drop) * cfac * s.yaux(bi, ci);
    }
    if (noisy) {
      // Independent Gaussian sources summed into one draw of the combined variance.
      const float out_sigma = out_noise * scale * range;
      float var = out_sigma * out_sigma;
      if (ni.w_noise_type == WeightReadNoiseType::pcm_read) {
        var += w_noise * w_noise * scale * s.yw(bi, ci);
      } else if (ni.w_noise_type == WeightReadNoiseType::additive_constant) {
        var += scale * scale * w_noise * w_noise * x_norm2;
      }
      v += std::sqrt(var) * (*noise)();
    }
    bool pos = false;
    bool neg = false;
    const Quantizer q(adc.out_bound * range * m_adc_wmax[c], adc.bits);
    v = q.apply(v, pos, neg);
    saturated = saturated || pos || (neg && adc.bm_test_negative_bound);
    y_row[c] = m_alpha[c] * v;
  }
  return saturated;
}

void AnalogTileArray::mvm(const float* x, std::size_t batch, float* y) {
  MvmScratch& s = scratch();
  require_programmed("mvm");
  if (batch == 0) {
    return;
  }
  if (x == nullptr || y == nullptr) {
    throw std::invalid_argument("AnalogTileArray::mvm: null input or output");
  }
  if (!m_drifted) {
    drift_to(0.0);
  }
  const auto nb = static_cast<Eigen::Index>(batch);
  const auto nr = static_cast<Eigen::Index>(m_rows);
  const auto nc = static_cast<Eigen::Index>(m_cols);
  const NonIdealityConfig& ni = m_cfg.nonideal;
  s.xq.resize(nb, nr);
  s.y.resize(nb, nc);
  if (ni.ir_drop > 0.0 || (ni.w_noise > 0.0 && ni.w_noise_type == WeightReadNoiseType::pcm_read)) {
    s.xaux.resize(nb, nr);
  }
  if (ni.ir_drop > 0.0) {
    s.ycur.resize(nb, nc);
    s.yaux.resize(nb, nc);
  }
  if (ni.w_noise > 0.0 && ni.w_noise_type == WeightReadNoiseType::pcm_read) {
    s.yw.resize(nb, nc);
  }
  s.ranges.assign(batch, 0.0F);

  const DacConfig& dac = m_cfg.dac;
  const bool dynamic = dac.range_mode == DacRangeMode::dynamic;
  const float dac_levels =
      dac.bits > 0 ? static_cast<float>((1LL << (dac.bits - 1)) - 1) : 0.0F;
  auto quantize_row = [&](std::size_t b, float range) {
    const float* xb = x + b * m_rows;
    float* xq = s.xq.data() + b * m_rows;
    if (range <= 0.0F) {
      std::fill(xq, xq + m_rows, 0.0F);
      return;
    }
    const Quantizer q(range, dac.bits);
    if (q.step() > 0.0F) {
      fast::quantize(xb, m_rows, q.step(), dac_levels, xq);
      return;
    }
    for (std::size_t j = 0; j < m_rows; ++j) {
      xq[j] = q.apply(xb[j]);
    }
  };
  for (std::size_t b = 0; b < batch; ++b) {
    s.ranges[b] = dynamic ? abs_max(x + b * m_rows, m_rows) : static_cast<float>(m_input_range);
    quantize_row(b, s.ranges[b]);
  }
  compute_analog(0, batch);

  const AdcConfig& adc = m_cfg.adc;
  NormalStream noise_stream(stream_seed(m_seed, NoiseSource::mvm_output, m_mvm_counter));
  ++m_mvm_counter;
  NormalStream* noise = noise_enabled() ? &noise_stream : nullptr;
  const bool bm = adc.bound_management == BoundManagement::iterative;
  const double bm_res_limit = bound_management_res_limit(adc.max_bm_res, dac.bits);
  for (std::size_t b = 0; b < batch; ++b) {
    float* y_row = y + b * m_cols;
    if (s.ranges[b] <= 0.0F) {
      // aihwkit short-cut: an all-zero input (abs-max 0) gives an all-zero output.
      std::fill(y_row, y_row + m_cols, 0.0F);
      continue;
    }
    double reduction = 1.0;
    while (true) {
      const float range = static_cast<float>(s.ranges[b] * reduction);
      const bool saturated = finalize_vector(b, range, noise, y_row);
      // aihwkit ForwardBackwardPassIOManaged::forwardVector: stop once the bound test passes,
      // (int) reduction > max_bm_factor, or reduction > max_bm_res / inp_res.
      if (!bm || !saturated || reduction > adc.max_bm_factor ||
          (dac.bits > 0 && reduction > bm_res_limit)) {
        break;
      }
      // Iterative bound management: halve the inputs (double the input range) and redo.
      reduction *= 2.0;
      quantize_row(b, static_cast<float>(s.ranges[b] * reduction));
      compute_analog(b, 1);
    }
  }
}

}  // namespace aimcsim::physics
