// SPDX-License-Identifier: Apache-2.0
#include "tiles/physics/config.hpp"

#include <array>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace aimcsim::physics {
namespace {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<std::string_view, Enum>, N>;

template <typename Enum, std::size_t N>
Enum lookup(const NameTable<Enum, N>& table, std::string_view name, std::string_view what) {
  for (const auto& [key, value] : table) {
    if (key == name) {
      return value;
    }
  }
  std::string valid;
  for (const auto& entry : table) {
    valid += (valid.empty() ? "" : ", ") + std::string(entry.first);
  }
  throw std::invalid_argument(std::string(what) + ": unknown name '" + std::string(name) +
                              "' (valid: " + valid + ")");
}

template <typename Enum, std::size_t N>
std::string name_of(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [key, entry] : table) {
    if (entry == value) {
      return std::string(key);
    }
  }
  return "?";
}

constexpr NameTable<DeviceImpl, 5> k_device_impls{{{"ideal", DeviceImpl::ideal},
                                                   {"additive", DeviceImpl::additive},
                                                   {"pcm", DeviceImpl::pcm},
                                                   {"hermes", DeviceImpl::hermes},
                                                   {"afm", DeviceImpl::afm}}};
constexpr NameTable<ScaleScope, 3> k_scopes{{{"per_column", ScaleScope::per_column},
                                             {"per_tile", ScaleScope::per_tile},
                                             {"per_output", ScaleScope::per_output}}};
constexpr NameTable<DriftCompensation, 3> k_compensations{
    {{"none", DriftCompensation::none},
     {"global", DriftCompensation::global},
     {"per_column", DriftCompensation::per_column}}};
constexpr NameTable<DriftSemantics, 2> k_drift_semantics{
    {{"device_pair", DriftSemantics::device_pair},
     {"inference_tile", DriftSemantics::inference_tile}}};
constexpr NameTable<DacRangeMode, 2> k_dac_modes{
    {{"static", DacRangeMode::static_range}, {"dynamic", DacRangeMode::dynamic}}};
constexpr NameTable<AfmNoiseType, 2> k_afm_types{
    {{"pcm", AfmNoiseType::pcm}, {"additive", AfmNoiseType::additive}}};
constexpr NameTable<WeightReadNoiseType, 3> k_w_noise_types{
    {{"none", WeightReadNoiseType::none},
     {"additive_constant", WeightReadNoiseType::additive_constant},
     {"pcm_read", WeightReadNoiseType::pcm_read}}};
constexpr NameTable<BoundManagement, 2> k_bound_managements{
    {{"none", BoundManagement::none}, {"iterative", BoundManagement::iterative}}};

void require(bool condition, const std::string& message) {
  if (!condition) {
    throw std::invalid_argument(message);
  }
}
bool finite_positive(double v) { return std::isfinite(v) && v > 0.0; }
bool finite_non_negative(double v) { return std::isfinite(v) && v >= 0.0; }
void require_bits(int bits, const char* name) {
  require(bits == 0 || (bits >= 2 && bits <= 24),
          std::string(name) + ": expected 0 (no quantisation) or 2..24 bits, got " +
              std::to_string(bits));
}

}  // namespace

DeviceImpl device_impl_from_string(std::string_view name) {
  return lookup(k_device_impls, name, "device.impl");
}
ScaleScope scale_scope_from_string(std::string_view name) {
  return lookup(k_scopes, name, "scale scope");
}
DriftCompensation drift_compensation_from_string(std::string_view name) {
  return lookup(k_compensations, name, "drift_compensation");
}
DriftSemantics drift_semantics_from_string(std::string_view name) {
  return lookup(k_drift_semantics, name, "device.drift_semantics");
}
DacRangeMode dac_range_mode_from_string(std::string_view name) {
  return lookup(k_dac_modes, name, "dac.range_mode");
}
AfmNoiseType afm_noise_type_from_string(std::string_view name) {
  return lookup(k_afm_types, name, "afm.noise_type");
}
WeightReadNoiseType weight_read_noise_type_from_string(std::string_view name) {
  return lookup(k_w_noise_types, name, "w_noise_type");
}
BoundManagement bound_management_from_string(std::string_view name) {
  return lookup(k_bound_managements, name, "adc.bound_management");
}

std::string to_string(DeviceImpl value) { return name_of(k_device_impls, value); }
std::string to_string(ScaleScope value) { return name_of(k_scopes, value); }
std::string to_string(DriftCompensation value) { return name_of(k_compensations, value); }
std::string to_string(DriftSemantics value) { return name_of(k_drift_semantics, value); }
std::string to_string(DacRangeMode value) { return name_of(k_dac_modes, value); }
std::string to_string(AfmNoiseType value) { return name_of(k_afm_types, value); }
std::string to_string(WeightReadNoiseType value) { return name_of(k_w_noise_types, value); }
std::string to_string(BoundManagement value) { return name_of(k_bound_managements, value); }

