// SPDX-License-Identifier: Apache-2.0
// Monte-Carlo statistics over many devices against the published formulas (aihwkit pcm.py,
// hermes.py; AFM apply_noise_model.py). Tolerances are 5 standard errors with fixed seeds.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "tiles/physics/analog_tile_array.hpp"

namespace aimcsim::physics {
namespace {

constexpr std::size_t k_rows = 200;
constexpr std::size_t k_cols = 250;
constexpr double k_n = static_cast<double>(k_rows * k_cols);
constexpr double k_pi = 3.14159265358979323846;

struct Moments {
  double mean = 0.0;
  double sd = 0.0;
};
Moments moments(const std::vector<double>& v) {
  Moments m;
  for (double x : v) {
    m.mean += x;
  }
  m.mean /= static_cast<double>(v.size());
  for (double x : v) {
    m.sd += (x - m.mean) * (x - m.mean);
  }
  m.sd = std::sqrt(m.sd / static_cast<double>(v.size() - 1));
  return m;
}
std::vector<double> as_double(const std::vector<float>& v) { return {v.begin(), v.end()}; }

void expect_moments(const Moments& got, double mean, double sd, const char* what,
                    double n = k_n) {
  EXPECT_NEAR(got.mean, mean, 5.0 * sd / std::sqrt(n)) << what;
  EXPECT_NEAR(got.sd, sd, 5.0 * sd / std::sqrt(2.0 * n)) << what;
}

/// Drift exponents of the '+' devices; devices programmed to 0 uS have none (they never drift).
std::vector<double> drawn_nu(const DeviceSnapshot& s) {
  std::vector<double> nu;
  for (std::size_t i = 0; i < s.nu_plus.size(); ++i) {
    if (s.g_prog_plus_us[i] > 0.0F) {
      nu.push_back(s.nu_plus[i]);
    }
  }
  return nu;
}

/// Folded normal |N(mu, sd)|: mean and standard deviation.
Moments folded_normal(double mu, double sd) {
  Moments m;
  m.mean = sd * std::sqrt(2.0 / k_pi) * std::exp(-mu * mu / (2.0 * sd * sd)) +
           mu * std::erf(mu / (sd * std::sqrt(2.0)));
  m.sd = std::sqrt(mu * mu + sd * sd - m.mean * m.mean);
  return m;
}

/// max(0, N(m, s)) (programming noise clipped at zero conductance): mean and std.
Moments rectified_normal(double m, double s) {
  const double a = m / s;
  const double pdf = std::exp(-0.5 * a * a) / std::sqrt(2.0 * k_pi);
  const double cdf = 0.5 * std::erfc(-a / std::sqrt(2.0));
  Moments r;
  r.mean = m * cdf + s * pdf;
  const double second = (m * m + s * s) * cdf + m * s * pdf;
  r.sd = std::sqrt(second - r.mean * r.mean);
  return r;
}

/// A tile whose weights all equal `level` with weight scale 1 (so g_target = level * g_max).
AnalogTileArray uniform_tile(const DeviceConfig& device, float level, std::uint64_t seed) {
  TileConfig cfg;
  cfg.device = device;
  cfg.device.drift_compensation = DriftCompensation::none;
  AnalogTileArray tile(cfg);
  const std::vector<float> w(k_rows * k_cols, level);
  const std::vector<float> scale(k_cols, 1.0F);
  tile.program(w.data(), k_rows, k_cols, seed, scale.data());
  return tile;
}

DeviceConfig pcm_device(double g_max_us) {
  DeviceConfig d;
  d.impl = DeviceImpl::pcm;
  d.pcm.g_max_us = g_max_us;
  return d;
}

TEST(PcmStatistics, ProgrammingNoisePerConductanceLevel) {
  for (double g_max : {25.0, 10.0}) {
    for (double r : {0.1, 0.3, 0.6, 1.0}) {
      AnalogTileArray tile = uniform_tile(pcm_device(g_max), static_cast<float>(r), 11);
      const DeviceSnapshot s = tile.device_snapshot();
      const double sigma = (0.26348 + 1.9650 * r - 1.1731 * r * r) * g_max / 25.0;
      const Moments e = rectified_normal(r * g_max, sigma);
      expect_moments(moments(as_double(s.g_prog_plus_us)), e.mean, e.sd, "g_prog");
    }
  }
}

TEST(PcmStatistics, ZeroTargetDeviceIsHalfNormal) {
  AnalogTileArray tile = uniform_tile(pcm_device(25.0), 0.5F, 12);
  const DeviceSnapshot s = tile.device_snapshot();
  const double sigma0 = 0.26348;
  std::size_t zeros = 0;
  for (float g : s.g_prog_minus_us) {
    zeros += g == 0.0F ? 1 : 0;
  }
  EXPECT_NEAR(static_cast<double>(zeros) / k_n, 0.5, 5.0 * 0.5 / std::sqrt(k_n));
  const Moments m = moments(as_double(s.g_prog_minus_us));
  const double half_sd = sigma0 * std::sqrt(1.0 - 2.0 / k_pi);  // sd of max(0, N) ~ upper bound
  EXPECT_NEAR(m.mean, sigma0 / std::sqrt(2.0 * k_pi), 5.0 * half_sd / std::sqrt(k_n));
}

TEST(PcmStatistics, DriftExponentDistribution) {
  for (double r : {1.0, 0.3, 0.1, 0.01}) {
    AnalogTileArray tile = uniform_tile(pcm_device(25.0), static_cast<float>(r), 13);
    const DeviceSnapshot s = tile.device_snapshot();
    const double mu = std::clamp(-0.0155 * std::log(r) + 0.0244, 0.049, 0.1);
    const double sd = std::clamp(-0.0125 * std::log(r) - 0.0059, 0.008, 0.045);
    const Moments f = folded_normal(mu, sd);
    const std::vector<double> nu = drawn_nu(s);
    expect_moments(moments(nu), f.mean, f.sd, "nu", static_cast<double>(nu.size()));
  }
}

/// Read noise: (g - g_drift) / (|g_drift| Q_s sqrt(ln((t + t0 + t_read) / (2 t_read)))) must be
/// standard normal, with g_drift = g_prog ((t + t0) / t0)^-nu recomputed from the snapshot.
void check_read_noise(const DeviceConfig& device, double t_s,
                      double (*q_s)(double), double t0, double t_read, double g_max) {
  AnalogTileArray tile = uniform_tile(device, 0.5F, 14);
  tile.drift_to(t_s);
  const DeviceSnapshot s = tile.device_snapshot();
  const double t = t_s + t0;
  const double root = std::sqrt(std::log((t + t_read) / (2.0 * t_read)));
  std::vector<double> z(s.g_plus_us.size());
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double gp = s.g_prog_plus_us[i];
    const double g_drift = gp * std::pow(t / t0, -static_cast<double>(s.nu_plus[i]));
    z[i] = (s.g_plus_us[i] - g_drift) / (g_drift * q_s(gp / g_max) * root);
  }
  const Moments m = moments(z);
  EXPECT_NEAR(m.mean, 0.0, 5.0 / std::sqrt(k_n)) << "t = " << t_s;
  EXPECT_NEAR(m.sd, 1.0, 5.0 / std::sqrt(2.0 * k_n)) << "t = " << t_s;
}

double pcm_q_s(double r) { return std::min(0.2, 0.0088 / std::max(1e-3, std::pow(r, 0.65))); }

TEST(PcmStatistics, ReadNoiseSigmaAtOneHourAndOneDay) {
  check_read_noise(pcm_device(25.0), 3600.0, pcm_q_s, 20.0, 250e-9, 25.0);
  check_read_noise(pcm_device(25.0), 86400.0, pcm_q_s, 20.0, 250e-9, 25.0);
}

TEST(PcmStatistics, MeanDriftFollowsPowerLaw) {
  // E[g(t)] / g_prog = E[((t + t0) / t0)^-nu]: compare with the empirical nu of the devices.
  AnalogTileArray tile = uniform_tile(pcm_device(25.0), 0.8F, 15);
  const double t = 86400.0 * 365.0;
  tile.drift_to(t);
  const DeviceSnapshot s = tile.device_snapshot();
  double ratio = 0.0;
  double expected = 0.0;
  for (std::size_t i = 0; i < s.g_plus_us.size(); ++i) {
    ratio += s.g_plus_us[i] / s.g_prog_plus_us[i];
    expected += std::pow((t + 20.0) / 20.0, -static_cast<double>(s.nu_plus[i]));
  }
  // read-noise relative sigma ~ 0.0101 * 4.9 per device, averaged over N devices
  EXPECT_NEAR(ratio / k_n, expected / k_n, 5.0 * 0.06 / std::sqrt(k_n));
  EXPECT_LT(expected / k_n, 0.6);  // ~ (1.6e6)^-0.049.. strongly drifted after a year
}

DeviceConfig hermes_device(int num_devices) {
  DeviceConfig d;
  d.impl = DeviceImpl::hermes;
  d.hermes.num_devices = num_devices;
  return d;
}

TEST(HermesStatistics, ProgrammingNoiseAndDriftPerBranch) {
  struct Case {
    int devices;
    double r;
  };
  for (const Case c : {Case{2, 0.05}, Case{2, 0.5}, Case{1, 0.05}, Case{1, 0.5}}) {
    AnalogTileArray tile = uniform_tile(hermes_device(c.devices), static_cast<float>(c.r), 16);
    const DeviceSnapshot s = tile.device_snapshot();
    const double r = c.r;
    const bool two = c.devices == 2;
    const double g_max = two ? 20.7 : 10.35;
    const double sigma = two ? 0.16603222 + r * (4.71806468 + r * (-8.48101252 + r * 4.68961419))
                             : 0.15781817 + r * (2.32443916 + r * (-2.16310839 + r * 0.68841818));
    const Moments e = rectified_normal(r * g_max, sigma);
    expect_moments(moments(as_double(s.g_prog_plus_us)), e.mean, e.sd, "hermes g_prog");
    const double mu = r < 0.0945 ? std::clamp(-0.0387 * std::log(r) - 0.0182, 0.072, 0.13)
                                 : -0.0436 * r * r - 0.0126 * r + 0.0736;
    double sd = 0.0;
    if (two) {
      sd = r < 0.3055 ? std::clamp(-0.0117 * std::log(r) - 0.0057, 0.0091, 0.04)
                      : -0.0118 * r * r + 0.0093 * r + 0.0073;
    } else {
      sd = r < 0.3039 ? std::clamp(-0.0120 * std::log(r) - 0.0023, 0.0124, 0.04)
                      : -0.0165 * r * r + 0.0116 * r + 0.0104;
    }
    const Moments f = folded_normal(mu, sd);
    const std::vector<double> nu = drawn_nu(s);
    expect_moments(moments(nu), f.mean, f.sd, "hermes nu", static_cast<double>(nu.size()));
  }
}

double hermes2_q_s(double r) {
  return r < 0.16 ? std::clamp(-0.0117 * std::log(r) - 0.0069, 0.015, 0.04)
                  : 0.0069 * r * r * r - 0.0280 * r * r + 0.0211 * r + 0.0123;
}

TEST(HermesStatistics, ReadNoiseAtOneHour) {
  check_read_noise(hermes_device(2), 3600.0, hermes2_q_s, 300.0, 512e-9, 20.7);
}

/// AFM: each column has one weight 1 (the max) and the rest `level`, so g = level/(1+eps)*180.
std::vector<double> afm_programmed_units(const DeviceConfig& device, float level) {
  TileConfig cfg;
  cfg.device = device;
  cfg.device.drift_compensation = DriftCompensation::none;
  AnalogTileArray tile(cfg);
  const std::size_t rows = k_rows + 1;
  std::vector<float> w(rows * k_cols, level);
  for (std::size_t c = 0; c < k_cols; ++c) {
    w[c] = 1.0F;  // input 0 of every column
  }
  tile.program(w.data(), rows, k_cols, 17);
  tile.drift_to(3600.0);  // no drift in this model
  const std::vector<float> eff = tile.effective_weights();
  std::vector<double> g;
  const double scale = 1.0 + 6.103515625e-05;
  for (std::size_t i = k_cols; i < eff.size(); ++i) {
    g.push_back(eff[i] / scale * 180.0);
  }
  return g;
}

TEST(AfmStatistics, CubicFitsPerRegionAndZeroBelowThreshold) {
  DeviceConfig d;
  d.impl = DeviceImpl::afm;
  const double scale = 1.0 + 6.103515625e-05;
  const double od[4] = {2.939751381126213e-05, -0.00371581208142707, 0.22419685954327148,
                        2.5797410660159494};
  const double td[4] = {1.2329755395573392e-05, -0.003054993405157235, 0.2453487119885723,
                        2.110295720240385};
  auto poly = [](const double (&p)[4], double x) {
    return p[0] * x * x * x + p[1] * x * x + p[2] * x + p[3];
  };
  for (double g : {20.0, 50.0, 100.0, 170.0}) {
    const auto level = static_cast<float>(g / 180.0 * scale);
    const std::vector<double> units = afm_programmed_units(d, level);
    const double g_exact = static_cast<double>(level) / scale * 180.0;
    const double sigma = g_exact > 52.5 ? poly(td, g_exact) : poly(od, g_exact);
    expect_moments(moments(units), g_exact, sigma, "afm");
  }
  const std::vector<double> small = afm_programmed_units(d, static_cast<float>(0.5 / 180.0));
  for (double g : small) {
    ASSERT_EQ(g, 0.0);
  }
}

TEST(AdditiveStatistics, SigmaRelativeToColumnMax) {
  DeviceConfig d;
  d.impl = DeviceImpl::additive;
  d.additive.std_rel = 0.05;
  AnalogTileArray tile = uniform_tile(d, 0.5F, 18);  // scale override 1 -> sigma 0.05
  const std::vector<float> eff = tile.effective_weights();
  expect_moments(moments(as_double(eff)), 0.5, 0.05, "additive");
  d.impl = DeviceImpl::afm;
  d.afm.noise_type = AfmNoiseType::additive;
  AnalogTileArray afm = uniform_tile(d, 0.5F, 19);
  expect_moments(moments(as_double(afm.effective_weights())), 0.5, 0.05, "afm additive");
}

}  // namespace
}  // namespace aimcsim::physics
