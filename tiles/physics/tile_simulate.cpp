// SPDX-License-Identifier: Apache-2.0
// The device pass of AnalogTileArray: one fused loop over the tile's weights that regenerates
// the programming error and drift exponents from their streams, applies drift and read noise
// at t_inference and accumulates the drift-compensation readouts, one tile column at a time
// with branch-free vectorised kernels (fast_kernels.cpp). Nothing per device is stored between
// calls, so memory stays at two floats per weight (target + packed effective weights).
#include <algorithm>
#include <cmath>
#include <vector>

#include "tiles/physics/analog_tile_array.hpp"
#include "tiles/physics/fast_kernels.hpp"
#include "tiles/physics/rng.hpp"

namespace aimcsim::physics {
namespace {

/// Readout of one-hot input j through the tile periphery (aihwkit GlobalDriftCompensation
/// get_readout_tensor = eye(in_size)): DAC of full scale, first-order IR drop, weight-read and
/// output noise, ADC. Returns |y| in normalised units (weights / scale, inputs / range).
///
/// aihwkit reads the one-hot vectors with the raw tile forward (InferenceTileWithPeriphery.
/// _forward_drift_readout_tensor calls tile.forward, bypassing the input-range scaling of
/// pre_forward), so each 1 drives the DAC at full scale whatever the layer's input range. The
/// readout is therefore done at range 1 with input 1: it does not depend on the static input
/// range (set_input_range may come before or after program / drift_to).
class OneHotReadout {
public:
  OneHotReadout(const TileConfig& cfg, std::size_t rows)
      : m_cfg(cfg), m_rows(static_cast<float>(rows)) {
    m_xq = Quantizer(m_range, cfg.dac.bits).apply(1.0F);
    const NonIdealityConfig& ni = cfg.nonideal;
    m_noisy = cfg.adc.out_noise > 0.0 ||
              (ni.w_noise > 0.0 && ni.w_noise_type != WeightReadNoiseType::none);
  }

  bool noisy() const noexcept { return m_noisy; }

  Quantizer adc_for_column(float adc_wmax) const {
    return Quantizer(m_cfg.adc.out_bound * m_range * adc_wmax, m_cfg.adc.bits);
  }

  /// True when the readout is just ADC(w * DAC(1)) (no IR drop, no noise).
  bool simple() const noexcept { return !m_noisy && !(m_cfg.nonideal.ir_drop > 0.0); }
  float dac_one() const noexcept { return m_xq; }
  float range() const noexcept { return m_range; }