void PcmParams::validate() const {
  require(finite_positive(g_max_us), "pcm.g_max_us: expected a positive conductance in uS");
  require(finite_positive(t0_s), "pcm.t0_s: expected a positive time in s");
  require(finite_positive(t_read_s), "pcm.t_read_s: expected a positive time in s");
  require(finite_positive(prog_coeff_g_max_reference_us),
          "pcm.prog_coeff_g_max_reference_us: expected a positive conductance in uS");
  require(finite_non_negative(prog_noise_scale), "pcm.prog_noise_scale: expected >= 0");
  require(finite_non_negative(read_noise_scale), "pcm.read_noise_scale: expected >= 0");
  require(finite_non_negative(drift_scale), "pcm.drift_scale: expected >= 0");
}

double HermesParams::resolved_g_max_us() const {
  if (g_max_us > 0.0) {
    return g_max_us;
  }
  return num_devices == 1 ? g_max_one_device_us : g_max_two_device_us;
}
double HermesParams::resolved_t0_s() const {
  if (t0_s > 0.0) {
    return t0_s;
  }
  return num_devices == 1 ? t0_one_device_s : t0_two_device_s;
}
double HermesParams::prog_coeff_g_max_reference_us() const {
  return num_devices == 1 ? g_max_one_device_us : g_max_two_device_us;
}
void HermesParams::validate() const {
  require(num_devices == 1 || num_devices == 2, "hermes.num_devices: expected 1 or 2");
  require(finite_non_negative(g_max_us) && g_max_us <= prog_coeff_g_max_reference_us(),
          "hermes.g_max_us: expected 0 (characterised) or a value up to " +
              std::to_string(prog_coeff_g_max_reference_us()) + " uS for " +
              std::to_string(num_devices) + " device(s)");
  require(finite_non_negative(t0_s), "hermes.t0_s: expected 0 (characterised) or a time in s");
  require(finite_positive(t_read_s), "hermes.t_read_s: expected a positive time in s");
  require(finite_non_negative(prog_noise_scale), "hermes.prog_noise_scale: expected >= 0");
  require(finite_non_negative(read_noise_scale), "hermes.read_noise_scale: expected >= 0");
  require(finite_non_negative(drift_scale), "hermes.drift_scale: expected >= 0");
}

void AfmParams::validate() const {
  require(finite_positive(g_max_units), "afm.g_max_units: expected > 0");
  require(finite_non_negative(two_device_above_units), "afm.two_device_above_units: expected >= 0");
  require(finite_non_negative(zero_below_units), "afm.zero_below_units: expected >= 0");
  require(finite_non_negative(additive_std_multiplier),
          "afm.additive_std_multiplier: expected >= 0");
}

void AdditiveParams::validate() const {
  require(finite_non_negative(std_rel), "additive.std_rel: expected >= 0");
}

void DeviceConfig::validate() const {
  require(drift_semantics == DriftSemantics::device_pair || impl == DeviceImpl::pcm ||
              impl == DeviceImpl::hermes,
          "device.drift_semantics: inference_tile needs a drifting device, impl pcm or hermes "
          "(impl is " + to_string(impl) + ")");
  pcm.validate();
  hermes.validate();
  afm.validate();
  additive.validate();
}

void DacConfig::validate() const {
  require_bits(bits, "dac.bits");
  require(finite_positive(static_range), "dac.static_range: expected a positive input range");
}

void AdcConfig::validate() const {
  require_bits(bits, "adc.bits");
  require(std::isfinite(out_bound), "adc.out_bound: expected a finite value (<= 0 disables)");
  require(range_scope != ScaleScope::per_output,
          "adc.range_scope: expected per_column or per_tile");
  require(finite_non_negative(out_noise), "adc.out_noise: expected >= 0");
  require(max_bm_factor >= 1, "adc.max_bm_factor: expected >= 1");
  require(finite_positive(max_bm_res), "adc.max_bm_res: expected > 0");
  require(bound_management == BoundManagement::none || out_bound > 0.0,
          "adc.bound_management: iterative needs adc.out_bound > 0");
}

double bound_management_res_limit(double max_bm_res, int dac_bits) {
  if (dac_bits <= 0) {
    return 0.0;
  }
  return max_bm_res * static_cast<double>((1LL << (dac_bits - 1)) - 1);
}

void NonIdealityConfig::validate() const {
  require(finite_non_negative(ir_drop), "ir_drop: expected >= 0");
  require(finite_positive(ir_drop_g_ratio), "ir_drop_g_ratio: expected > 0");
  require(finite_non_negative(w_noise), "w_noise: expected >= 0");
}

void TileConfig::validate() const {
  device.validate();
  dac.validate();
  adc.validate();
  nonideal.validate();
}

void MatrixConfig::validate() const {
  require(tile_rows > 0, "tile_rows: expected > 0");
  require(tile_cols > 0, "tile_cols: expected > 0");
  require(threads >= 1, "threads: expected >= 1");
  tile.validate();
}

}  // namespace aimcsim::physics
