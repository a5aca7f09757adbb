// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// One analog crossbar tile in functional mode: programmed with real weights, it returns the
/// noisy, quantised partial sums a real tile would (after its own DAC and ADC).

#include <cstddef>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "tiles/physics/config.hpp"
#include "tiles/physics/converters.hpp"
#include "tiles/physics/device_models.hpp"
#include "tiles/physics/rng.hpp"

namespace aimcsim::physics {

/// Per-device state of a programmed tile at the current inference time, for inspection and
/// tests (conductance models only; empty vectors for ideal / additive / afm). Element (input j,
/// output c) of the tile is at index c * rows + j. Conductances in uS. With drift_semantics
/// inference_tile, g_plus / g_minus are the re-converted single devices (g_max at max|w_prog|)
/// and nu_plus / nu_minus the exponent each of them drifts with (0 for a device at 0 uS).
struct DeviceSnapshot {
  std::vector<float> g_target_plus_us, g_target_minus_us;
  std::vector<float> g_prog_plus_us, g_prog_minus_us;
  std::vector<float> nu_plus, nu_minus;
  std::vector<float> g_plus_us, g_minus_us;  ///< at t_inference (drift + read noise)
};

/// One tile's block of a weight matrix: `rows` inputs x `cols` outputs.
///
/// Life cycle: program(block, seed) -> drift_to(t_inference_s) -> mvm(...) any number of times.
/// drift_to precomputes the effective (programmed + drifted + read-noisy) weights and the drift
/// compensation, so mvm is a float GEMV/GEMM (runtime-dispatched AVX2 kernel on packed weights)
/// plus cheap converter arithmetic. Noise streams are
/// keyed by (seed, source[, t or MVM counter]); the same seed gives bit-identical results.
/// Not thread-safe: one thread at a time per object (different objects are independent).
class AnalogTileArray {
public:
  /// Validates `config` (std::invalid_argument on bad values).
  explicit AnalogTileArray(TileConfig config);

  /// Programs the tile. `block` is row-major [rows x cols] (rows = inputs, element (j, c) at
  /// block[j * cols + c]) in weight units. `column_weight_scale` (optional, length cols)
  /// overrides the max|W| mapped to g_max per column (used for ScaleScope::per_output; a lone
  /// tile with per_output and no override falls back to per_column). Resets t_inference to 0
  /// lazily: the first mvm without drift_to behaves as drift_to(0).
  void program(const float* block, std::size_t rows, std::size_t cols, std::uint64_t seed,
               const float* column_weight_scale = nullptr);

  /// Same as program() with the weights in output-major layout, as in an nn.Linear [out x in]
  /// matrix: element (input j, output c) at weights[c * ld + j], ld >= rows.
  void program_output_major(const float* weights, std::size_t rows, std::size_t cols,
                            std::size_t ld, std::uint64_t seed,
                            const float* column_weight_scale = nullptr);

  /// program_output_major() without a copy: the tile reads its target weights from `weights`
  /// (at every drift_to()), which must stay valid and unchanged until the next program(). A
  /// model's tiles then hold no second copy of its float32 weights.
  void program_output_major_view(const float* weights, std::size_t rows, std::size_t cols,
                                 std::size_t ld, std::uint64_t seed);

  /// Static DAC input range (inputs' units) used when dac.range_mode is static. May be called
  /// before or after program() / drift_to(): the drift compensation reads at full DAC scale,
  /// as aihwkit, and does not depend on it.
  void set_input_range(double range);
  double input_range() const noexcept { return m_input_range; }

  /// Moves the devices to `t_inference_s` seconds after programming (>= 0): regenerates the
  /// programming error and drift exponents from their streams, applies drift and the 1/f read
  /// noise accumulated up to t, and recomputes the drift-compensation factors.
  void drift_to(double t_inference_s);

  /// Noisy MVM of `batch` input vectors. `x`: row-major [batch x rows]; `y`: row-major
  /// [batch x cols], overwritten with the tile's ADC outputs de-scaled to weight x input units
  /// and multiplied by the drift-compensation factor. Each call advances the MVM noise stream.
  void mvm(const float* x, std::size_t batch, float* y);

