// SPDX-License-Identifier: Apache-2.0
// Tile-level MVM: ideal reproduction, drift compensation, per-MVM noises, IR drop, determinism.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "tiles/physics/analog_tile_array.hpp"

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

/// Reference y[b][c] = sum_j x[b][j] w[j][c] in double.
std::vector<double> reference(const std::vector<float>& w, const std::vector<float>& x,
                              std::size_t rows, std::size_t cols, std::size_t batch) {
  std::vector<double> y(batch * cols, 0.0);
  for (std::size_t b = 0; b < batch; ++b) {
    for (std::size_t j = 0; j < rows; ++j) {
      for (std::size_t c = 0; c < cols; ++c) {
        y[b * cols + c] += static_cast<double>(x[b * rows + j]) * w[j * cols + c];
      }
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

double mean_abs(const std::vector<float>& y) {
  double s = 0.0;
  for (float v : y) {
    s += std::fabs(v);
  }
  return s / static_cast<double>(y.size());
}

TEST(TileMvm, IdealDeviceWith16BitConvertersReproducesFloatProduct) {
  const std::size_t rows = 512;
  const std::size_t cols = 256;
  const std::size_t batch = 8;
  const auto w = random_vector(rows * cols, 1, 0.1F);
  const auto x = random_vector(batch * rows, 2);
  for (DacRangeMode mode : {DacRangeMode::dynamic, DacRangeMode::static_range}) {
    TileConfig cfg;
    cfg.device.impl = DeviceImpl::ideal;
    cfg.dac.bits = 16;
    cfg.adc.bits = 16;
    cfg.dac.range_mode = mode;
    // Static range calibrated on the data as its max (the DAC then never clips).
    cfg.dac.static_range = calibrate_input_range(x.data(), x.size(), RangeCalibration::max);
    AnalogTileArray tile(cfg);
    tile.program(w.data(), rows, cols, 3);
    std::vector<float> y(batch * cols);
    tile.mvm(x.data(), batch, y.data());
    EXPECT_LT(relative_error(y, reference(w, x, rows, cols, batch)), 1e-4);
  }
}

TEST(TileMvm, EightBitConvertersErrIsBoundedButVisible) {
  const std::size_t rows = 256;
  const std::size_t cols = 128;
  const auto w = random_vector(rows * cols, 4, 0.1F);
  const auto x = random_vector(4 * rows, 5);
  TileConfig cfg;
  cfg.device.impl = DeviceImpl::ideal;
  AnalogTileArray tile(cfg);  // 8-bit DAC / ADC, out_bound 14
  tile.program(w.data(), rows, cols, 3);
  std::vector<float> y(4 * cols);
  tile.mvm(x.data(), 4, y.data());
  const double err = relative_error(y, reference(w, x, rows, cols, 4));
  EXPECT_GT(err, 1e-3);
  EXPECT_LT(err, 0.2);
}

/// Mean |y| of the pcm tile at t relative to the ideal product.
double pcm_magnitude_ratio(DriftCompensation comp, double t_s) {
  const std::size_t rows = 256;
  const std::size_t cols = 256;
  const std::size_t batch = 32;
  const auto w = random_vector(rows * cols, 6, 0.05F);
  const auto x = random_vector(batch * rows, 7);
  TileConfig cfg;
  cfg.device.impl = DeviceImpl::pcm;
  cfg.device.drift_compensation = comp;
  cfg.dac.bits = 0;
  cfg.adc.bits = 0;
  cfg.adc.out_bound = 0.0;
  AnalogTileArray tile(cfg);
  tile.program(w.data(), rows, cols, 8);
  tile.drift_to(t_s);
  std::vector<float> y(batch * cols);
  tile.mvm(x.data(), batch, y.data());
  const auto ref = reference(w, x, rows, cols, batch);
  double ref_abs = 0.0;
  for (double v : ref) {
    ref_abs += std::fabs(v);
  }
  return mean_abs(y) / (ref_abs / static_cast<double>(ref.size()));
}

TEST(TileMvm, DriftCompensationRestoresMeanOutputMagnitude) {
  const double one_year = 365.0 * 86400.0;
  const double uncompensated = pcm_magnitude_ratio(DriftCompensation::none, one_year);
  EXPECT_LT(uncompensated, 0.75);  // nu ~ 0.05-0.1 over ln(1.6e6) ~ 14: strong decay
  // The programming noise alone changes magnitudes by a few percent (and the zero-target
  // devices add a positive offset), so compare with the compensated result at t = 0.
  const double at_zero = pcm_magnitude_ratio(DriftCompensation::none, 0.0);
  EXPECT_NEAR(pcm_magnitude_ratio(DriftCompensation::global, one_year), at_zero, 0.03);
  EXPECT_NEAR(pcm_magnitude_ratio(DriftCompensation::per_column, one_year), at_zero, 0.03);
}

TEST(TileMvm, OutputNoiseSigmaInWeightTimesInputUnits) {
  // Ideal device, no quantisation: y - W x = out_noise * max|W_col| * range * N(0,1).
  const std::size_t rows = 64;
  const std::size_t cols = 100;
  auto w = random_vector(rows * cols, 9, 0.2F);
  const auto x = random_vector(rows, 10);
  TileConfig cfg;
  cfg.device.impl = DeviceImpl::ideal;
  cfg.device.weight_scale_scope = ScaleScope::per_tile;
  cfg.dac.bits = 0;
  cfg.adc.bits = 0;
  cfg.adc.out_bound = 0.0;
  cfg.adc.out_noise = 0.06;
  AnalogTileArray tile(cfg);
  tile.program(w.data(), rows, cols, 11);
  const double wmax = tile.weight_scale()[0];
  double xmax = 0.0;
  for (float v : x) {
    xmax = std::max(xmax, static_cast<double>(std::fabs(v)));
  }
  const auto ref = reference(w, x, rows, cols, 1);
  std::vector<float> y(cols);
  double sum = 0.0;
  double sum2 = 0.0;
  const int calls = 400;
  for (int k = 0; k < calls; ++k) {
    tile.mvm(x.data(), 1, y.data());
    for (std::size_t c = 0; c < cols; ++c) {
      const double d = (y[c] - ref[c]) / (0.06 * wmax * xmax);
      sum += d;
      sum2 += d * d;
    }
  }
  const double n = static_cast<double>(calls) * static_cast<double>(cols);
  EXPECT_NEAR(sum / n, 0.0, 5.0 / std::sqrt(n));
  EXPECT_NEAR(std::sqrt(sum2 / n), 1.0, 5.0 / std::sqrt(2.0 * n));
}

TEST(TileMvm, PcmReadWeightNoiseSigma) {
  // aihwkit PCMRead: sigma = w_noise sqrt(sum_j |w_j / s| (x_j / R)^2) in normalised units.
  const std::size_t rows = 32;
  const std::size_t cols = 50;
  const auto w = random_vector(rows * cols, 12, 0.2F);
  const auto x = random_vector(rows, 13);
  TileConfig cfg;
  cfg.device.impl = DeviceImpl::ideal;
  cfg.dac.bits = 0;
  cfg.adc.bits = 0;
  cfg.adc.out_bound = 0.0;
  cfg.nonideal.w_noise_type = WeightReadNoiseType::pcm_read;
  cfg.nonideal.w_noise = 0.02;
  AnalogTileArray tile(cfg);
  tile.program(w.data(), rows, cols, 14);
  double xmax = 0.0;
  for (float v : x) {
    xmax = std::max(xmax, static_cast<double>(std::fabs(v)));
  }
  const auto ref = reference(w, x, rows, cols, 1);
  std::vector<double> sigma(cols);
  for (std::size_t c = 0; c < cols; ++c) {
    const double s = tile.weight_scale()[c];
    double acc = 0.0;
    for (std::size_t j = 0; j < rows; ++j) {
      acc += std::fabs(w[j * cols + c] / s) * (x[j] / xmax) * (x[j] / xmax);
    }
    sigma[c] = 0.02 * std::sqrt(acc) * s * xmax;
  }
  std::vector<float> y(cols);
  double sum2 = 0.0;
  const int calls = 400;
  for (int k = 0; k < calls; ++k) {
    tile.mvm(x.data(), 1, y.data());
    for (std::size_t c = 0; c < cols; ++c) {
      const double d = (y[c] - ref[c]) / sigma[c];
      sum2 += d * d;
    }
  }
  const double n = static_cast<double>(calls) * static_cast<double>(cols);
  EXPECT_NEAR(std::sqrt(sum2 / n), 1.0, 5.0 / std::sqrt(2.0 * n));
}

TEST(TileMvm, IrDropMatchesFirstOrderFormula) {
  // aihwkit applyIrDrop in normalised units: a = n / g_ratio * sum_j |w_j||x_j|,
  // c = a (a (0.05 a - 0.2) + 0.5), y -= ir_drop * c * sum_j w_j x_j (1 - (1 - j/n)^2).
  const std::size_t rows = 4;
  const float w[4] = {0.5F, -1.0F, 0.25F, 1.0F};  // one column, max |w| = 1
  const float x[4] = {1.0F, 0.5F, -0.25F, 2.0F};  // abs-max 2
  TileConfig cfg;
  cfg.device.impl = DeviceImpl::ideal;
  cfg.dac.bits = 0;
  cfg.adc.bits = 0;
  cfg.adc.out_bound = 0.0;
  cfg.nonideal.ir_drop = 2.0;
  cfg.nonideal.ir_drop_g_ratio = 10.0;
  AnalogTileArray tile(cfg);
  tile.program(w, rows, 1, 15);
  float y = 0.0F;
  tile.mvm(x, 1, &y);
  double ideal = 0.0;
  double current = 0.0;
  double position = 0.0;
  for (std::size_t j = 0; j < rows; ++j) {
    const double xn = x[j] / 2.0;
    ideal += w[j] * xn;
    current += std::fabs(w[j]) * std::fabs(xn);
    const double p = 1.0 - static_cast<double>(j) / rows;
    position += w[j] * xn * (1.0 - p * p);
  }
  const double a = rows / 10.0 * current;
  const double c = a * (a * (0.05 * a - 0.2) + 0.5);
  const double expected = (ideal - 2.0 * c * position) * 2.0;  // back to x units
  EXPECT_NEAR(y, expected, 1e-5);
}

TEST(TileMvm, SameSeedIsBitIdenticalDifferentSeedDiffers) {
  const std::size_t rows = 128;
  const std::size_t cols = 64;
  const auto w = random_vector(rows * cols, 16, 0.1F);
  const auto x = random_vector(4 * rows, 17);
  TileConfig cfg;
  cfg.adc.out_noise = 0.04;
  auto run = [&](std::uint64_t seed) {
    AnalogTileArray tile(cfg);
    tile.program(w.data(), rows, cols, seed);
    tile.drift_to(3600.0);
    std::vector<float> y(8 * cols);
    tile.mvm(x.data(), 4, y.data());
    tile.mvm(x.data(), 4, y.data() + 4 * cols);  // second call: new noise, still reproducible
    return y;
  };
  const auto a = run(42);
  EXPECT_EQ(a, run(42));
  EXPECT_NE(a, run(43));
}

}  // namespace
}  // namespace aimcsim::physics
