// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Per-device statistical models: the closed-form fits of aihwkit's PCMLikeNoiseModel and
/// HermesNoiseModel and of the AFM evaluation's programming error. Pure functions of the target
/// / programmed conductance and standard-normal deviates, so tests can check them directly.
/// Equations and sources: docs/device-models.md.

#include <algorithm>
#include <cmath>

#include "tiles/physics/config.hpp"

namespace aimcsim::physics {

/// Conductance model shared by `pcm` and `hermes` (differential pair, programming noise,
/// power-law drift, accumulated 1/f read noise). Conductances in uS, times in s.
class ConductanceModel {
public:
  enum class Kind { pcm, hermes_one_device, hermes_two_device };

  /// Resolves the parameters of `device.impl` (must be pcm or hermes).
  static ConductanceModel from_config(const DeviceConfig& device);

  Kind kind() const noexcept { return m_kind; }
  float g_max_us() const noexcept { return m_g_max_us; }
  double t0_s() const noexcept { return m_t0_s; }
  double t_read_s() const noexcept { return m_t_read_s; }
  /// Programming-noise polynomial coefficient of r^i (i = 0..3) before prog_ref_ratio().
  float prog_coeff(int i) const noexcept { return m_prog_coeff[i]; }
  /// g_max / g_max of the programming-noise fit.
  float prog_ref_ratio() const noexcept { return m_prog_ref_ratio; }
  float prog_noise_scale() const noexcept { return m_prog_noise_scale; }
  float read_noise_scale() const noexcept { return m_read_noise_scale; }
  float drift_scale() const noexcept { return m_drift_scale; }

  /// Std of the programming error [uS] at target conductance g_target_us (before the scale
  /// prog_noise_scale). pcm: (c0 + c1 r + c2 r^2) g_max / 25 uS, r = g_target / g_max.
  float prog_sigma_us(float g_target_us) const noexcept {
    const float r = g_target_us / m_g_max_us;
    float sigma = m_prog_coeff[3];
    for (int i = 2; i >= 0; --i) {
      sigma = sigma * r + m_prog_coeff[i];
    }
    return sigma * m_prog_ref_ratio;
  }

  /// Programmed conductance: g_target + sigma * z, clipped at 0.
  float program(float g_target_us, float z) const noexcept {
    return std::max(0.0F, g_target_us + m_prog_noise_scale * prog_sigma_us(g_target_us) * z);
  }

  /// Mean of the drift exponent before |.| at relative target conductance r = g_target/g_max.
  float nu_mean(float r) const noexcept;
  /// Std of the drift exponent before |.| at relative target conductance r.
  float nu_std(float r) const noexcept;
  /// Drift exponent nu = |mu + sd z| * drift_scale.
  float draw_nu(float g_target_us, float z) const noexcept {
    const float r = g_target_us / m_g_max_us;
    if (r <= k_zero_clip) {  // zero-target device of the pair: constant mu, sd
      return std::fabs(m_nu_mean_zero + m_nu_std_zero * z) * m_drift_scale;
    }
    const float log_r = std::log(r);
    return std::fabs(nu_mean(r, log_r) + nu_std(r, log_r) * z) * m_drift_scale;
  }
  /// Same with ln(r) supplied by the caller.
  float nu_mean(float r, float log_r) const noexcept;
  float nu_std(float r, float log_r) const noexcept;

  /// 1/f noise amplitude Q_s at relative programmed conductance r = |g_prog| / g_max.
  float read_q_s(float r) const noexcept;

  /// Time factors for an inference time t_inference_s after programming (aihwkit uses
  /// t = t_inference + t0 for both drift and read noise).
  struct TimeFactors {
    float log_drift_ratio = 0.0F;  ///< ln((t_inference + t0) / t0); 0 when t_inference <= 0
    float read_sqrt_log = 0.0F;    ///< sqrt(ln((t_inference + t0 + t_read) / (2 t_read)))
  };
  TimeFactors time_factors(double t_inference_s) const noexcept;

  /// Conductance at inference time: g_p ((t+t0)/t0)^-nu plus |g_drift| * sigma_read * z, >= 0.
  float at_time(float g_prog_us, float nu, float z, const TimeFactors& tf) const noexcept {
    if (g_prog_us <= 0.0F) {  // a zero conductance neither drifts nor carries read noise
      return 0.0F;
    }
    const float g_drift =
        tf.log_drift_ratio > 0.0F ? g_prog_us * std::exp(-nu * tf.log_drift_ratio) : g_prog_us;
    const float q_s = read_q_s(std::fabs(g_prog_us) / m_g_max_us);
    const float sigma = m_read_noise_scale * q_s * tf.read_sqrt_log;
    return std::max(0.0F, g_drift + std::fabs(g_drift) * sigma * z);
  }

  /// Smallest relative conductance used in logarithms; aihwkit _ZERO_CLIP.
  static constexpr float k_zero_clip = 1e-7F;

private:
  Kind m_kind = Kind::pcm;
  float m_g_max_us = 25.0F;
  double m_t0_s = 20.0;
  double m_t_read_s = 250e-9;
  float m_prog_coeff[4] = {0.0F, 0.0F, 0.0F, 0.0F};  ///< ascending powers of r
  float m_prog_ref_ratio = 1.0F;                     ///< g_max / g_max of the fit
  float m_prog_noise_scale = 1.0F;
  float m_read_noise_scale = 1.0F;
  float m_drift_scale = 1.0F;
  float m_nu_mean_zero = 0.0F;  ///< nu_mean(k_zero_clip)
  float m_nu_std_zero = 0.0F;   ///< nu_std(k_zero_clip)
};

/// AFM evaluation programming error (apply_noise_model.py add_PCM_noise): conductance units
/// g = W / max|W| * 180; sigma(|g|) a cubic fit, one-device set below the divergence point,
/// two-device set above it; |g| < 0.6 programs to 0.
struct AfmModel {
  /// One-device fit, coefficients of |g|^3, |g|^2, |g|, 1 (WEIGHT_NOISE_MODEL_OD).
  static constexpr double one_device_coeff[4] = {2.939751381126213e-05, -0.00371581208142707,
                                                 0.22419685954327148, 2.5797410660159494};
  /// Two-device fit (WEIGHT_NOISE_MODEL_TD).
  static constexpr double two_device_coeff[4] = {1.2329755395573392e-05, -0.003054993405157235,
                                                 0.2453487119885723, 2.110295720240385};
  /// Scale epsilon added to max|W|: torch.finfo(torch.float16).tiny = 2^-14.
  static constexpr double scale_epsilon = 6.103515625e-05;

  static double polyval(const double (&coeff)[4], double x) noexcept {
    return ((coeff[0] * x + coeff[1]) * x + coeff[2]) * x + coeff[3];
  }
  /// Std of the programming error in conductance units at |g| (either set, by region).
  static double sigma_units(double abs_g, const AfmParams& p) noexcept {
    return abs_g > p.two_device_above_units ? polyval(two_device_coeff, abs_g)
                                            : polyval(one_device_coeff, abs_g);
  }
  /// Programmed conductance units for target g and deviate z.
  static double program(double g, double z, const AfmParams& p) noexcept {
    const double abs_g = std::fabs(g);
    if (abs_g < p.zero_below_units) {
      return 0.0;
    }
    return g + z * sigma_units(abs_g, p);
  }
};

}  // namespace aimcsim::physics
