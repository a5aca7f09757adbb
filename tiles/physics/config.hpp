// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Plain configuration structs of the analog tile physics (device, DAC, ADC, non-idealities).
///
/// Each struct has a `validate()` that throws std::invalid_argument with a one-line message
/// naming the parameter and what was expected. Defaults are `static constexpr` members with
/// their source. Every `*_from_string` throws std::invalid_argument listing the valid names.
/// Equations and sources: docs/device-models.md.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace aimcsim::physics {

/// Device model of a tile (`device: {impl: ...}`).
enum class DeviceImpl {
  ideal,     ///< target weights reproduced exactly
  additive,  ///< Gaussian programming error relative to max|W| (per column or per tile)
  pcm,       ///< aihwkit PCMLikeNoiseModel (src/aihwkit/inference/noise/pcm.py)
  hermes,    ///< aihwkit HermesNoiseModel (src/aihwkit/inference/noise/hermes.py)
  afm,       ///< IBM/analog-foundation-models apply_noise_model.py
};
/// Scope of a max|W| used to scale weights to conductances or to set the ADC range.
enum class ScaleScope {
  per_column,  ///< one value per tile column (= per output within the tile)
  per_tile,    ///< one value for the whole tile
  per_output,  ///< max over the whole output row of the matrix (AnalogMatrix only; mapping only)
};
/// Drift compensation (aihwkit inference/compensation/drift.py).
enum class DriftCompensation { none, global, per_column };
/// How programmed conductances drift (docs/device-models.md, "Drift semantics").
enum class DriftSemantics {
  /// Both devices of each differential pair keep their programmed conductance and drift with
  /// their own exponent and read noise (a physical pair, as in a real crossbar).
  device_pair,
  /// aihwkit InferenceTile: at drift_to the programmed weights are converted again onto one
  /// device per weight (g_max at max|w_prog|), which drifts with the exponent drawn for it
  /// (src/aihwkit/inference/noise/base.py apply_drift_noise, simulator/tiles/inference.py).
  inference_tile,
};
/// DAC input range: static (calibrated / learned) or dynamic abs-max per vector.
enum class DacRangeMode { static_range, dynamic };
/// Variant of the AFM evaluation noise (NoiseConfig.noise_type in apply_noise_model.py).
enum class AfmNoiseType { pcm, additive };
/// Per-MVM weight-read noise (aihwkit IOParameters.w_noise_type).
enum class WeightReadNoiseType { none, additive_constant, pcm_read };
/// ADC bound management (aihwkit IOParameters.bound_management).
enum class BoundManagement { none, iterative };

DeviceImpl device_impl_from_string(std::string_view name);
ScaleScope scale_scope_from_string(std::string_view name);
DriftCompensation drift_compensation_from_string(std::string_view name);
DriftSemantics drift_semantics_from_string(std::string_view name);
DacRangeMode dac_range_mode_from_string(std::string_view name);
AfmNoiseType afm_noise_type_from_string(std::string_view name);
WeightReadNoiseType weight_read_noise_type_from_string(std::string_view name);
BoundManagement bound_management_from_string(std::string_view name);

std::string to_string(DeviceImpl value);
std::string to_string(ScaleScope value);
std::string to_string(DriftCompensation value);
std::string to_string(DriftSemantics value);
std::string to_string(DacRangeMode value);
std::string to_string(AfmNoiseType value);
std::string to_string(WeightReadNoiseType value);
std::string to_string(BoundManagement value);

/// aihwkit PCMLikeNoiseModel parameters (src/aihwkit/inference/noise/pcm.py).
struct PcmParams {
  /// Max conductance the max|W| maps to [uS]; PCMLikeNoiseModel / SinglePairConductanceConverter.
  static constexpr double default_g_max_us = 25.0;
  /// First read time of the drift fit [s]; pcm.py t_0.
  static constexpr double default_t0_s = 20.0;
  /// Parameter of the 1/f read-noise fit [s]; pcm.py t_read.
  static constexpr double default_t_read_s = 250.0e-9;
  /// g_max the programming-noise polynomial was fitted at [uS]; pcm.py (25 uS).
  static constexpr double default_prog_coeff_g_max_reference_us = 25.0;

