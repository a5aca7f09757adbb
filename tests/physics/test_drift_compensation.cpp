// SPDX-License-Identifier: Apache-2.0
// Drift compensation with a static DAC range: aihwkit reads the one-hot vectors with the raw
// tile forward (src/aihwkit/simulator/tiles/inference.py, _forward_drift_readout_tensor calls
// tile.forward, bypassing the input-range scaling), i.e. at full DAC scale, so the
// compensation factor cannot depend on the layer's input range nor on when it is set.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "tiles/physics/analog_matrix.hpp"
#include "tiles/physics/analog_tile_array.hpp"

namespace aimcsim::physics {
namespace {

constexpr double k_one_year_s = 365.0 * 86400.0;
constexpr std::size_t k_rows = 256;
constexpr std::size_t k_cols = 128;
constexpr std::size_t k_batch = 64;

std::vector<float> gaussian(std::size_t n, std::uint32_t seed, float sigma) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> dist(0.0F, sigma);
  std::vector<float> v(n);
  for (auto& x : v) x = dist(gen);
  return v;
}

std::vector<float> uniform(std::size_t n, std::uint32_t seed, float half_width) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(-half_width, half_width);
  std::vector<float> v(n);
  for (auto& x : v) x = dist(gen);
  return v;
}

TileConfig pcm_config(DacRangeMode mode) {
  TileConfig cfg;
  cfg.device.impl = DeviceImpl::pcm;
  cfg.device.drift_compensation = DriftCompensation::per_column;
  cfg.dac.range_mode = mode;  // 8-bit DAC and ADC, out_bound 14 (defaults)
  return cfg;
}

/// Relative error ||y - W x|| / ||W x|| of a pcm tile after one year, inputs R x u with u
/// uniform in [-1, 1] (so the static range R is the inputs' full scale, as the dynamic one).
double relative_mvm_error(DacRangeMode mode, double range, std::vector<float>* alpha = nullptr) {
  const auto w = gaussian(k_rows * k_cols, 11, 0.05F);
  auto x = uniform(k_batch * k_rows, 12, 1.0F);
  for (auto& v : x) v *= static_cast<float>(range);
  AnalogTileArray tile(pcm_config(mode));
  tile.set_input_range(range);
  tile.program(w.data(), k_rows, k_cols, 5);
  tile.drift_to(k_one_year_s);
  std::vector<float> y(k_batch * k_cols);
  tile.mvm(x.data(), k_batch, y.data());
  if (alpha != nullptr) *alpha = tile.compensation_alpha();
  double num = 0.0;
  double den = 0.0;
  for (std::size_t b = 0; b < k_batch; ++b) {
    for (std::size_t c = 0; c < k_cols; ++c) {
      double ref = 0.0;
      for (std::size_t j = 0; j < k_rows; ++j) {
        ref += static_cast<double>(x[b * k_rows + j]) * w[j * k_cols + c];
      }
      const double d = y[b * k_cols + c] - ref;
      num += d * d;
      den += ref * ref;
    }
  }
  return std::sqrt(num / den);
}

TEST(DriftCompensation, StaticRangeErrorDoesNotDependOnTheRange) {
  std::vector<float> alpha_dynamic;
  const double dynamic = relative_mvm_error(DacRangeMode::dynamic, 1.0, &alpha_dynamic);
  // Sanity of the scale of the error: 1 year of PCM drift with compensation, 8-bit converters.
  EXPECT_GT(dynamic, 0.05);
  EXPECT_LT(dynamic, 0.3);
  for (const double range : {3.0, 10.0, 20.0}) {
    std::vector<float> alpha;
    const double err = relative_mvm_error(DacRangeMode::static_range, range, &alpha);
    // Same compensation factors bit for bit as the dynamic case (both read at full scale).
    EXPECT_EQ(alpha, alpha_dynamic) << "range " << range;
    // Inputs R x u through range R: the same normalised MVM up to float rounding of x / R.
    EXPECT_NEAR(err, relative_mvm_error(DacRangeMode::static_range, 1.0), 1e-3 * err)
        << "range " << range;
    // Static range R vs per-vector abs-max (~R): equal within the converters' noise.
    EXPECT_NEAR(err, dynamic, 0.1 * dynamic) << "range " << range;
  }
}

/// The outputs of a static-range tile after the calls in `order` (0: range, program, drift;
/// 1: program, drift, range; 2: program, range, drift).
std::vector<float> outputs_in_order(int order, DriftCompensation comp) {
  const auto w = gaussian(k_rows * k_cols, 21, 0.05F);
  const auto x = uniform(k_batch * k_rows, 22, 4.0F);
  TileConfig cfg = pcm_config(DacRangeMode::static_range);
  cfg.device.drift_compensation = comp;
  cfg.adc.out_noise = 0.04;  // the readout noise stream must not depend on the order either
  AnalogTileArray tile(cfg);
  const double range = 5.0;
  if (order == 0) tile.set_input_range(range);
  tile.program(w.data(), k_rows, k_cols, 9);
  if (order == 2) tile.set_input_range(range);
  tile.drift_to(k_one_year_s);
  if (order == 1) tile.set_input_range(range);
  std::vector<float> y(k_batch * k_cols);
  tile.mvm(x.data(), k_batch, y.data());
  return y;
}

TEST(DriftCompensation, SetInputRangeOrderDoesNotMatter) {
  for (const DriftCompensation comp : {DriftCompensation::global, DriftCompensation::per_column}) {
    const auto first = outputs_in_order(0, comp);
    for (int order = 1; order <= 2; ++order) {
      const auto other = outputs_in_order(order, comp);
      ASSERT_EQ(first.size(), other.size());
      EXPECT_EQ(std::memcmp(first.data(), other.data(), first.size() * sizeof(float)), 0)
          << "order " << order << ", " << to_string(comp);
    }
  }
}

TEST(DriftCompensation, MatrixInputRangesBeforeOrAfterDrift) {
  const std::size_t out = 300;
  const std::size_t in = 600;  // two row blocks of 512 / 88, three column blocks
  const auto w = gaussian(out * in, 31, 0.05F);
  const auto x = uniform(4 * in, 32, 2.0F);
  MatrixConfig mc;
  mc.tile_rows = 512;
  mc.tile_cols = 128;
  mc.tile = pcm_config(DacRangeMode::static_range);
  auto run = [&](bool ranges_first) {
    AnalogMatrix m(mc);
    m.program(w.data(), out, in, 4);
    if (ranges_first) m.set_input_ranges({2.0, 7.0});
    m.drift_to(k_one_year_s);
    if (!ranges_first) m.set_input_ranges({2.0, 7.0});
    std::vector<float> y(4 * out);
    m.mvm(x.data(), 4, y.data());
    return y;
  };
  const auto a = run(true);
  const auto b = run(false);
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0);
}

}  // namespace
}  // namespace aimcsim::physics
