// SPDX-License-Identifier: Apache-2.0
// The two drift semantics of pcm / hermes tiles against independent double-precision
// calculations: device_pair (each device of the pair drifts with its own nu) and
// inference_tile (aihwkit InferenceTile: src/aihwkit/simulator/tiles/inference.py drift_weights
// -> src/aihwkit/inference/noise/base.py apply_drift_noise re-converts the programmed weights
// with SinglePairConductanceConverter, g_max at max|w_prog|, so one device per weight drifts).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "tiles/physics/analog_tile_array.hpp"

namespace aimcsim::physics {
namespace {

constexpr double k_one_year_s = 365.0 * 86400.0;
constexpr double k_pi = 3.14159265358979323846;

std::vector<float> gaussian(std::size_t n, std::uint32_t seed, float sigma) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> dist(0.0F, sigma);
  std::vector<float> v(n);
  for (auto& x : v) x = dist(gen);
  return v;
}

TileConfig pcm_config(DriftSemantics semantics, ScaleScope scope,
                      DeviceImpl impl = DeviceImpl::pcm) {
  TileConfig cfg;
  cfg.device.impl = impl;
  cfg.device.hermes.read_noise_scale = 0.0;
  cfg.device.drift_semantics = semantics;
  cfg.device.weight_scale_scope = scope;
  cfg.device.drift_compensation = DriftCompensation::none;
  cfg.device.pcm.read_noise_scale = 0.0;  // drift alone: w_eff follows from g_prog and nu
  return cfg;
}

struct Drifted {
  std::vector<float> w_prog, w_eff;  // row-major [rows x cols]
  DeviceSnapshot snap;               // index c * rows + j
  std::vector<float> scale;          // per column max|W| mapped to g_max
};

Drifted drift(const TileConfig& cfg, const std::vector<float>& w, std::size_t rows,
              std::size_t cols, double t_s) {
  AnalogTileArray tile(cfg);
  tile.program(w.data(), rows, cols, 17);
  tile.drift_to(t_s);
  return {tile.programmed_weights(), tile.effective_weights(), tile.device_snapshot(),
          tile.weight_scale()};
}

TEST(DriftSemantics, NamesRoundTripAndNeedADriftingDevice) {
  for (const char* name : {"device_pair", "inference_tile"}) {
    EXPECT_EQ(to_string(drift_semantics_from_string(name)), name);
  }
  EXPECT_THROW(drift_semantics_from_string("single"), std::invalid_argument);
  DeviceConfig d;
  d.drift_semantics = DriftSemantics::inference_tile;
  for (DeviceImpl impl : {DeviceImpl::pcm, DeviceImpl::hermes}) {
    d.impl = impl;
    EXPECT_NO_THROW(d.validate());
  }
  for (DeviceImpl impl : {DeviceImpl::ideal, DeviceImpl::additive, DeviceImpl::afm}) {
    d.impl = impl;
    EXPECT_THROW(d.validate(), std::invalid_argument) << to_string(impl);
  }
}

/// Per weight: both semantics program identically; device_pair drifts g+ and g- with their
/// own nu, inference_tile drifts w_prog with the nu of the device of its sign; the re-converted
/// conductance is |w_prog| g_max / max|w_prog| over the mapping scope (tile for per_tile,
/// column otherwise).
void check_per_weight(ScaleScope scope, DeviceImpl impl = DeviceImpl::pcm) {
  const std::size_t rows = 96;
  const std::size_t cols = 40;
  const auto w = gaussian(rows * cols, 3, 0.05F);
  const HermesParams hermes;  // two devices: 20.7 uS, t0 300 s (hermes.py)
  const bool is_pcm = impl == DeviceImpl::pcm;
  const double t0 = is_pcm ? PcmParams::default_t0_s : hermes.resolved_t0_s();
  const double g_max = is_pcm ? PcmParams::default_g_max_us : hermes.resolved_g_max_us();
  const double log_t = std::log((k_one_year_s + t0) / t0);
  const Drifted pair = drift(pcm_config(DriftSemantics::device_pair, scope, impl), w, rows, cols,
                             k_one_year_s);
  const Drifted tile = drift(pcm_config(DriftSemantics::inference_tile, scope, impl), w, rows,
                             cols, k_one_year_s);
  EXPECT_EQ(pair.w_prog, tile.w_prog);  // same programming streams
  std::vector<double> scope_max(cols, 0.0);
  for (std::size_t c = 0; c < cols; ++c) {
    for (std::size_t j = 0; j < rows; ++j) {
      scope_max[c] = std::max(scope_max[c], std::fabs(static_cast<double>(pair.w_prog[j * cols + c])));
    }
  }
  if (scope == ScaleScope::per_tile) {
    const double m = *std::max_element(scope_max.begin(), scope_max.end());
    std::fill(scope_max.begin(), scope_max.end(), m);
  }
  std::size_t checked = 0;
  for (std::size_t c = 0; c < cols; ++c) {
    const double to_w = pair.scale[c] / g_max;
    for (std::size_t j = 0; j < rows; ++j) {
      const std::size_t d = c * rows + j;
      const std::size_t e = j * cols + c;
      const double gp_plus = pair.snap.g_prog_plus_us[d];
      const double gp_minus = pair.snap.g_prog_minus_us[d];
      const double nu_plus = pair.snap.nu_plus[d];
      const double nu_minus = pair.snap.nu_minus[d];
      const double expect_pair =
          (gp_plus * std::exp(-nu_plus * log_t) - gp_minus * std::exp(-nu_minus * log_t)) * to_w;
      EXPECT_NEAR(pair.w_eff[e], expect_pair, 2e-6 * pair.scale[c]) << "pair " << j << "," << c;
      const double wp = pair.w_prog[e];
      const double nu_sel = wp > 0.0 ? nu_plus : nu_minus;  // the sign's device: g_prog > 0
      const double expect_tile = wp * std::exp(-nu_sel * log_t);
      EXPECT_NEAR(tile.w_eff[e], expect_tile, 2e-6 * pair.scale[c]) << "tile " << j << "," << c;
      // The drifting device of inference_tile: |w_prog| g_max / max|w_prog|, drifted.
      const double g_re = std::fabs(wp) * g_max / scope_max[c] * std::exp(-nu_sel * log_t);
      const double g_tile = wp > 0.0 ? tile.snap.g_plus_us[d] : tile.snap.g_minus_us[d];
      const double g_other = wp > 0.0 ? tile.snap.g_minus_us[d] : tile.snap.g_plus_us[d];
      EXPECT_NEAR(g_tile, g_re, 2e-6 * g_max) << "g " << j << "," << c;
      EXPECT_EQ(g_other, 0.0);
      ++checked;
    }
  }
  EXPECT_EQ(checked, rows * cols);
}

TEST(DriftSemantics, PerWeightMatchesIndependentCalculationPerColumn) {
  check_per_weight(ScaleScope::per_column);
}
TEST(DriftSemantics, PerWeightMatchesIndependentCalculationPerTile) {
  check_per_weight(ScaleScope::per_tile);
}
TEST(DriftSemantics, PerWeightMatchesIndependentCalculationHermes) {
  check_per_weight(ScaleScope::per_column, DeviceImpl::hermes);
}

TEST(DriftSemantics, AgreeWithoutProgrammingNoise) {
  // No programming noise: every zero-target device stays at 0 uS and max|w_prog| = max|W|,
  // so re-converting changes nothing: both semantics give the same weights (read noise on).
  const std::size_t rows = 128;
  const std::size_t cols = 32;
  const auto w = gaussian(rows * cols, 4, 0.05F);
  TileConfig pair_cfg = pcm_config(DriftSemantics::device_pair, ScaleScope::per_column);
  pair_cfg.device.pcm.prog_noise_scale = 0.0;
  pair_cfg.device.pcm.read_noise_scale = 1.0;
  TileConfig tile_cfg = pair_cfg;
  tile_cfg.device.drift_semantics = DriftSemantics::inference_tile;
  const Drifted pair = drift(pair_cfg, w, rows, cols, k_one_year_s);
  const Drifted tile = drift(tile_cfg, w, rows, cols, k_one_year_s);
  double max_diff = 0.0;
  double max_w = 0.0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    max_diff = std::max(max_diff, std::fabs(static_cast<double>(pair.w_eff[i] - tile.w_eff[i])));
    max_w = std::max(max_w, std::fabs(static_cast<double>(w[i])));
  }
  EXPECT_LT(max_diff, 1e-6 * max_w);
}