  double g_max_us = default_g_max_us;
  double t0_s = default_t0_s;
  double t_read_s = default_t_read_s;
  double prog_coeff_g_max_reference_us = default_prog_coeff_g_max_reference_us;
  double prog_noise_scale = 1.0;  ///< pcm.py prog_noise_scale
  double read_noise_scale = 1.0;  ///< pcm.py read_noise_scale
  double drift_scale = 1.0;       ///< pcm.py drift_scale
  void validate() const;
};

/// aihwkit HermesNoiseModel parameters (src/aihwkit/inference/noise/hermes.py).
/// A value of 0 for g_max_us / t0_s selects the characterised value for `num_devices`.
struct HermesParams {
  /// Devices per weight: 1 (single device) or 2 (MSF two-device programming); hermes.py.
  static constexpr int default_num_devices = 2;
  /// Characterised max conductance [uS] for 1 and 2 devices; hermes.py.
  static constexpr double g_max_one_device_us = 10.35;
  static constexpr double g_max_two_device_us = 20.7;
  /// Drift fit reference time [s] for 1 and 2 devices; hermes.py.
  static constexpr double t0_one_device_s = 200.0;
  static constexpr double t0_two_device_s = 300.0;
  /// 1/f read-noise fit parameter [s]; hermes.py t_read.
  static constexpr double default_t_read_s = 512.0e-9;

  int num_devices = default_num_devices;
  double g_max_us = 0.0;  ///< 0: characterised maximum; else must not exceed it
  double t0_s = 0.0;      ///< 0: characterised value
  double t_read_s = default_t_read_s;
  double prog_noise_scale = 1.0;
  double read_noise_scale = 1.0;
  double drift_scale = 1.0;
  double resolved_g_max_us() const;
  double resolved_t0_s() const;
  /// g_max the programming polynomial was fitted at [uS] (the characterised maximum).
  double prog_coeff_g_max_reference_us() const;
  void validate() const;
};

/// Programming-error model of the Analog Foundation Models evaluation
/// (IBM/analog-foundation-models, apply_noise_model.py: add_PCM_noise / add_additive_noise).
struct AfmParams {
  /// Conductance units the per-row/block max|W| maps to; apply_noise_model.py GMAX.
  static constexpr double default_g_max_units = 180.0;
  /// Above this |g| the two-device fit is used; apply_noise_model.py OD_TD_DIVERGENCE.
  static constexpr double default_two_device_above_units = 52.5;
  /// Below this |g| the programmed weight is zero; apply_noise_model.py (0.6).
  static constexpr double default_zero_below_units = 0.6;
  /// Additive option: std relative to the row/block max; apply_noise_model.py (0.05).
  static constexpr double default_additive_std_multiplier = 0.05;

  AfmNoiseType noise_type = AfmNoiseType::pcm;
  double g_max_units = default_g_max_units;
  double two_device_above_units = default_two_device_above_units;
  double zero_below_units = default_zero_below_units;
  double additive_std_multiplier = default_additive_std_multiplier;
  void validate() const;
};

/// Gaussian programming error: w + std_rel * max|W| * N(0,1) (scope: weight_scale_scope).
struct AdditiveParams {
  /// Relative std; 5% as in the AFM additive evaluation (apply_noise_model.py).
  static constexpr double default_std_rel = 0.05;
  double std_rel = default_std_rel;
  void validate() const;
};

/// Device model and weight-to-conductance mapping of a tile.
struct DeviceConfig {
  DeviceImpl impl = DeviceImpl::pcm;
  /// Scope of max|W| mapped to g_max. AFM evaluation: per output row and input block.
  ScaleScope weight_scale_scope = ScaleScope::per_column;
  /// aihwkit InferenceRPUConfig default: GlobalDriftCompensation.
  DriftCompensation drift_compensation = DriftCompensation::global;
  /// Physical device pairs (default) or aihwkit InferenceTile re-conversion; inference_tile
  /// needs a drifting device (pcm or hermes).
  DriftSemantics drift_semantics = DriftSemantics::device_pair;
  PcmParams pcm;
  HermesParams hermes;
  AfmParams afm;
  AdditiveParams additive;
  void validate() const;
};

