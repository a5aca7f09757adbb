// SPDX-License-Identifier: Apache-2.0
// Hot loops of the tile physics. Each public function is cloned for AVX2 and baseline x86-64
// (GCC target_clones, resolved once at load time); the bodies use only element-wise IEEE
// operations with -ffp-contract=off, so both clones return bit-identical results.
#include "tiles/physics/fast_kernels.hpp"

#include <algorithm>
#include <cstring>

#include "tiles/physics/fast_clones.hpp"
#include "tiles/physics/fast_math.hpp"
#include "tiles/physics/rng.hpp"

namespace aimcsim::physics::fast {
namespace {

AIMCSIM_CLONES void xoshiro_lanes(std::uint64_t* __restrict s0, std::uint64_t* __restrict s1,
                                  std::uint64_t* __restrict s2, std::uint64_t* __restrict s3,
                                  std::uint64_t* __restrict out, std::size_t steps) noexcept {
  for (std::size_t k = 0; k < steps; ++k) {
    for (std::size_t l = 0; l < 8; ++l) {
      const std::uint64_t a0 = s0[l];
      const std::uint64_t a1 = s1[l];
      std::uint64_t a2 = s2[l];
      std::uint64_t a3 = s3[l];
      const std::uint64_t sum = a0 + a3;
      out[k * 8 + l] = ((sum << 23U) | (sum >> 41U)) + a0;
      const std::uint64_t t = a1 << 17U;
      a2 ^= a0;
      a3 ^= a1;
      s1[l] = a1 ^ a2;
      s0[l] = a0 ^ a3;
      s2[l] = a2 ^ t;
      s3[l] = (a3 << 45U) | (a3 >> 19U);
    }
  }
}

AIMCSIM_CLONES void box_muller_block(const std::uint32_t* words, std::size_t pairs,
                                     float* out) noexcept {
  for (std::size_t i = 0; i < pairs; ++i) {
    float z0 = 0.0F;
    float z1 = 0.0F;
    box_muller(words[i], words[pairs + i], z0, z1);
    out[i] = z0;
    out[pairs + i] = z1;
  }
}

/// MR input vectors x NP consecutive 16-column panels; every output sums over j in order.
template <int MR, int NP>
AIMCSIM_INLINE void micro_kernel(const float* x, std::size_t ldx, std::size_t rows,
                                 const float* panel, float* y, std::size_t ldy,
                                 std::size_t ncols) noexcept {
  typedef float v8sf __attribute__((vector_size(32)));
  typedef float v8sf_u __attribute__((vector_size(32), aligned(4), may_alias));
  const std::size_t panel_stride = rows * 16;
  v8sf acc[MR][2 * NP];
#pragma GCC unroll 8
  for (int b = 0; b < MR; ++b) {
#pragma GCC unroll 8
    for (int k = 0; k < 2 * NP; ++k) {
      acc[b][k] = v8sf{};
    }
  }
  for (std::size_t j = 0; j < rows; ++j) {
    v8sf w[2 * NP];
#pragma GCC unroll 8
    for (int k = 0; k < 2 * NP; ++k) {
      w[k] = *reinterpret_cast<const v8sf_u*>(
          panel + static_cast<std::size_t>(k / 2) * panel_stride + j * 16 + (k % 2) * 8);
    }
#pragma GCC unroll 8
    for (int b = 0; b < MR; ++b) {
      const float xb = x[static_cast<std::size_t>(b) * ldx + j];
#pragma GCC unroll 8
      for (int k = 0; k < 2 * NP; ++k) {
        acc[b][k] += xb * w[k];
      }
    }
  }
  for (int b = 0; b < MR; ++b) {
    float out[16 * NP];
    std::memcpy(out, &acc[b][0], sizeof out);
    std::memcpy(y + static_cast<std::size_t>(b) * ldy, out, ncols * sizeof(float));
  }
}

/// All panels of the block for MR input vectors, NP panels at a time where possible.
template <int MR, int NP>
AIMCSIM_INLINE void panel_sweep(const float* x, std::size_t ldx, std::size_t rows,
                                const float* pack, std::size_t cols, float* y,
                                std::size_t ldy) noexcept {
  const std::size_t panels = (cols + 15) / 16;
  std::size_t p = 0;
  for (; p + NP <= panels; p += NP) {
    const std::size_t c0 = p * 16;
    micro_kernel<MR, NP>(x, ldx, rows, pack + p * rows * 16, y + c0, ldy,
                         std::min<std::size_t>(16 * NP, cols - c0));
  }
  for (; p < panels; ++p) {
    const std::size_t c0 = p * 16;
    micro_kernel<MR, 1>(x, ldx, rows, pack + p * rows * 16, y + c0, ldy,
                        std::min<std::size_t>(16, cols - c0));
  }
}

}  // namespace

BlockNormalStream::BlockNormalStream(std::uint64_t seed) noexcept {
  for (std::size_t l = 0; l < k_lanes; ++l) {
    // Same seeding as Xoshiro256pp::reseed (splitmix64 sequence of the lane seed).
    std::uint64_t x = derive_seed(seed, l);
    for (std::size_t w = 0; w < 4; ++w) {
      x += 0x9E3779B97F4A7C15ULL;
      m_state[w][l] = splitmix64(x - 0x9E3779B97F4A7C15ULL);
    }
  }
}

void BlockNormalStream::refill() noexcept {
  alignas(64) std::uint64_t words64[k_lanes * k_steps];
  alignas(64) std::uint32_t words[2 * k_lanes * k_steps];
  xoshiro_lanes(m_state[0], m_state[1], m_state[2], m_state[3], words64, k_steps);
  std::memcpy(words, words64, sizeof words);
  box_muller_block(words, k_lanes * k_steps, m_buffer);
  m_pos = 0;
}

void BlockNormalStream::fill(float* out, std::size_t count) noexcept {
  while (count > 0) {
    if (m_pos == k_block) {
      refill();
    }
    const std::size_t take = std::min(count, k_block - m_pos);
    std::memcpy(out, m_buffer + m_pos, take * sizeof(float));
    m_pos += take;
    out += take;
    count -= take;
  }
}

AIMCSIM_CLONES std::int64_t adc_level_abs_sum(const float* v, std::size_t n, float dac_one,
                                              float step, float levels) noexcept {
  std::int64_t total = 0;
  // int32 partial sums (vectorised): chunks short enough that chunk * levels < 2^30.
  const auto k_chunk = std::max<std::size_t>(
      1, static_cast<std::size_t>(1073741824.0F / (levels + 1.0F)));
  for (std::size_t i0 = 0; i0 < n; i0 += k_chunk) {
    const std::size_t i1 = std::min(n, i0 + k_chunk);
    std::int32_t sum = 0;
    for (std::size_t i = i0; i < i1; ++i) {
      float q = (v[i] * dac_one) / step;
      q = fmin(fmax(q, -levels - 1.0F), levels + 1.0F);
      const float k = fmin(fmax(round_even(q), -levels), levels);
      sum += static_cast<std::int32_t>(fabs(k));
    }
    total += sum;
  }
  return total;
}

AIMCSIM_CLONES std::int32_t abs_max_bits(const float* v, std::size_t n) noexcept {
  std::int32_t m = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t b = float_bits(v[i]) & 0x7FFFFFFF;
    m = b > m ? b : m;
  }
  return m;
}