/// E[exp(-k nu)] for nu = |mu + sd z|, z ~ N(0, 1) (Simpson's rule over z in [-12, 12]).
double folded_exp_moment(double mu, double sd, double k) {
  const int n = 24000;
  const double a = -12.0;
  const double h = 24.0 / n;
  double sum = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double z = a + i * h;
    const double f = std::exp(-z * z / 2.0) / std::sqrt(2.0 * k_pi) * std::exp(-k * std::fabs(mu + sd * z));
    sum += f * (i == 0 || i == n ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0));
  }
  return sum * h / 3.0;
}

TEST(DriftSemantics, ZeroWeightDriftStatisticsSingleDeviceVersusPair) {
  // Columns of one weight 1 (setting max|W|) and zero weights. A zero weight programs both
  // devices to g = max(0, s0 z) (s0 = 0.26348 uS at g_max 25 uS, pcm.py) with nu = |0.1 +
  // 0.045 z| (target clipped at 1e-7: mean and sd at their clamps), drift d = exp(-nu L):
  //   pair:           Var = (2 E[g^2] E[d^2] - 2 E[g]^2 E[d]^2) (1 / g_max)^2
  //   inference_tile: Var = (2 E[g^2] - 2 E[g]^2) E[d^2] (1 / g_max)^2
  // (the pair's two drifts are independent; the tile's single device drifts their difference).
  const std::size_t rows = 4096;
  const std::size_t cols = 64;
  std::vector<float> w(rows * cols, 0.0F);
  for (std::size_t c = 0; c < cols; ++c) w[(c * 37 % rows) * cols + c] = 1.0F;
  const double g_max = PcmParams::default_g_max_us;
  const double s0 = 0.26348;
  const double e_g = s0 / std::sqrt(2.0 * k_pi);
  const double e_g2 = s0 * s0 / 2.0;
  const double log_t = std::log((k_one_year_s + PcmParams::default_t0_s) / PcmParams::default_t0_s);
  const double e_d = folded_exp_moment(0.1, 0.045, log_t);
  const double e_d2 = folded_exp_moment(0.1, 0.045, 2.0 * log_t);
  const double var_pair = (2.0 * e_g2 * e_d2 - 2.0 * e_g * e_g * e_d * e_d) / (g_max * g_max);
  const double var_tile = (2.0 * e_g2 - 2.0 * e_g * e_g) * e_d2 / (g_max * g_max);
  auto sample_var = [&](DriftSemantics s) {
    const Drifted d = drift(pcm_config(s, ScaleScope::per_column), w, rows, cols, k_one_year_s);
    double sum = 0.0;
    double sum2 = 0.0;
    double n = 0.0;
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (w[i] != 0.0F) continue;
      sum += d.w_eff[i];
      sum2 += static_cast<double>(d.w_eff[i]) * d.w_eff[i];
      n += 1.0;
    }
    const double mean = sum / n;
    EXPECT_NEAR(mean, 0.0, 5.0 * std::sqrt(sum2 / n / n)) << to_string(s);
    return sum2 / n - mean * mean;
  };
  const double got_pair = sample_var(DriftSemantics::device_pair);
  const double got_tile = sample_var(DriftSemantics::inference_tile);
  // ~2.6e5 samples of a heavy-tailed product: 3 % is > 5 standard errors of the variance.
  EXPECT_NEAR(got_pair, var_pair, 0.03 * var_pair);
  EXPECT_NEAR(got_tile, var_tile, 0.03 * var_tile);
  EXPECT_GT(var_pair / var_tile, 1.1);  // the semantics differ by more than the tolerance
}

}  // namespace
}  // namespace aimcsim::physics