/// Digital-to-analog converter of the tile inputs.
struct DacConfig {
  /// Bits incl. sign: 2^bits - 2 steps over [-range, range]; AFM forward_inp_res = 254 (8 bit).
  /// 0 disables quantisation.
  static constexpr int default_bits = 8;
  /// AFM learned input ranges are initialised at 3.0 (config.yaml input_range_init_value).
  static constexpr double default_static_range = 3.0;

  int bits = default_bits;
  /// aihwkit default noise management is abs-max per vector (= dynamic).
  DacRangeMode range_mode = DacRangeMode::dynamic;
  /// Input range for static mode (same units as the inputs); overridable per tile.
  double static_range = default_static_range;
  void validate() const;
};

/// Analog-to-digital converter of the tile outputs.
struct AdcConfig {
  /// Bits incl. sign: 2^bits - 2 steps over [-bound, bound]; AFM forward_out_res = 254.
  /// 0 disables quantisation (clipping at the bound stays).
  static constexpr int default_bits = 8;
  /// Range in units of input range x max|W|; AFM forward_out_bound = 14 (aihwkit default 12).
  /// <= 0 disables clipping.
  static constexpr double default_out_bound = 14.0;
  /// Max bound-management reduction; aihwkit IOParameters.max_bm_factor.
  static constexpr int default_max_bm_factor = 1000;
  /// aihwkit IOParameters.max_bm_res: bound management stops when the reduction exceeds
  /// max_bm_res / inp_res (bound_management_res_limit).
  static constexpr double default_max_bm_res = 0.25;

  int bits = default_bits;
  double out_bound = default_out_bound;
  /// AFM: assumed max|W| per channel (clip type gaussian_channel).
  ScaleScope range_scope = ScaleScope::per_column;
  /// Gaussian output noise std in units of input range x mapping scale; AFM eval 0.0
  /// (aihwkit IOParameters.out_noise default 0.06).
  double out_noise = 0.0;
  BoundManagement bound_management = BoundManagement::none;  ///< AFM/lightning: none
  int max_bm_factor = default_max_bm_factor;
  double max_bm_res = default_max_bm_res;
  bool bm_test_negative_bound = true;  ///< aihwkit IOParameters.bm_test_negative_bound
  void validate() const;
};

/// Optional MVM non-idealities of aihwkit IOParameters (ir_drop, w_noise).
struct NonIdealityConfig {
  /// Wire-to-device conductance ratio; aihwkit IOParameters.ir_drop_g_ratio = 1/0.35/5e-6.
  static constexpr double default_ir_drop_g_ratio = 1.0 / 0.35 / 5.0e-6;
  double ir_drop = 0.0;  ///< IR-drop scale; 0 disables (aihwkit default)
  double ir_drop_g_ratio = default_ir_drop_g_ratio;
  WeightReadNoiseType w_noise_type = WeightReadNoiseType::none;
  double w_noise = 0.0;  ///< weight-read noise scale (normalised units), aihwkit w_noise
  void validate() const;
};

/// Largest input reduction iterative bound management may exceed before it stops, for a
/// `dac_bits` DAC: max_bm_res / inp_res, where rpucuda's inp_res is the DAC step over its
/// [-1, 1] range, 2 / (2^dac_bits - 2) (IOMetaParameter::initializeForForward scales the
/// user's 1 / (2^bits - 2) by 2 x inp_bound = 2), i.e. max_bm_res x (2^(dac_bits - 1) - 1).
/// 0 for dac_bits = 0 (no quantisation: aihwkit skips the test when inp_res <= 0).
double bound_management_res_limit(double max_bm_res, int dac_bits);

/// Everything that defines the functional behaviour of one tile.
struct TileConfig {
  DeviceConfig device;
  DacConfig dac;
  AdcConfig adc;
  NonIdealityConfig nonideal;
  void validate() const;
};

/// A weight matrix spread over tiles exactly as the mapper places it.
struct MatrixConfig {
  static constexpr std::size_t default_tile_rows = 512;  ///< inputs per tile
  static constexpr std::size_t default_tile_cols = 512;  ///< outputs per tile
  std::size_t tile_rows = default_tile_rows;
  std::size_t tile_cols = default_tile_cols;
  unsigned threads = 1;  ///< worker threads; results are identical for any value >= 1
  TileConfig tile;
  void validate() const;
};

}  // namespace aimcsim::physics