float bits_to_float(std::int32_t bits) noexcept { return bits_float(bits); }

AIMCSIM_CLONES void quantize(const float* in, std::size_t n, float step, float levels,
                             float* out) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    const float q = fmin(fmax(in[i] / step, -levels - 1.0F), levels + 1.0F);
    out[i] = fmin(fmax(round_even(q), -levels), levels) * step;
  }
}

AIMCSIM_CLONES void adc_columns(const float* v, const float* adc_wmax, const float* alpha,
                                std::size_t n, double bound_scale, float levels,
                                float* out) noexcept {
  const auto levels_d = static_cast<double>(levels);
  for (std::size_t c = 0; c < n; ++c) {
    const double bound = bound_scale * static_cast<double>(adc_wmax[c]);
    const auto step = static_cast<float>(bound / levels_d);
    const float q = fmin(fmax(v[c] / step, -levels - 1.0F), levels + 1.0F);
    const float k = fmin(fmax(round_even(q), -levels), levels);
    out[c] = alpha[c] * (bound > 0.0 ? k * step : v[c]);
  }
}

AIMCSIM_CLONES void gemm_packed(const float* x, std::size_t ldx, std::size_t batch,
                                std::size_t rows, const float* pack, std::size_t cols, float* y,
                                std::size_t ldy) noexcept {
  // Batches of many vectors (a prefill window) run in chunks of k_chunk vectors, panel by
  // panel: a panel (rows x 16 weights, 32 KB for 512 rows) is fetched once per chunk and then
  // reused from L1/L2 by its groups of 4 vectors, instead of the whole block streaming from L3
  // for every group. Each output still sums over j in order: the blocking changes no result.
  constexpr std::size_t k_chunk = 64;
  const std::size_t panels = (cols + 15) / 16;
  std::size_t b = 0;
  while (b + 4 <= batch) {
    const std::size_t end = b + std::min(k_chunk, (batch - b) / 4 * 4);
    for (std::size_t p = 0; p < panels; ++p) {
      const std::size_t c0 = p * 16;
      for (std::size_t i = b; i < end; i += 4) {
        micro_kernel<4, 1>(x + i * ldx, ldx, rows, pack + p * rows * 16, y + i * ldy + c0, ldy,
                           std::min<std::size_t>(16, cols - c0));
      }
    }
    b = end;
  }
  switch (batch - b) {
  case 3:
    panel_sweep<3, 2>(x + b * ldx, ldx, rows, pack, cols, y + b * ldy, ldy);
    break;
  case 2:
    panel_sweep<2, 2>(x + b * ldx, ldx, rows, pack, cols, y + b * ldy, ldy);
    break;
  case 1:
    panel_sweep<1, 4>(x + b * ldx, ldx, rows, pack, cols, y + b * ldy, ldy);
    break;
  default:
    break;
  }
}

}  // namespace aimcsim::physics::fast
