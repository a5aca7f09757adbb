// SPDX-License-Identifier: Apache-2.0
// Functional-mode parameters of the analog tile, mapped onto tiles/physics. Defaults follow
// aihwkit (IBM/aihwkit, src/aihwkit/inference/noise/pcm.py, hermes.py) and the Analog
// Foundation Models evaluation (IBM/analog-foundation-models); docs/device-models.md has the
// equations.
#include "tiles/functional_params.hpp"

#include <stdexcept>

#include "sim/config/config_error.hpp"

namespace aimcsim::tiles {

using config::ComponentSpec;
using config::Dimension;

const ComponentSpec& device_spec() {
  static const ComponentSpec s{
      "device",
      "memory device model of the functional tile (programming noise, drift, read noise)",
      {config::choice_param("impl", {"pcm", "hermes", "afm", "additive", "ideal"}, "pcm",
                            "pcm: aihwkit PCMLikeNoiseModel; hermes: aihwkit HermesNoiseModel; "
                            "afm: AFM apply_noise_model.py; additive: Gaussian; ideal: none"),
       config::choice_param("weight_scale", {"per_column", "per_tile", "per_output"},
                            "per_column", "scope of max|W| mapped to g_max"),
       config::choice_param("drift_compensation", {"global", "per_column", "none"}, "global",
                            "aihwkit GlobalDriftCompensation, per column, or none"),
       config::choice_param("drift_semantics", {"device_pair", "inference_tile"}, "device_pair",
                            "pcm/hermes drift: device_pair: both devices of each pair drift "
                            "with their own nu; inference_tile: aihwkit InferenceTile, the "
                            "programmed weight re-converted onto one device (g_max at "
                            "the abs-max of the programmed weights) drifts"),
       config::positive_param("g_max", Dimension::conductance, "uS", "25",
                              "pcm: conductance of the largest weight",
                              "aihwkit PCMLikeNoiseModel g_max 25 uS"),
       config::positive_param("t0", Dimension::time, "s", "20", "pcm: drift reference time",
                              "aihwkit PCMLikeNoiseModel t_0 20 s"),
       config::positive_param("t_read", Dimension::time, "ns", "250",
                              "pcm: read duration of the 1/f noise model",
                              "aihwkit PCMLikeNoiseModel t_read 250 ns"),
       config::real_param("prog_noise_scale", Dimension::none, "", "1", 0,
                          "scale of the programming noise", "aihwkit prog_noise_scale 1"),
       config::real_param("read_noise_scale", Dimension::none, "", "1", 0,
                          "scale of the read noise", "aihwkit read_noise_scale 1"),
       config::real_param("drift_scale", Dimension::none, "", "1", 0,
                          "scale of the drift exponent", "aihwkit drift_scale 1"),
       config::integer_param("hermes_devices", "2", 1, 2,
                             "hermes: devices per weight sign (one- or two-device fit)",
                             "aihwkit HermesNoiseModel num_devices 2"),
       config::choice_param("afm_noise", {"pcm", "additive"}, "pcm",
                            "afm: cubic programming-error fit or additive 5% of the max"),
       config::real_param("additive_std", Dimension::none, "", "0.05", 0,
                          "additive: sigma relative to max|W|", "AFM additive option 0.05")},
      {}};
  return s;
}

const ComponentSpec& nonideal_spec() {
  static const ComponentSpec s{
      "nonideal",
      "optional MVM non-idealities of aihwkit IOParameters",
      {config::real_param("ir_drop", Dimension::none, "", "0", 0,
                          "first-order IR-drop scale (0: off)", "aihwkit IOParameters.ir_drop 0"),
       config::choice_param("w_noise_type", {"none", "additive_constant", "pcm_read"}, "none",
                            "per-MVM weight-read noise"),
       config::real_param("w_noise", Dimension::none, "", "0", 0,
                          "weight-read noise scale (normalised)", "aihwkit IOParameters.w_noise 0")},
      {}};
  return s;
}

namespace {

// tiles/physics names the offending field "group.name: what" (e.g. "adc.bound_management:
// iterative needs adc.out_bound > 0"). When that is a key of the tile, the error names the key
// and where its value came from (file:line, -p option or default); otherwise the tile.
[[noreturn]] void fail_physics_check(const config::ParamValues& tile, const std::string& message) {
  const auto colon = message.find(": ");
  const auto dot = message.find('.');
  if (colon != std::string::npos && dot != std::string::npos && dot < colon) {
    const std::string group = message.substr(0, dot);
    const std::string name = message.substr(dot + 1, colon - dot - 1);
    for (const auto& [key, child_spec] : tile.spec().children) {
      if (key != group) continue;
      for (const auto& p : child_spec->params)
        if (p.name == name) config::fail_value(tile.child(key), name, message.substr(colon + 2));
    }
  }
  throw config::ConfigError("key '" + tile.path() + "': " + message);
}

}  // namespace

physics::TileConfig physics_tile_config(const config::ParamValues& tile) {
  const auto& d = tile.child("device");
  const auto& dac = tile.child("dac");
  const auto& adc = tile.child("adc");
  const auto& n = tile.child("nonideal");
  physics::TileConfig c;
  c.device.impl = physics::device_impl_from_string(d.word("impl"));
  c.device.weight_scale_scope = physics::scale_scope_from_string(d.word("weight_scale"));
  c.device.drift_compensation = physics::drift_compensation_from_string(d.word("drift_compensation"));
  c.device.drift_semantics = physics::drift_semantics_from_string(d.word("drift_semantics"));
  c.device.pcm.g_max_us = d.real("g_max") * 1e6;
  c.device.pcm.t0_s = d.real("t0");
  c.device.pcm.t_read_s = d.real("t_read");
  c.device.pcm.prog_noise_scale = c.device.hermes.prog_noise_scale = d.real("prog_noise_scale");
  c.device.pcm.read_noise_scale = c.device.hermes.read_noise_scale = d.real("read_noise_scale");
  c.device.pcm.drift_scale = c.device.hermes.drift_scale = d.real("drift_scale");
  c.device.hermes.num_devices = static_cast<int>(d.integer("hermes_devices"));
  c.device.afm.noise_type = physics::afm_noise_type_from_string(d.word("afm_noise"));
  c.device.additive.std_rel = d.real("additive_std");
  c.dac.bits = static_cast<int>(dac.integer("bits"));
  c.dac.range_mode = physics::dac_range_mode_from_string(dac.word("range_mode"));
  c.dac.static_range = dac.real("static_range");
  c.adc.bits = static_cast<int>(adc.integer("bits"));
  c.adc.out_bound = adc.real("out_bound");
  c.adc.range_scope = physics::scale_scope_from_string(adc.word("range_scope"));
  c.adc.out_noise = adc.real("out_noise");
  c.adc.bound_management = physics::bound_management_from_string(adc.word("bound_management"));
  c.nonideal.ir_drop = n.real("ir_drop");
  c.nonideal.w_noise_type = physics::weight_read_noise_type_from_string(n.word("w_noise_type"));
  c.nonideal.w_noise = n.real("w_noise");
  try {
    c.validate();
  } catch (const std::invalid_argument& e) {
    fail_physics_check(tile, e.what());
  }
  return c;
}

}  // namespace aimcsim::tiles
