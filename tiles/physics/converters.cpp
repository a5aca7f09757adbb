// SPDX-License-Identifier: Apache-2.0
#include "tiles/physics/converters.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace aimcsim::physics {

RangeCalibration range_calibration_from_string(std::string_view name) {
  if (name == "max") {
    return RangeCalibration::max;
  }
  if (name == "percentile") {
    return RangeCalibration::percentile;
  }
  throw std::invalid_argument("dac.calibration: unknown name '" + std::string(name) +
                              "' (valid: max, percentile)");
}

double calibrate_input_range(const float* data, std::size_t count, RangeCalibration method,
                             double percentile) {
  if (data == nullptr || count == 0) {
    throw std::invalid_argument("calibrate_input_range: expected at least one sample");
  }
  if (method == RangeCalibration::max) {
    float m = 0.0F;
    for (std::size_t i = 0; i < count; ++i) {
      m = std::max(m, std::fabs(data[i]));
    }
    return m;
  }
  if (!(percentile > 0.0 && percentile <= 100.0)) {
    throw std::invalid_argument("calibrate_input_range: percentile expected in (0, 100]");
  }
  std::vector<float> mags(count);
  std::transform(data, data + count, mags.begin(), [](float v) { return std::fabs(v); });
  // Nearest rank: the ceil(p/100 * n)-th smallest magnitude.
  auto rank = static_cast<std::size_t>(std::ceil(percentile / 100.0 * static_cast<double>(count)));
  rank = std::clamp<std::size_t>(rank, 1, count);
  std::nth_element(mags.begin(), mags.begin() + static_cast<std::ptrdiff_t>(rank - 1), mags.end());
  return mags[rank - 1];
}

}  // namespace aimcsim::physics
