// SPDX-License-Identifier: Apache-2.0
#include "tiles/physics/device_models.hpp"

#include <stdexcept>

namespace aimcsim::physics {

ConductanceModel ConductanceModel::from_config(const DeviceConfig& device) {
  ConductanceModel m;
  if (device.impl == DeviceImpl::pcm) {
    const PcmParams& p = device.pcm;
    p.validate();
    m.m_kind = Kind::pcm;
    m.m_g_max_us = static_cast<float>(p.g_max_us);
    m.m_t0_s = p.t0_s;
    m.m_t_read_s = p.t_read_s;
    // pcm.py: prog_coeff = [0.26348, 1.9650, -1.1731] fitted at 25 uS.
    const float coeff[4] = {0.26348F, 1.9650F, -1.1731F, 0.0F};
    std::copy(coeff, coeff + 4, m.m_prog_coeff);
    m.m_prog_ref_ratio = static_cast<float>(p.g_max_us / p.prog_coeff_g_max_reference_us);
    m.m_prog_noise_scale = static_cast<float>(p.prog_noise_scale);
    m.m_read_noise_scale = static_cast<float>(p.read_noise_scale);
    m.m_drift_scale = static_cast<float>(p.drift_scale);
  } else if (device.impl == DeviceImpl::hermes) {
    const HermesParams& p = device.hermes;
    p.validate();
    const bool two = p.num_devices == 2;
    m.m_kind = two ? Kind::hermes_two_device : Kind::hermes_one_device;
    m.m_g_max_us = static_cast<float>(p.resolved_g_max_us());
    m.m_t0_s = p.resolved_t0_s();
    m.m_t_read_s = p.t_read_s;
    // hermes.py default prog_coeff for num_devices == 2 and == 1.
    const float two_coeff[4] = {0.16603222F, 4.71806468F, -8.48101252F, 4.68961419F};
    const float one_coeff[4] = {0.15781817F, 2.32443916F, -2.16310839F, 0.68841818F};
    std::copy(two ? two_coeff : one_coeff, (two ? two_coeff : one_coeff) + 4, m.m_prog_coeff);
    m.m_prog_ref_ratio =
        static_cast<float>(p.resolved_g_max_us() / p.prog_coeff_g_max_reference_us());
    m.m_prog_noise_scale = static_cast<float>(p.prog_noise_scale);
    m.m_read_noise_scale = static_cast<float>(p.read_noise_scale);
    m.m_drift_scale = static_cast<float>(p.drift_scale);
  } else {
    throw std::invalid_argument("device.impl: expected pcm or hermes for a conductance model");
  }
  m.m_nu_mean_zero = m.nu_mean(k_zero_clip);
  m.m_nu_std_zero = m.nu_std(k_zero_clip);
  return m;
}

float ConductanceModel::nu_mean(float r) const noexcept { return nu_mean(r, std::log(r)); }
float ConductanceModel::nu_std(float r) const noexcept { return nu_std(r, std::log(r)); }

float ConductanceModel::nu_mean(float r, float log_r) const noexcept {
  if (m_kind == Kind::pcm) {
    return std::clamp(-0.0155F * log_r + 0.0244F, 0.049F, 0.1F);
  }
  // hermes.py: branch at r = 0.0945, same for one and two devices.
  if (r < 0.0945F) {
    return std::clamp(-0.0387F * log_r - 0.0182F, 0.0720F, 0.13F);
  }
  return -0.0436F * r * r - 0.0126F * r + 0.0736F;
}

float ConductanceModel::nu_std(float r, float log_r) const noexcept {
  switch (m_kind) {
  case Kind::pcm:
    return std::clamp(-0.0125F * log_r - 0.0059F, 0.008F, 0.045F);
  case Kind::hermes_one_device:
    if (r < 0.3039F) {
      return std::clamp(-0.0120F * log_r - 0.0023F, 0.0124F, 0.04F);
    }
    return -0.0165F * r * r + 0.0116F * r + 0.0104F;
  case Kind::hermes_two_device:
    if (r < 0.3055F) {
      return std::clamp(-0.0117F * log_r - 0.0057F, 0.0091F, 0.04F);
    }
    return -0.0118F * r * r + 0.0093F * r + 0.0073F;
  }
  return 0.0F;
}

float ConductanceModel::read_q_s(float r) const noexcept {
  switch (m_kind) {
  case Kind::pcm:
    // pcm.py: min(0.2, 0.0088 / max(1e-3, r^0.65)); for r <= 0.008, r^0.65 < 0.044 so the
    // result is already saturated at 0.2 (saves a log and an exp on near-zero devices).
    if (r <= 0.008F) {
      return 0.2F;
    }
    return std::min(0.2F, 0.0088F / std::max(1e-3F, std::exp(0.65F * std::log(r))));
  case Kind::hermes_one_device:
    if (r < 0.1591F) {
      return std::clamp(-0.0078F * std::log(std::max(r, k_zero_clip)) + 0.0038F, 0.0179F, 0.04F);
    }
    return ((0.0664F * r - 0.1352F) * r + 0.0768F) * r + 0.0088F;
  case Kind::hermes_two_device:
    if (r < 0.16F) {
      return std::clamp(-0.0117F * std::log(std::max(r, k_zero_clip)) - 0.0069F, 0.015F, 0.04F);
    }
    return ((0.0069F * r - 0.0280F) * r + 0.0211F) * r + 0.0123F;
  }
  return 0.0F;
}

ConductanceModel::TimeFactors ConductanceModel::time_factors(double t_inference_s) const noexcept {
  TimeFactors tf;
  const double t = t_inference_s + m_t0_s;
  if (t > m_t0_s) {
    tf.log_drift_ratio = static_cast<float>(std::log(t / m_t0_s));
  }
  if (t > 0.0) {
    tf.read_sqrt_log = static_cast<float>(std::sqrt(std::log((t + m_t_read_s) / (2.0 * m_t_read_s))));
  }
  return tf;
}

}  // namespace aimcsim::physics
