// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Internal: branch-free float approximations of log / exp / sin-cos and a lane-parallel
/// xoshiro256++ normal generator, written as plain element-wise code so GCC vectorises the
/// loops that call them (SSE2 in the default build, AVX2 in the runtime-dispatched clones of
/// fast_kernels.cpp). Only IEEE add / mul / div / sqrt / min / max / int conversions are used
/// and -ffp-contract=off (ISO C++17), so every clone gives bit-identical results.
///
/// Accuracy (measured over the float range used, see docs/device-models.md):
///   fast_log: |error| <= 2e-7 relative (x >= 1e-30), fast_exp: <= 2e-7 relative (|x| <= 87),
///   Box-Muller normals: sin/cos to 2e-8 absolute, uniforms of 24 bits (tails cut at 5.9 sigma).

#include <cstdint>
#include <cstring>

#define AIMCSIM_INLINE inline __attribute__((always_inline))

namespace aimcsim::physics::fast {

AIMCSIM_INLINE std::int32_t float_bits(float x) noexcept {
  std::int32_t i = 0;
  std::memcpy(&i, &x, sizeof i);
  return i;
}
AIMCSIM_INLINE float bits_float(std::int32_t i) noexcept {
  float x = 0.0F;
  std::memcpy(&x, &i, sizeof x);
  return x;
}
AIMCSIM_INLINE float fmin(float a, float b) noexcept { return b < a ? b : a; }
AIMCSIM_INLINE float fmax(float a, float b) noexcept { return a < b ? b : a; }
AIMCSIM_INLINE float fabs(float x) noexcept { return bits_float(float_bits(x) & 0x7FFFFFFF); }

/// Natural logarithm for x > 0 (x below 1e-30 is treated as 1e-30): x = m 2^e with
/// m in [sqrt(1/2), sqrt(2)), ln m = 2 atanh(t), t = (m - 1) / (m + 1), series to t^9.
AIMCSIM_INLINE float log(float x) noexcept {
  x = fmax(x, 1e-30F);
  const std::int32_t bits = float_bits(x);
  std::int32_t e = ((bits >> 23) & 0xFF) - 127;
  float m = bits_float((bits & 0x007FFFFF) | 0x3F800000);  // [1, 2)
  const bool big = m > 1.41421356F;
  m = big ? m * 0.5F : m;
  e = big ? e + 1 : e;
  const float t = (m - 1.0F) / (m + 1.0F);
  const float t2 = t * t;
  const float p =
      1.0F + t2 * (0.333333333F + t2 * (0.2F + t2 * (0.142857143F + t2 * 0.111111111F)));
  const auto ef = static_cast<float>(e);
  return ef * 0.693145752F + (ef * 1.42860677e-06F + 2.0F * t * p);
}

/// e^x for x in [-87, 88] (clamped): x = n ln2 + r, |r| <= ln2 / 2, Taylor series to r^7.
AIMCSIM_INLINE float exp(float x) noexcept {
  x = fmin(fmax(x, -87.0F), 88.0F);
  // Round x / ln2 to the nearest integer with the 1.5 * 2^23 trick (|x / ln2| < 2^22).
  const float nf = (x * 1.44269504F + 12582912.0F) - 12582912.0F;
  const float r = (x - nf * 0.693145752F) - nf * 1.42860677e-06F;
  float p = 0.000198412698F;
  p = p * r + 0.00138888889F;
  p = p * r + 0.00833333333F;
  p = p * r + 0.0416666667F;
  p = p * r + 0.166666667F;
  p = p * r + 0.5F;
  p = p * r + 1.0F;
  p = p * r + 1.0F;
  const auto n = static_cast<std::int32_t>(nf);
  return p * bits_float((n + 127) << 23);
}

/// Round half to even, as std::nearbyint in the default rounding mode (NaN / inf pass through):
/// |x| + 2^23 - 2^23 rounds to an integer for |x| < 2^23; larger floats are integers already.
AIMCSIM_INLINE float round_even(float x) noexcept {
  const float ax = fabs(x);
  const float r0 = (ax + 8388608.0F) - 8388608.0F;
  const float r = ax < 8388608.0F ? r0 : ax;
  return bits_float(float_bits(r) | (float_bits(x) & static_cast<std::int32_t>(0x80000000U)));
}

/// Box-Muller on two 32-bit uniform words: z0 = rho cos(theta), z1 = rho sin(theta).
AIMCSIM_INLINE void box_muller(std::uint32_t a, std::uint32_t b, float& z0, float& z1) noexcept {
  // u1 in (0, 1) from 24 bits (+ half a step), u2 in [0, 1).
  const float u1 = (static_cast<float>(static_cast<std::int32_t>(a >> 8U)) + 0.5F) *
                   5.9604644775390625e-08F;
  const float u2 =
      static_cast<float>(static_cast<std::int32_t>(b >> 8U)) * 5.9604644775390625e-08F;
  const float rho = __builtin_sqrtf(-2.0F * log(u1));
  // theta = 2 pi u2 = q pi/2 + a, q = round(4 u2) (0..4), |a| <= pi/4.
  const float v = u2 * 4.0F;
  const float qf = round_even(v);
  const float ang = (v - qf) * 1.57079633F;
  const float a2 = ang * ang;
  const float s =
      ang * (1.0F + a2 * (-0.166666667F +
                          a2 * (0.00833333333F + a2 * (-0.000198412698F + a2 * 2.75573192e-06F))));
  const float c =
      1.0F + a2 * (-0.5F + a2 * (0.0416666667F +
                                 a2 * (-0.00138888889F + a2 * (2.48015873e-05F +
                                                               a2 * -2.75573192e-07F))));
  const std::int32_t q = static_cast<std::int32_t>(qf) & 3;
  const bool swap = (q & 1) != 0;
  float cq = swap ? s : c;
  float sq = swap ? c : s;
  cq = (q == 1 || q == 2) ? -cq : cq;
  sq = (q >= 2) ? -sq : sq;
  z0 = rho * cq;
  z1 = rho * sq;
}

}  // namespace aimcsim::physics::fast
