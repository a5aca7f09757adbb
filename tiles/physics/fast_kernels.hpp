// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Internal hot loops of the tile physics, each compiled twice (AVX2 and baseline x86-64) and
/// selected at run time (GCC target_clones). Both clones give bit-identical results.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace aimcsim::physics::fast {

/// Standard normal deviates from 8 interleaved xoshiro256++ 1.0 streams (lane k seeded with
/// splitmix64 of derive_seed(seed, k)) through Box-Muller; 128 deviates per refill. The
/// sequence does not depend on how the caller splits its fill() calls.
class BlockNormalStream {
public:
  explicit BlockNormalStream(std::uint64_t seed) noexcept;
  void fill(float* out, std::size_t count) noexcept;

private:
  void refill() noexcept;
  static constexpr std::size_t k_lanes = 8;
  static constexpr std::size_t k_steps = 8;
  static constexpr std::size_t k_block = 2 * k_lanes * k_steps;
  alignas(64) std::uint64_t m_state[4][k_lanes]{};
  alignas(64) float m_buffer[k_block]{};
  std::size_t m_pos = k_block;
};

/// Parameters of the conductance (pcm / hermes) device pass of one column.
struct ConductanceParams {
  int kind = 0;  ///< 0 pcm, 1 hermes one device, 2 hermes two devices
  float g_max = 25.0F;
  float prog_coeff[4] = {0.0F, 0.0F, 0.0F, 0.0F};
  float prog_ref_ratio = 1.0F;
  float prog_noise_scale = 1.0F;
  float read_noise_scale = 1.0F;
  float drift_scale = 1.0F;
  float log_drift_ratio = 0.0F;
  float read_sqrt_log = 0.0F;
};

/// Per-device arrays of one column (length n each). Inputs: w, z_*; all others are outputs.
struct ConductanceColumn {
  std::size_t n = 0;
  float to_g = 0.0F;
  float to_w = 0.0F;
  const float* w = nullptr;
  const float* z_prog = nullptr;  ///< [2n]: plus devices then minus devices
  const float* z_nu = nullptr;    ///< [2n]
  const float* z_read = nullptr;  ///< [2n]
  float* w_prog = nullptr;
  float* w_eff = nullptr;
  float* g_target = nullptr;  ///< [2n]
  float* g_prog = nullptr;    ///< [2n]
  float* nu = nullptr;        ///< [2n]
  float* g = nullptr;         ///< [2n]
  /// Inference-tile semantics only: max|w_prog| of the re-conversion scope (> 0), or <= 0 for
  /// the column's own max|w_prog|.
  float prog_max = 0.0F;
};

/// Device-pair semantics: program both devices of every pair, draw their drift exponents, and
/// drift each device with its own nu and read noise (docs/device-models.md).
void conductance_column(const ConductanceParams& p, const ConductanceColumn& col) noexcept;
/// aihwkit InferenceTile semantics: programming as conductance_column, then the programmed
/// weight is converted again onto one device of its sign with g_max at col.prog_max, which
/// drifts with the nu drawn for that device (aihwkit BaseNoiseModel.apply_drift_noise).
void conductance_column_inference_tile(const ConductanceParams& p,
                                       const ConductanceColumn& col) noexcept;
/// Programming only: g_target, g_prog (both [2n]) and w_prog of the column (z_prog used).
void conductance_program_column(const ConductanceParams& p,
                                const ConductanceColumn& col) noexcept;

/// Sum over i of |k_i| where k_i is the ADC level of v_i * dac_one (step, levels as
/// Quantizer). Exact integer sums, so the result does not depend on the summation order.
std::int64_t adc_level_abs_sum(const float* v, std::size_t n, float dac_one, float step,
                               float levels) noexcept;

/// max over i of the bit pattern of |v_i| (as int32); >= 0x7F800000 when any v_i is inf / NaN.
std::int32_t abs_max_bits(const float* v, std::size_t n) noexcept;
float bits_to_float(std::int32_t bits) noexcept;

/// out[i] = Quantizer(step * levels, bits).apply(in[i]) for a quantising converter (step > 0):
/// round half to even of in / step, clamped to +-levels, times step. Bit-identical to
/// Quantizer::apply for finite inputs.
void quantize(const float* in, std::size_t n, float step, float levels, float* out) noexcept;

/// ADC of one output vector without noise, IR drop or bound management:
/// out[c] = alpha[c] * Quantizer(bound_scale * adc_wmax[c], bits).apply(v[c]) with levels =
/// 2^(bits-1) - 1 (a column whose bound is 0 passes unchanged, as Quantizer).
void adc_columns(const float* v, const float* adc_wmax, const float* alpha, std::size_t n,
                 double bound_scale, float levels, float* out) noexcept;

/// Number of floats of a packed [rows x cols] weight block (16-column panels, zero padded).
inline std::size_t packed_size(std::size_t rows, std::size_t cols) noexcept {
  return rows * ((cols + 15) / 16) * 16;
}
/// Stores the weight of (input j, output c) into a packed block.
inline void pack_store(float* pack, std::size_t rows, std::size_t j, std::size_t c,
                       float value) noexcept {
  pack[(c / 16) * rows * 16 + j * 16 + (c % 16)] = value;
}
inline float pack_load(const float* pack, std::size_t rows, std::size_t j,
                       std::size_t c) noexcept {
  return pack[(c / 16) * rows * 16 + j * 16 + (c % 16)];
}

/// y[b * ldy + c] = sum_j x[b * ldx + j] * W(j, c) for b < batch, c < cols, with W packed.
/// Per output the sum runs over j in order (no FMA), so results do not depend on batch size.
void gemm_packed(const float* x, std::size_t ldx, std::size_t batch, std::size_t rows,
                 const float* pack, std::size_t cols, float* y, std::size_t ldy) noexcept;

}  // namespace aimcsim::physics::fast