  std::size_t rows() const noexcept { return m_rows; }
  std::size_t cols() const noexcept { return m_cols; }
  bool programmed() const noexcept { return m_programmed; }
  double t_inference_s() const noexcept { return m_t_inference_s; }
  const TileConfig& config() const noexcept { return m_cfg; }
  std::uint64_t mvm_count() const noexcept { return m_mvm_counter; }

  /// Effective weights at t_inference, row-major [rows x cols] like program()'s block
  /// (without the drift-compensation factor).
  std::vector<float> effective_weights() const;
  /// Programmed weights (t = 0, no drift, no read noise), row-major [rows x cols].
  std::vector<float> programmed_weights() const;
  /// Drift-compensation factor per column (all equal for global, 1 for none).
  const std::vector<float>& compensation_alpha() const noexcept { return m_alpha; }
  /// max|W| mapped to g_max, per column.
  const std::vector<float>& weight_scale() const noexcept { return m_map_scale; }
  /// max|W| setting the ADC range, per column.
  const std::vector<float>& adc_weight_max() const noexcept { return m_adc_wmax; }
  /// Per-device state at the current t_inference (conductance models only).
  DeviceSnapshot device_snapshot() const;

private:
  using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  /// Optional outputs of one pass over the devices (all arrays [cols x rows]).
  struct SimulationOutputs {
    float* w_eff_pack = nullptr;  ///< effective weights in the fast::gemm_packed layout
    float* w_eff = nullptr;
    float* w_prog = nullptr;
    DeviceSnapshot* snapshot = nullptr;
    std::vector<double>* ref_readout_sum = nullptr;  ///< per column sum |readout(w_prog)|
    std::vector<double>* cur_readout_sum = nullptr;  ///< per column sum |readout(w_eff)|
  };

  void require_programmed(const char* what) const;
  void finish_programming(std::uint64_t seed, const float* column_weight_scale);
  void simulate(double t_inference_s, SimulationOutputs& out) const;
  void compute_analog(std::size_t first, std::size_t count);
  bool finalize_vector(std::size_t b, float range, NormalStream* noise, float* y_row);
  bool noise_enabled() const noexcept;

  TileConfig m_cfg;
  std::size_t m_rows = 0;
  std::size_t m_cols = 0;
  std::uint64_t m_seed = 0;
  bool m_programmed = false;
  bool m_drifted = false;
  double m_t_inference_s = 0.0;
  double m_input_range = 1.0;
  std::uint64_t m_mvm_counter = 0;

  std::vector<float> m_target;     ///< target weights, [cols x rows] (output-major)
  const float* m_target_view = nullptr;  ///< borrowed target weights (column c at c * ld)
  std::size_t m_target_ld = 0;
  /// Target weights of column c (rows values): the borrowed ones, else the own copy.
  const float* target_column(std::size_t c) const noexcept {
    return m_target_view != nullptr ? m_target_view + c * m_target_ld
                                    : m_target.data() + c * m_rows;
  }
  std::vector<float> m_map_scale;  ///< per column max|W| mapped to g_max
  std::vector<float> m_adc_wmax;   ///< per column max|W| of the ADC range
  std::vector<float> m_alpha;      ///< per column drift-compensation factor
  std::vector<float> m_wpack;      ///< effective weights, packed (fast_kernels.hpp)
  std::vector<float> m_wpack_abs;  ///< |m_wpack| when IR drop or PCM read noise is on

  /// MVM scratch ([batch x rows] inputs, [batch x cols] analog outputs), one set per thread:
  /// it lives only during an mvm(), and a model's thousands of tiles would otherwise each keep
  /// a batch-sized set (2 MB per 512 x 512 tile for a 512-token window).
  struct MvmScratch {
    RowMatrix xq, xaux, y, ycur, yaux, yw;
    std::vector<float> ranges;
  };
  static MvmScratch& scratch();
};

}  // namespace aimcsim::physics
