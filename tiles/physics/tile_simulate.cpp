// SPDX-License-Identifier: Apache-2.0
// The device pass of AnalogTileArray: one fused loop over the tile's weights that regenerates
// the programming error and drift exponents from their streams, applies drift and read noise
// at t_inference and accumulates the drift-compensation readouts. Nothing per device is stored
// between calls, so memory stays at two floats per weight (target + effective).
#include <cmath>

#include "tiles/physics/analog_tile_array.hpp"
#include "tiles/physics/rng.hpp"

namespace aimcsim::physics {
namespace {

/// Readout of one-hot input j through the tile periphery (aihwkit GlobalDriftCompensation
/// get_readout_tensor = eye(in_size)): DAC of the value 1, first-order IR drop, weight-read and
/// output noise, ADC. Returns |y| in normalised units (weights / scale, inputs / range).
class OneHotReadout {
public:
  OneHotReadout(const TileConfig& cfg, std::size_t rows, double input_range)
      : m_cfg(cfg), m_rows(static_cast<float>(rows)) {
    const bool dynamic = cfg.dac.range_mode == DacRangeMode::dynamic;
    m_range = dynamic ? 1.0F : static_cast<float>(input_range);
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
  float m_range = 1.0F;
  float m_xq = 1.0F;
  bool m_noisy = false;
};

}  // namespace

void AnalogTileArray::simulate(double t_inference_s, SimulationOutputs& out) const {
  const DeviceConfig& dev = m_cfg.device;
  const std::size_t n = m_rows * m_cols;
  const bool conductance = dev.impl == DeviceImpl::pcm || dev.impl == DeviceImpl::hermes;
  ConductanceModel model;
  ConductanceModel::TimeFactors tf;
  if (conductance) {
    model = ConductanceModel::from_config(dev);
    tf = model.time_factors(t_inference_s);
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
  const OneHotReadout reader(m_cfg, m_rows, m_input_range);

  NormalStream prog_noise(stream_seed(m_seed, NoiseSource::programming));
  NormalStream nu_noise(stream_seed(m_seed, NoiseSource::drift_nu));
  NormalStream read_noise(
      stream_seed(m_seed, NoiseSource::read_noise, double_bits(t_inference_s)));
  NormalStream ref_readout_noise(stream_seed(m_seed, NoiseSource::ref_readout));
  NormalStream cur_readout_noise(
      stream_seed(m_seed, NoiseSource::drift_readout, double_bits(t_inference_s)));

  const bool simple_readout = readout && reader.simple();
  const float dac_one = reader.dac_one();
  const float g_max = conductance ? model.g_max_us() : 1.0F;
  const AfmParams& afm = dev.afm;
  for (std::size_t c = 0; c < m_cols; ++c) {
    const float scale = m_map_scale[c];
    const Quantizer adc = reader.adc_for_column(m_adc_wmax[c]);
    double ref_sum = 0.0;
    double cur_sum = 0.0;
    // weight -> conductance factor; a zero column maps to zero conductance.
    const float to_g = scale > 0.0F ? g_max / scale : 0.0F;
    const float to_w = scale > 0.0F ? scale / g_max : 0.0F;
    const double afm_scale = static_cast<double>(scale) + AfmModel::scale_epsilon;
    for (std::size_t j = 0; j < m_rows; ++j) {
      const std::size_t idx = c * m_rows + j;
      const float w = m_target[idx];
      float w_prog = w;
      float w_eff = w;
      switch (dev.impl) {
      case DeviceImpl::ideal:
        break;
      case DeviceImpl::additive:
        w_prog = w + static_cast<float>(dev.additive.std_rel) * scale * prog_noise();
        w_eff = w_prog;
        break;
      case DeviceImpl::afm:
        if (afm.noise_type == AfmNoiseType::additive) {
          w_prog = w + static_cast<float>(afm.additive_std_multiplier) * scale * prog_noise();
        } else {
          const double g = static_cast<double>(w) / afm_scale * afm.g_max_units;
          const double gp = AfmModel::program(g, static_cast<double>(prog_noise()), afm);
          w_prog = static_cast<float>(gp / afm.g_max_units * afm_scale);
        }
        w_eff = w_prog;
        break;
      case DeviceImpl::pcm:
      case DeviceImpl::hermes: {
        const float gt_plus = std::max(w, 0.0F) * to_g;
        const float gt_minus = std::max(-w, 0.0F) * to_g;
        const float gp_plus = model.program(gt_plus, prog_noise());
        const float gp_minus = model.program(gt_minus, prog_noise());
        // A device programmed to zero conductance stays at zero (aihwkit: g_drift = 0, read
        // noise proportional to |g_drift|), so its drift exponent and read noise are not drawn.
        float nu_plus = 0.0F;
        float nu_minus = 0.0F;
        float g_plus = 0.0F;
        float g_minus = 0.0F;
        if (gp_plus > 0.0F) {
          nu_plus = model.draw_nu(gt_plus, nu_noise());
          g_plus = model.at_time(gp_plus, nu_plus, read_noise(), tf);
        }
        if (gp_minus > 0.0F) {
          nu_minus = model.draw_nu(gt_minus, nu_noise());
          g_minus = model.at_time(gp_minus, nu_minus, read_noise(), tf);
        }
        w_prog = (gp_plus - gp_minus) * to_w;
        w_eff = (g_plus - g_minus) * to_w;
        if (out.snapshot != nullptr) {
          DeviceSnapshot& s = *out.snapshot;
          s.g_target_plus_us[idx] = gt_plus;
          s.g_target_minus_us[idx] = gt_minus;
          s.g_prog_plus_us[idx] = gp_plus;
          s.g_prog_minus_us[idx] = gp_minus;
          s.nu_plus[idx] = nu_plus;
          s.nu_minus[idx] = nu_minus;
          s.g_plus_us[idx] = g_plus;
          s.g_minus_us[idx] = g_minus;
        }
        break;
      }
      }
      if (out.w_eff != nullptr) {
        out.w_eff[idx] = w_eff;
      }
      if (out.w_prog != nullptr) {
        out.w_prog[idx] = w_prog;
      }
      if (simple_readout) {
        ref_sum += std::fabs(adc.apply(w_prog * dac_one));
        cur_sum += std::fabs(adc.apply(w_eff * dac_one));
      } else if (readout) {
        const float z_ref = reader.noisy() ? ref_readout_noise() : 0.0F;
        const float z_cur = reader.noisy() ? cur_readout_noise() : 0.0F;
        ref_sum += reader.value(w_prog, j, scale, adc, z_ref);
        cur_sum += reader.value(w_eff, j, scale, adc, z_cur);
      }
    }
    if (readout) {
      // Normalised units (weights / scale, inputs / range) as the raw aihwkit tile output.
      const double unit = static_cast<double>(scale > 0.0F ? scale : 1.0F) * reader.range();
      (*out.ref_readout_sum)[c] = simple_readout ? ref_sum / unit : ref_sum;
      (*out.cur_readout_sum)[c] = simple_readout ? cur_sum / unit : cur_sum;
    }
  }
}

}  // namespace aimcsim::physics
