// SPDX-License-Identifier: Apache-2.0
// Matrix split over tiles: exact in ideal mode, ADC bits matter, thread-count independence.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "tiles/physics/analog_matrix.hpp"

namespace aimcsim::physics {
namespace {

std::vector<float> random_vector(std::size_t n, std::uint32_t seed, float scale = 1.0F) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> dist(0.0F, scale);
  std::vector<float> v(n);
  for (auto& x : v) {
    x = dist(gen);
  }
  return v;
}

/// y = W x with W row-major [out x in], in double.
std::vector<double> reference(const std::vector<float>& w, const std::vector<float>& x,
                              std::size_t out, std::size_t in, std::size_t batch) {
  std::vector<double> y(batch * out, 0.0);
  for (std::size_t b = 0; b < batch; ++b) {
    for (std::size_t o = 0; o < out; ++o) {
      double acc = 0.0;
      for (std::size_t i = 0; i < in; ++i) {
        acc += static_cast<double>(w[o * in + i]) * x[b * in + i];
      }
      y[b * out + o] = acc;
    }
  }
  return y;
}

double relative_error(const std::vector<float>& y, const std::vector<double>& ref) {
  double num = 0.0;
  double den = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    num += (y[i] - ref[i]) * (y[i] - ref[i]);
    den += ref[i] * ref[i];
  }
  return std::sqrt(num / den);
}

constexpr std::size_t k_out = 700;  // 2 output blocks of 512 (512 + 188)
constexpr std::size_t k_in = 900;   // 2 input blocks of 512 (512 + 388)
constexpr std::size_t k_batch = 4;

std::vector<float> run(const MatrixConfig& cfg, std::uint64_t seed, double t_s = 0.0) {
  const auto w = random_vector(k_out * k_in, 1, 0.05F);
  const auto x = random_vector(k_batch * k_in, 2);
  AnalogMatrix m(cfg);
  m.program(w.data(), k_out, k_in, seed);
  m.drift_to(t_s);
  std::vector<float> y(k_batch * k_out);
  m.mvm(x.data(), k_batch, y.data());
  return y;
}

TEST(AnalogMatrix, SplitsLikeTheMapper) {
  MatrixConfig cfg;
  cfg.tile.device.impl = DeviceImpl::ideal;
  AnalogMatrix m(cfg);
  const auto w = random_vector(k_out * k_in, 1);
  m.program(w.data(), k_out, k_in, 1);
  EXPECT_EQ(m.row_blocks(), 2U);
  EXPECT_EQ(m.col_blocks(), 2U);
  EXPECT_EQ(m.tile(0, 0).rows(), 512U);
  EXPECT_EQ(m.tile(1, 0).rows(), 388U);
  EXPECT_EQ(m.tile(0, 1).cols(), 188U);
  // Tile (1, 1) holds W[512 + k][512 + j] at block (j, k).
  const auto block = m.tile(1, 1).programmed_weights();
  EXPECT_EQ(block[3 * 188 + 5], w[(512 + 5) * k_in + 512 + 3]);
}

TEST(AnalogMatrix, FourTilesEqualUntiledProductInIdealMode) {
  MatrixConfig cfg;
  cfg.tile.device.impl = DeviceImpl::ideal;
  cfg.tile.dac.bits = 0;
  cfg.tile.adc.bits = 0;
  cfg.tile.adc.out_bound = 0.0;
  const auto ref = reference(random_vector(k_out * k_in, 1, 0.05F),
                             random_vector(k_batch * k_in, 2), k_out, k_in, k_batch);
  EXPECT_LT(relative_error(run(cfg, 5), ref), 1e-6);
  cfg.tile.dac.bits = 16;
  cfg.tile.adc.bits = 16;
  cfg.tile.adc.out_bound = 14.0;
  EXPECT_LT(relative_error(run(cfg, 5), ref), 1e-4);
}

TEST(AnalogMatrix, SixBitAdcDiffersMeasurablyAndTileSizeMatters) {
  MatrixConfig cfg;
  cfg.tile.device.impl = DeviceImpl::ideal;
  cfg.tile.dac.bits = 16;
  cfg.tile.adc.bits = 6;
  cfg.tile.adc.out_bound = 14.0;
  const auto ref = reference(random_vector(k_out * k_in, 1, 0.05F),
                             random_vector(k_batch * k_in, 2), k_out, k_in, k_batch);
  const auto tiled = run(cfg, 5);
  const double err_6bit = relative_error(tiled, ref);
  EXPECT_GT(err_6bit, 0.02);
  cfg.tile.adc.bits = 8;
  EXPECT_LT(relative_error(run(cfg, 5), ref), err_6bit / 2.0);
  // One big tile: a single ADC conversion per output, different result.
  cfg.tile.adc.bits = 6;
  cfg.tile_rows = 1024;
  cfg.tile_cols = 1024;
  EXPECT_NE(run(cfg, 5), tiled);
}

TEST(AnalogMatrix, SameSeedIdenticalForOneAndTwoThreads) {
  MatrixConfig cfg;
  cfg.tile.device.impl = DeviceImpl::pcm;
  cfg.tile.adc.out_noise = 0.04;
  cfg.tile.nonideal.w_noise_type = WeightReadNoiseType::pcm_read;
  cfg.tile.nonideal.w_noise = 0.01;
  cfg.tile.adc.bound_management = BoundManagement::iterative;
  cfg.tile_rows = 256;
  cfg.tile_cols = 256;
  cfg.threads = 1;
  const auto one = run(cfg, 77, 3600.0);
  cfg.threads = 2;
  const auto two = run(cfg, 77, 3600.0);
  EXPECT_EQ(one, two);
  EXPECT_NE(one, run(cfg, 78, 3600.0));
}

TEST(AnalogMatrix, PerOutputScaleUsesWholeRowMax) {
  MatrixConfig cfg;
  cfg.tile.device.impl = DeviceImpl::ideal;
  cfg.tile.device.weight_scale_scope = ScaleScope::per_output;
  AnalogMatrix m(cfg);
  const auto w = random_vector(k_out * k_in, 3);
  m.program(w.data(), k_out, k_in, 1);
  float row_max = 0.0F;
  for (std::size_t i = 0; i < k_in; ++i) {
    row_max = std::max(row_max, std::fabs(w[600 * k_in + i]));
  }
  EXPECT_EQ(m.tile(0, 1).weight_scale()[600 - 512], row_max);
  EXPECT_EQ(m.tile(1, 1).weight_scale()[600 - 512], row_max);
}

}  // namespace
}  // namespace aimcsim::physics
