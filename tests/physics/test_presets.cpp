// SPDX-License-Identifier: Apache-2.0
// The compiled-in presets `aihwkit` and `afm` load, and their resolved functional TileConfig is
// exactly the values configs/aihwkit.yaml and configs/afm.yaml cite (IBM/aihwkit
// InferenceRPUConfig defaults; the Analog Foundation Models evaluation settings).
#include <gtest/gtest.h>

#include <string>

#include "sim/arch_config.hpp"
#include "sim/cli/presets.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/yaml_document.hpp"

namespace aimcsim {
namespace {

RunConfig load_preset(const std::string& name, const std::string& override_text = "") {
  for (const auto& p : cli::builtin_presets()) {
    if (name == p.name) {
      auto doc = config::YamlDocument::load_string(p.yaml, p.file);
      if (!override_text.empty()) doc.apply_override(override_text);
      return read_run_config(doc);
    }
  }
  ADD_FAILURE() << "no preset " << name;
  return {};
}

TEST(Presets, AihwkitIsInferenceRpuConfigDefaults) {
  const RunConfig cfg = load_preset("aihwkit");
  EXPECT_EQ(cfg.name, "aihwkit");
  EXPECT_EQ(cfg.chip.analog_tile.rows, 512);  // mapping.py max_input_size 512
  EXPECT_EQ(cfg.chip.analog_tile.cols, 512);  // mapping.py max_output_size 512
  const physics::TileConfig& t = cfg.chip.analog_tile.functional;
  // Device: configs.py noise_model PCMLikeNoiseModel, drift_compensation Global.
  EXPECT_EQ(t.device.impl, physics::DeviceImpl::pcm);
  EXPECT_EQ(t.device.weight_scale_scope, physics::ScaleScope::per_tile);
  EXPECT_EQ(t.device.drift_compensation, physics::DriftCompensation::global);
  EXPECT_EQ(t.device.drift_semantics, physics::DriftSemantics::inference_tile);
  EXPECT_DOUBLE_EQ(t.device.pcm.g_max_us, 25.0);  // conductance.py g_max 25
  EXPECT_DOUBLE_EQ(t.device.pcm.t0_s, 20.0);      // pcm.py t_0
  EXPECT_DOUBLE_EQ(t.device.pcm.t_read_s, 250e-9);  // pcm.py t_read
  EXPECT_DOUBLE_EQ(t.device.pcm.prog_noise_scale, 1.0);
  EXPECT_DOUBLE_EQ(t.device.pcm.read_noise_scale, 1.0);
  EXPECT_DOUBLE_EQ(t.device.pcm.drift_scale, 1.0);
  EXPECT_DOUBLE_EQ(t.device.pcm.prog_coeff_g_max_reference_us, 25.0);  // pcm.py reference
  // IOParameters (io.py): inp_res 1/(2^7-2), noise_management ABS_MAX, out_res 1/(2^9-2),
  // out_bound 12, out_noise 0.06, ITERATIVE bound management, max_bm_factor 1000,
  // max_bm_res 0.25, bm_test_negative_bound True, ir_drop 0, w_noise 0 (NONE).
  EXPECT_EQ(t.dac.bits, 7);
  EXPECT_EQ(t.dac.range_mode, physics::DacRangeMode::dynamic);
  EXPECT_EQ(t.adc.bits, 9);
  EXPECT_DOUBLE_EQ(t.adc.out_bound, 12.0);
  EXPECT_EQ(t.adc.range_scope, physics::ScaleScope::per_tile);
  EXPECT_DOUBLE_EQ(t.adc.out_noise, 0.06);
  EXPECT_EQ(t.adc.bound_management, physics::BoundManagement::iterative);
  EXPECT_EQ(t.adc.max_bm_factor, 1000);
  EXPECT_DOUBLE_EQ(t.adc.max_bm_res, 0.25);
  EXPECT_TRUE(t.adc.bm_test_negative_bound);
  EXPECT_DOUBLE_EQ(t.nonideal.ir_drop, 0.0);
  EXPECT_EQ(t.nonideal.w_noise_type, physics::WeightReadNoiseType::none);
  EXPECT_DOUBLE_EQ(t.nonideal.w_noise, 0.0);
  // The timing model uses the same converter resolutions.
  EXPECT_EQ(cfg.chip.analog_tile.dac.bits, 7);
  EXPECT_EQ(cfg.chip.analog_tile.adc.bits, 9);
}

TEST(Presets, AfmIsTheAnalogFoundationModelsEvaluation) {
  const RunConfig cfg = load_preset("afm");
  EXPECT_EQ(cfg.name, "afm");
  EXPECT_EQ(cfg.chip.analog_tile.rows, 512);  // apply_noise_model.py max_inp_size 512
  const physics::TileConfig& t = cfg.chip.analog_tile.functional;
  EXPECT_EQ(t.device.impl, physics::DeviceImpl::afm);
  EXPECT_EQ(t.device.afm.noise_type, physics::AfmNoiseType::pcm);
  EXPECT_EQ(t.device.weight_scale_scope, physics::ScaleScope::per_column);
  EXPECT_EQ(t.device.drift_compensation, physics::DriftCompensation::none);
  EXPECT_EQ(t.device.drift_semantics, physics::DriftSemantics::device_pair);
  EXPECT_DOUBLE_EQ(t.device.afm.g_max_units, 180.0);            // GMAX
  EXPECT_DOUBLE_EQ(t.device.afm.two_device_above_units, 52.5);  // OD_TD_DIVERGENCE
  EXPECT_DOUBLE_EQ(t.device.afm.zero_below_units, 0.6);
  // config.yaml: forward_inp_res 254, input_range_enable (learned, init 3.0),
  // forward_out_res 254, forward_out_bound 14, forward_out_noise 0, clip gaussian_channel.
  EXPECT_EQ(t.dac.bits, 8);
  EXPECT_EQ(t.dac.range_mode, physics::DacRangeMode::static_range);
  EXPECT_DOUBLE_EQ(t.dac.static_range, 3.0);
  EXPECT_EQ(t.adc.bits, 8);
  EXPECT_DOUBLE_EQ(t.adc.out_bound, 14.0);
  EXPECT_EQ(t.adc.range_scope, physics::ScaleScope::per_column);
  EXPECT_DOUBLE_EQ(t.adc.out_noise, 0.0);
  EXPECT_EQ(t.adc.bound_management, physics::BoundManagement::none);
  EXPECT_DOUBLE_EQ(t.nonideal.ir_drop, 0.0);
  EXPECT_EQ(t.nonideal.w_noise_type, physics::WeightReadNoiseType::none);
  EXPECT_DOUBLE_EQ(t.nonideal.w_noise, 0.0);
  EXPECT_EQ(cfg.chip.analog_tile.dac.bits, 8);
  EXPECT_EQ(cfg.chip.analog_tile.adc.bits, 8);
}

TEST(Presets, DriftSemanticsIsAnOverridableKey) {
  EXPECT_EQ(load_preset("hermes").chip.analog_tile.functional.device.drift_semantics,
            physics::DriftSemantics::device_pair);  // the default
  EXPECT_EQ(load_preset("hermes", "chip.analog_tile.device.drift_semantics=inference_tile")
                .chip.analog_tile.functional.device.drift_semantics,
            physics::DriftSemantics::inference_tile);
  EXPECT_EQ(load_preset("aihwkit", "chip.analog_tile.device.drift_semantics=device_pair")
                .chip.analog_tile.functional.device.drift_semantics,
            physics::DriftSemantics::device_pair);
  auto error_of = [](const std::string& preset, const std::string& assignment) {
    try {
      load_preset(preset, assignment);
    } catch (const config::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  const std::string bad = error_of("hermes", "chip.analog_tile.device.drift_semantics=single");
  EXPECT_NE(bad.find("chip.analog_tile.device.drift_semantics"), std::string::npos) << bad;
  EXPECT_NE(bad.find("device_pair, inference_tile"), std::string::npos) << bad;
  // inference_tile needs a drifting device: the afm preset rejects it, naming the key.
  const std::string afm = error_of("afm", "chip.analog_tile.device.drift_semantics=inference_tile");
  EXPECT_NE(afm.find("chip.analog_tile.device.drift_semantics"), std::string::npos) << afm;
  EXPECT_NE(afm.find("impl pcm or hermes"), std::string::npos) << afm;
}

}  // namespace
}  // namespace aimcsim