  double value(float w, std::size_t j, float scale, const Quantizer& adc, float z) const {
    const NonIdealityConfig& ni = m_cfg.nonideal;
    const float scale_safe = scale > 0.0F ? scale : 1.0F;
    const float unit = scale_safe * m_range;
    float v = w * m_xq;
    if (ni.ir_drop > 0.0) {
      const float a = m_rows / static_cast<float>(ni.ir_drop_g_ratio) *
                      std::fabs(w) * std::fabs(m_xq) / unit;
      const float c = a * (a * (0.05F * a - 0.2F) + 0.5F);
      const float p = 1.0F - static_cast<float>(j) / m_rows;
      v -= static_cast<float>(ni.ir_drop) * c * w * m_xq * (1.0F - p * p);
    }
    if (m_noisy) {
      const float out_sigma = static_cast<float>(m_cfg.adc.out_noise) * scale * m_range;
      float var = out_sigma * out_sigma;
      const auto w_noise = static_cast<float>(ni.w_noise);
      if (ni.w_noise_type == WeightReadNoiseType::pcm_read) {
        var += w_noise * w_noise * scale * std::fabs(w) * m_xq * m_xq;
      } else if (ni.w_noise_type == WeightReadNoiseType::additive_constant) {
        const float s = scale * w_noise * std::fabs(m_xq);
        var += s * s;
      }
      v += std::sqrt(var) * z;
    }
    return std::fabs(adc.apply(v)) / unit;
  }

private:
  const TileConfig& m_cfg;
  float m_rows;
  const float m_range = 1.0F;  ///< full DAC scale in normalised units
  float m_xq = 1.0F;
  bool m_noisy = false;
};

}  // namespace

void AnalogTileArray::simulate(double t_inference_s, SimulationOutputs& out) const {
  const DeviceConfig& dev = m_cfg.device;
  const std::size_t rows = m_rows;
  const std::size_t n = m_rows * m_cols;
  const bool conductance = dev.impl == DeviceImpl::pcm || dev.impl == DeviceImpl::hermes;
  ConductanceModel model;
  ConductanceModel::TimeFactors tf;
  fast::ConductanceParams cp;
  if (conductance) {
    model = ConductanceModel::from_config(dev);
    tf = model.time_factors(t_inference_s);
    cp.kind = model.kind() == ConductanceModel::Kind::pcm                 ? 0
              : model.kind() == ConductanceModel::Kind::hermes_one_device ? 1
                                                                          : 2;
    cp.g_max = model.g_max_us();
    for (int i = 0; i < 4; ++i) {
      cp.prog_coeff[i] = model.prog_coeff(i);
    }
    cp.prog_ref_ratio = model.prog_ref_ratio();
    cp.prog_noise_scale = model.prog_noise_scale();
    cp.read_noise_scale = model.read_noise_scale();
    cp.drift_scale = model.drift_scale();
    cp.log_drift_ratio = tf.log_drift_ratio;
    cp.read_sqrt_log = tf.read_sqrt_log;
  }
  if (out.snapshot != nullptr && conductance) {
    for (auto* v : {&out.snapshot->g_target_plus_us, &out.snapshot->g_target_minus_us,
                    &out.snapshot->g_prog_plus_us, &out.snapshot->g_prog_minus_us,
                    &out.snapshot->nu_plus, &out.snapshot->nu_minus, &out.snapshot->g_plus_us,
                    &out.snapshot->g_minus_us}) {
      v->assign(n, 0.0F);
    }
  }
  const bool readout = out.ref_readout_sum != nullptr && out.cur_readout_sum != nullptr;
  if (readout) {
    out.ref_readout_sum->assign(m_cols, 0.0);
    out.cur_readout_sum->assign(m_cols, 0.0);
  }
  const OneHotReadout reader(m_cfg, m_rows);

  // Device streams: bulk Box-Muller normals (every deviate is drawn, used or not, so the
  // loops stay branch-free); the rare readout-noise streams stay scalar.
  fast::BlockNormalStream prog_noise(stream_seed(m_seed, NoiseSource::programming));
  fast::BlockNormalStream nu_noise(stream_seed(m_seed, NoiseSource::drift_nu));
  fast::BlockNormalStream read_noise(
      stream_seed(m_seed, NoiseSource::read_noise, double_bits(t_inference_s)));
  NormalStream ref_readout_noise(stream_seed(m_seed, NoiseSource::ref_readout));
  NormalStream cur_readout_noise(
      stream_seed(m_seed, NoiseSource::drift_readout, double_bits(t_inference_s)));

  const bool simple_readout = readout && reader.simple();
  const float dac_one = reader.dac_one();
  const float g_max = conductance ? model.g_max_us() : 1.0F;
  const AfmParams& afm = dev.afm;

  std::vector<float> z_prog(2 * rows);
  std::vector<float> z_nu(conductance ? 2 * rows : 0);
  std::vector<float> z_read(conductance ? 2 * rows : 0);
  std::vector<float> w_prog(rows);
  std::vector<float> w_eff(rows);
  std::vector<float> g_target(conductance ? 2 * rows : 0);
  std::vector<float> g_prog(conductance ? 2 * rows : 0);
  std::vector<float> nu(conductance ? 2 * rows : 0);
  std::vector<float> g_now(conductance ? 2 * rows : 0);
  fast::ConductanceColumn col;
  col.n = rows;
  col.z_prog = z_prog.data();
  col.z_nu = z_nu.data();
  col.z_read = z_read.data();
  col.w_prog = w_prog.data();
  col.w_eff = w_eff.data();
  col.g_target = g_target.data();
  col.g_prog = g_prog.data();
  col.nu = nu.data();
  col.g = g_now.data();

  // aihwkit InferenceTile semantics re-convert the programmed weights with g_max at their
  // max|w_prog| over the mapping scope: the tile for per_tile, the tile column otherwise. For
  // per_tile that max needs every column's programming first: one pass over the programming
  // stream alone (the same deviates the main pass draws again).
  const bool inference_tile = conductance && dev.drift_semantics == DriftSemantics::inference_tile;
  col.prog_max = 0.0F;
  if (inference_tile && dev.weight_scale_scope == ScaleScope::per_tile) {
    fast::BlockNormalStream prog_pass(stream_seed(m_seed, NoiseSource::programming));
    float tile_prog_max = 0.0F;
    for (std::size_t c = 0; c < m_cols; ++c) {
      const float scale = m_map_scale[c];
      prog_pass.fill(z_prog.data(), 2 * rows);
      col.w = target_column(c);
      col.to_g = scale > 0.0F ? g_max / scale : 0.0F;
      col.to_w = scale > 0.0F ? scale / g_max : 0.0F;
      fast::conductance_program_column(cp, col);
      for (std::size_t j = 0; j < rows; ++j) {
        tile_prog_max = std::max(tile_prog_max, std::fabs(w_prog[j]));
      }
    }
    // A tile programmed to all zeros keeps prog_max 0: every weight stays 0 either way.
    col.prog_max = tile_prog_max;
  }

  for (std::size_t c = 0; c < m_cols; ++c) {
    const float scale = m_map_scale[c];
    const Quantizer adc = reader.adc_for_column(m_adc_wmax[c]);
    const float* target = target_column(c);
    // weight -> conductance factor; a zero column maps to zero conductance.
    const float to_g = scale > 0.0F ? g_max / scale : 0.0F;
    const float to_w = scale > 0.0F ? scale / g_max : 0.0F;
    switch (dev.impl) {
    case DeviceImpl::ideal:
      std::copy_n(target, rows, w_prog.data());
      std::copy_n(target, rows, w_eff.data());
      break;
    case DeviceImpl::additive: {
      prog_noise.fill(z_prog.data(), rows);
      const float s = static_cast<float>(dev.additive.std_rel) * scale;
      for (std::size_t j = 0; j < rows; ++j) {
        w_prog[j] = target[j] + s * z_prog[j];
        w_eff[j] = w_prog[j];
      }
      break;
    }
    case DeviceImpl::afm: {
      prog_noise.fill(z_prog.data(), rows);
      const double afm_scale = static_cast<double>(scale) + AfmModel::scale_epsilon;
      for (std::size_t j = 0; j < rows; ++j) {
        if (afm.noise_type == AfmNoiseType::additive) {
          w_prog[j] =
              target[j] + static_cast<float>(afm.additive_std_multiplier) * scale * z_prog[j];
        } else {
          const double g = static_cast<double>(target[j]) / afm_scale * afm.g_max_units;
          const double gp = AfmModel::program(g, static_cast<double>(z_prog[j]), afm);
          w_prog[j] = static_cast<float>(gp / afm.g_max_units * afm_scale);
        }
        w_eff[j] = w_prog[j];
      }
      break;
    }
    case DeviceImpl::pcm:
    case DeviceImpl::hermes: {
      prog_noise.fill(z_prog.data(), 2 * rows);
      nu_noise.fill(z_nu.data(), 2 * rows);
      read_noise.fill(z_read.data(), 2 * rows);
      col.w = target;
      col.to_g = to_g;
      col.to_w = to_w;
      if (inference_tile) {
        fast::conductance_column_inference_tile(cp, col);
      } else {
        fast::conductance_column(cp, col);
      }
      if (out.snapshot != nullptr) {
        DeviceSnapshot& s = *out.snapshot;
        const std::size_t o = c * rows;
        std::copy_n(g_target.data(), rows, s.g_target_plus_us.data() + o);
        std::copy_n(g_target.data() + rows, rows, s.g_target_minus_us.data() + o);
        std::copy_n(g_prog.data(), rows, s.g_prog_plus_us.data() + o);
        std::copy_n(g_prog.data() + rows, rows, s.g_prog_minus_us.data() + o);
        std::copy_n(nu.data(), rows, s.nu_plus.data() + o);
        std::copy_n(nu.data() + rows, rows, s.nu_minus.data() + o);
        std::copy_n(g_now.data(), rows, s.g_plus_us.data() + o);
        std::copy_n(g_now.data() + rows, rows, s.g_minus_us.data() + o);
      }
      break;
    }
    }
    if (out.w_eff != nullptr) {
      std::copy_n(w_eff.data(), rows, out.w_eff + c * rows);
    }
    if (out.w_prog != nullptr) {
      std::copy_n(w_prog.data(), rows, out.w_prog + c * rows);
    }
    if (out.w_eff_pack != nullptr) {
      float* dst = out.w_eff_pack + (c / 16) * rows * 16 + (c % 16);
      for (std::size_t j = 0; j < rows; ++j) {
        dst[j * 16] = w_eff[j];
      }
    }
    if (!readout) {
      continue;
    }
    double ref_sum = 0.0;
    double cur_sum = 0.0;
    if (simple_readout && adc.step() > 0.0F) {
      // Exact integer sums of the ADC levels |k|; |ADC(v)| = |k| * step.
      const float levels = adc.bound() / adc.step();
      const float lv = std::nearbyint(levels);
      ref_sum = static_cast<double>(
                    fast::adc_level_abs_sum(w_prog.data(), rows, dac_one, adc.step(), lv)) *
                static_cast<double>(adc.step());
      cur_sum = static_cast<double>(
                    fast::adc_level_abs_sum(w_eff.data(), rows, dac_one, adc.step(), lv)) *
                static_cast<double>(adc.step());
    } else if (simple_readout) {
      for (std::size_t j = 0; j < rows; ++j) {
        ref_sum += std::fabs(adc.apply(w_prog[j] * dac_one));
        cur_sum += std::fabs(adc.apply(w_eff[j] * dac_one));
      }
    } else {
      for (std::size_t j = 0; j < rows; ++j) {
        const float z_ref = reader.noisy() ? ref_readout_noise() : 0.0F;
        const float z_cur = reader.noisy() ? cur_readout_noise() : 0.0F;
        ref_sum += reader.value(w_prog[j], j, scale, adc, z_ref);
        cur_sum += reader.value(w_eff[j], j, scale, adc, z_cur);
      }
    }
    // Normalised units (weights / scale, inputs / range) as the raw aihwkit tile output.
    const double unit = static_cast<double>(scale > 0.0F ? scale : 1.0F) * reader.range();
    (*out.ref_readout_sum)[c] = simple_readout ? ref_sum / unit : ref_sum;
    (*out.cur_readout_sum)[c] = simple_readout ? cur_sum / unit : cur_sum;
  }
}

}  // namespace aimcsim::physics
