// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// DAC / ADC quantisation and input-range calibration.
///
/// A converter with `bits` b (sign included) has 2^b - 2 steps over [-bound, bound], i.e. the
/// levels k * bound / (2^(b-1) - 1) for |k| <= 2^(b-1) - 1, as aihwkit-lightning's
/// UniformQuantize with res = 2^b - 2 (AFM: inp_res = out_res = 254 for 8 bits). Rounding is
/// half to even (torch.round), values beyond the bound clip to it.

#include <cmath>
#include <cstddef>
#include <string_view>

namespace aimcsim::physics {

/// A symmetric uniform quantiser with clipping.
class Quantizer {
public:
  /// bits == 0: no quantisation; bound <= 0 or non-finite: no clipping.
  Quantizer(double bound, int bits) noexcept {
    m_clip = std::isfinite(bound) && bound > 0.0;
    m_bound = m_clip ? static_cast<float>(bound) : 0.0F;
    m_quantize = bits > 0 && m_clip;
    if (m_quantize) {
      m_levels = static_cast<float>((1LL << (bits - 1)) - 1);
      m_step = static_cast<float>(bound / static_cast<double>(m_levels));
    }
  }
  float step() const noexcept { return m_step; }
  float bound() const noexcept { return m_bound; }

  /// Quantised and clipped value; `saturated_pos/neg` set when the value exceeded the bound.
  float apply(float value, bool& saturated_pos, bool& saturated_neg) const noexcept {
    if (m_quantize) {
      // std::nearbyint rounds half to even in the default rounding mode.
      float k = std::nearbyint(value / m_step);
      if (k > m_levels) {
        saturated_pos = true;
        k = m_levels;
      } else if (k < -m_levels) {
        saturated_neg = true;
        k = -m_levels;
      }
      return k * m_step;
    }
    if (m_clip) {
      if (value > m_bound) {
        saturated_pos = true;
        return m_bound;
      }
      if (value < -m_bound) {
        saturated_neg = true;
        return -m_bound;
      }
    }
    return value;
  }
  float apply(float value) const noexcept {
    bool pos = false;
    bool neg = false;
    return apply(value, pos, neg);
  }

private:
  float m_bound = 0.0F;
  float m_step = 0.0F;
  float m_levels = 0.0F;
  bool m_clip = false;
  bool m_quantize = false;
};

/// How a static DAC input range is calibrated on data.
enum class RangeCalibration { max, percentile };
/// "max" or "percentile"; throws std::invalid_argument listing the valid names.
RangeCalibration range_calibration_from_string(std::string_view name);

/// Static input range from sample inputs: max |x|, or the given percentile (0..100] of |x|
/// (nearest rank). Throws std::invalid_argument on empty data or a bad percentile.
double calibrate_input_range(const float* data, std::size_t count, RangeCalibration method,
                             double percentile = 99.99);

}  // namespace aimcsim::physics
