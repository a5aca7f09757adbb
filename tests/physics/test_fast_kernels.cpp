// SPDX-License-Identifier: Apache-2.0
// The fast kernels against straightforward references: approximation accuracy of log / exp,
// moments of the bulk normal generator, the packed GEMM, and batch / chunking invariance.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "tiles/physics/analog_matrix.hpp"
#include "tiles/physics/fast_kernels.hpp"
#include "tiles/physics/fast_math.hpp"

namespace aimcsim::physics {
namespace {

TEST(FastMath, LogAndExpRelativeErrorBelowTwoTenthsOfAMillionth) {
  double worst_log = 0.0;
  double worst_exp = 0.0;
  for (double e = -30.0; e < 4.0; e += 0.00137) {
    const auto x = static_cast<float>(std::pow(10.0, e));
    const double ref = std::log(static_cast<double>(x));
    const double err = std::fabs(fast::log(x) - ref);
    worst_log = std::max(worst_log, std::fabs(ref) > 1e-3 ? err / std::fabs(ref) : err * 1e3);
  }
  for (double x = -87.0; x < 88.0; x += 0.00731) {
    const auto xf = static_cast<float>(x);
    const double ref = std::exp(static_cast<double>(xf));
    worst_exp = std::max(worst_exp, std::fabs(fast::exp(xf) - ref) / ref);
  }
  EXPECT_LT(worst_log, 2e-7);
  EXPECT_LT(worst_exp, 2e-7);
  EXPECT_EQ(fast::exp(0.0F), 1.0F);  // the device pass relies on it at t_inference = 0
}

TEST(FastMath, RoundEvenMatchesNearbyint) {
  for (float v : {0.5F, 1.5F, 2.5F, -0.5F, -1.5F, 126.5F, -126.49F, 3.7F, -0.0F, -0.3F,
                  4194304.5F, 4194305.5F, -6291456.5F, 8388607.5F, 8388609.0F, 3e9F}) {
    EXPECT_EQ(fast::round_even(v), std::nearbyint(v)) << v;
    EXPECT_EQ(std::signbit(fast::round_even(v)), std::signbit(std::nearbyint(v))) << v;
  }
}

TEST(BlockNormalStream, MomentsAndChunkingInvariance) {
  constexpr std::size_t n = 400000;
  std::vector<float> a(n);
  fast::BlockNormalStream s1(7);
  s1.fill(a.data(), n);
  double m1 = 0.0;
  double m2 = 0.0;
  double m4 = 0.0;
  std::size_t beyond3 = 0;
  for (float z : a) {
    m1 += z;
    m2 += static_cast<double>(z) * z;
    m4 += static_cast<double>(z) * z * z * z;
    beyond3 += std::fabs(z) > 3.0F ? 1 : 0;
  }
  const double dn = static_cast<double>(n);
  EXPECT_NEAR(m1 / dn, 0.0, 5.0 / std::sqrt(dn));
  EXPECT_NEAR(m2 / dn, 1.0, 5.0 * std::sqrt(2.0 / dn));
  EXPECT_NEAR(m4 / dn, 3.0, 5.0 * std::sqrt(96.0 / dn));
  const double p3 = std::erfc(3.0 / std::sqrt(2.0));
  EXPECT_NEAR(static_cast<double>(beyond3) / dn, p3, 5.0 * std::sqrt(p3 / dn));

  // The same stream filled in odd-sized chunks gives the same sequence.
  std::vector<float> b(n);
  fast::BlockNormalStream s2(7);
  std::size_t pos = 0;
  for (std::size_t chunk = 1; pos < n; chunk = chunk * 3 % 1000 + 1) {
    const std::size_t take = std::min(chunk, n - pos);
    s2.fill(b.data() + pos, take);
    pos += take;
  }
  EXPECT_EQ(a, b);
}

TEST(GemmPacked, MatchesNaiveSumForEveryBatchRemainder) {
  const std::size_t rows = 37;
  const std::size_t cols = 83;  // 5 full panels + a partial one
  std::mt19937 gen(3);
  std::normal_distribution<float> dist(0.0F, 1.0F);
  std::vector<float> w(rows * cols);
  for (auto& v : w) {
    v = dist(gen);
  }
  std::vector<float> pack(fast::packed_size(rows, cols), 0.0F);
  for (std::size_t j = 0; j < rows; ++j) {
    for (std::size_t c = 0; c < cols; ++c) {
      fast::pack_store(pack.data(), rows, j, c, w[j * cols + c]);
    }
  }
  for (std::size_t batch = 1; batch <= 9; ++batch) {
    std::vector<float> x(batch * rows);
    for (auto& v : x) {
      v = dist(gen);
    }
    std::vector<float> y(batch * cols, -1.0F);
    fast::gemm_packed(x.data(), rows, batch, rows, pack.data(), cols, y.data(), cols);
    for (std::size_t b = 0; b < batch; ++b) {
      for (std::size_t c = 0; c < cols; ++c) {
        float ref = 0.0F;  // same order, no FMA: bit-identical
        for (std::size_t j = 0; j < rows; ++j) {
          ref += x[b * rows + j] * w[j * cols + c];
        }
        EXPECT_EQ(y[b * cols + c], ref) << "batch " << batch << " b " << b << " c " << c;
      }
    }
  }
}

TEST(AnalogMatrixFast, VectorResultDoesNotDependOnBatch) {
  const std::size_t out = 600;
  const std::size_t in = 700;
  std::mt19937 gen(5);
  std::normal_distribution<float> dist(0.0F, 0.05F);
  std::vector<float> w(out * in);
  for (auto& v : w) {
    v = dist(gen);
  }
  std::vector<float> x(16 * in);
  for (auto& v : x) {
    v = 20.0F * dist(gen);
  }
  MatrixConfig cfg;
  AnalogMatrix m(cfg);
  m.program(w.data(), out, in, 9);
  m.drift_to(3600.0);
  std::vector<float> y16(16 * out);
  m.mvm(x.data(), 16, y16.data());
  for (std::size_t b : {0U, 5U, 15U}) {
    std::vector<float> y1(out);
    m.mvm(x.data() + b * in, 1, y1.data());
    EXPECT_EQ(y1, std::vector<float>(y16.begin() + static_cast<std::ptrdiff_t>(b * out),
                                     y16.begin() + static_cast<std::ptrdiff_t>((b + 1) * out)));
  }
  // Reprogramming the same matrix object (tiles reused) reproduces a fresh object.
  m.program(w.data(), out, in, 10);
  m.drift_to(3600.0);
  AnalogMatrix fresh(cfg);
  fresh.program(w.data(), out, in, 10);
  fresh.drift_to(3600.0);
  std::vector<float> ya(16 * out);
  std::vector<float> yb(16 * out);
  m.mvm(x.data(), 16, ya.data());
  fresh.mvm(x.data(), 16, yb.data());
  EXPECT_EQ(ya, yb);
}

}  // namespace
}  // namespace aimcsim::physics

namespace aimcsim::physics {
namespace {

TEST(AnalogTileFast, PlainAdcPathEqualsQuantizerPath) {
  // Bound management on (Quantizer path) without any saturation must give the same outputs as
  // the vectorised plain-ADC path.
  const std::size_t rows = 300;
  const std::size_t cols = 200;
  std::mt19937 gen(11);
  std::normal_distribution<float> dist(0.0F, 0.05F);
  std::vector<float> w(rows * cols);
  for (auto& v : w) {
    v = dist(gen);
  }
  std::vector<float> x(8 * rows);
  for (auto& v : x) {
    v = 20.0F * dist(gen);
  }
  auto run = [&](BoundManagement bm) {
    TileConfig cfg;
    cfg.adc.out_bound = 40.0;  // wide enough that nothing saturates
    cfg.adc.bound_management = bm;
    AnalogTileArray tile(cfg);
    tile.program(w.data(), rows, cols, 3);
    tile.drift_to(86400.0);
    std::vector<float> y(8 * cols);
    tile.mvm(x.data(), 8, y.data());
    return y;
  };
  EXPECT_EQ(run(BoundManagement::none), run(BoundManagement::iterative));
}

}  // namespace
}  // namespace aimcsim::physics
