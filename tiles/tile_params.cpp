// SPDX-License-Identifier: Apache-2.0
// Parameter declarations of the analog tile and its periphery. Defaults are the IBM HERMES core
// (Le Gallo et al., Nature Electronics 6:680, 2023, "LG23"; Khaddam-Aljameh et al., IEEE JSSC
// 57(4):1027, 2022, "KA22"). docs/sources.md explains every derivation.
#include "tiles/tile_params.hpp"

#include <cmath>

#include "tiles/functional_params.hpp"

namespace aimcsim::tiles {

using config::ComponentSpec;
using config::Dimension;
using config::ParamValues;

const ComponentSpec& DacParams::spec() {
  static const ComponentSpec s{
      "dac",
      "input DAC, one per crossbar row",
      {
          // At least 2: the functional tile quantises symmetrically to 2^(bits-1) - 1 levels
          // per sign (tiles/physics), which is none at 1 bit.
          config::integer_param("bits", "8", 2, 16, "input resolution incl. sign [bit]",
                                "LG23 Extended Data Table I: 8-bit inputs"),
          config::choice_param("encoding", {"pwm", "bit_serial"}, "pwm",
                               "pwm: one pulse of levels x t_lsb; bit_serial: one slot and one "
                               "ADC conversion per bit"),
          config::bool_param("signed_inputs", "true",
                             "sign-magnitude inputs: sign sets polarity, magnitude has bits-1 "
                             "bits (KA22: sign + 7-bit magnitude)"),
          config::positive_param("t_lsb", Dimension::time, "ns", "1",
                                 "pulse time of one input LSB (PWM) or one bit slot",
                                 "LG23 Extended Data Table I: 1 ns/LSB at 1 GHz"),
          config::real_param("energy_per_conversion", Dimension::energy, "pJ", "23.525", 0,
                             "energy to drive one row for one phase at full scale",
                             "LG23 Table I: 0.86 uJ per 64-core one-phase MVM = 13.4375 nJ/core; "
                             "minus array energy, split equally over 256 DACs + 256 ADCs "
                             "(no published breakdown)"),
          config::choice_param("range_mode", {"dynamic", "static"}, "dynamic",
                               "functional mode: input range per vector (abs-max) or fixed "
                               "(learned or calibrated)"),
          config::positive_param("static_range", Dimension::none, "", "3.0",
                                 "functional mode: fixed input range, in the inputs' units",
                                 "AFM config.yaml input_range_init_value 3.0"),
      },
      {}};
  return s;
}

DacParams DacParams::from(const ParamValues& v) {
  DacParams p;
  p.bits = static_cast<int>(v.integer("bits"));
  p.encoding = v.word("encoding") == "pwm" ? Encoding::pwm : Encoding::bit_serial;
  p.signed_inputs = v.boolean("signed_inputs");
  p.t_lsb_s = v.real("t_lsb");
  p.energy_per_conversion_j = v.real("energy_per_conversion");
  return p;
}

double DacParams::magnitude_levels() const { return std::ldexp(1.0, magnitude_bits()); }

double DacParams::integration_time_s() const {
  return encoding == Encoding::pwm ? magnitude_levels() * t_lsb_s : magnitude_bits() * t_lsb_s;
}

const ComponentSpec& AdcParams::spec() {
  static const ComponentSpec s{
      "adc",
      "column ADC bank; `count` ADCs shared by the tile's physical columns",
      {
          // At least 2, as for the DAC: symmetric 2^(bits-1) - 1 levels per sign.
          config::integer_param("bits", "8", 2, 16, "output resolution [bit]",
                                "LG23: 8-bit output MVMs"),
          config::choice_param("type", {"sar", "cco", "flash"}, "cco",
                               "converter architecture (documents the design; timing and energy "
                               "come from t_conversion and energy_per_conversion)"),
          config::integer_param("count", "256", 1, 1 << 20,
                                "ADCs per tile; columns share them round-robin",
                                "KA22: 256 CCO ADCs per core, one per column"),
          config::positive_param("t_conversion", Dimension::time, "ns", "5",
                                 "time for one conversion (CCO: counter read-out)",
                                 "LG23 Table I: 133 ns one-phase MVM minus 128 ns PWM"),
          config::real_param("energy_per_conversion", Dimension::energy, "pJ", "23.525", 0,
                             "energy of one column conversion",
                             "LG23 Table I, equal split with the DACs (see dac)"),
          config::real_param("out_bound", Dimension::none, "", "14", 0,
                             "functional mode: ADC range in units of input range x max|W| "
                             "(0: no clipping)",
                             "AFM evaluation forward_out_bound 14 (aihwkit default 12)"),
          config::choice_param("range_scope", {"per_column", "per_tile"}, "per_column",
                               "functional mode: max|W| setting the ADC range"),
          config::real_param("out_noise", Dimension::none, "", "0", 0,
                             "functional mode: Gaussian output noise, units of input range x "
                             "max|W|",
                             "AFM evaluation 0 (aihwkit IOParameters default 0.06)"),
          config::choice_param("bound_management", {"none", "iterative"}, "none",
                               "functional mode: aihwkit iterative bound management"),
      },
      {}};
  return s;
}

AdcParams AdcParams::from(const ParamValues& v) {
  AdcParams p;
  p.bits = static_cast<int>(v.integer("bits"));
  p.type = v.word("type");
  p.count = static_cast<int>(v.integer("count"));
  p.t_conversion_s = v.real("t_conversion");
  p.energy_per_conversion_j = v.real("energy_per_conversion");
  return p;
}

const ComponentSpec& LocalDigitalParams::spec() {
  static const ComponentSpec s{
      "local_digital",
      "tile-local digital unit: affine scale/offset of each output and partial-sum accumulation",
      {
          config::real_param("energy_per_output", Dimension::energy, "pJ", "0.165", 0,
                             "one output scaled, offset and accumulated (an fp16 multiply-add)",
                             "Horowitz ISSCC 2014 fp16 mult 1.1 pJ + add 0.4 pJ at 45 nm, x0.11 "
                             "to 14 nm at 0.85 V (Stillmaker & Baas, Integration 2017)"),
          config::integer_param("lanes", "16", 1, 1 << 16, "outputs processed per cycle",
                                "assumption: LG23 gives no LDPU width"),
          config::positive_param("frequency", Dimension::frequency, "MHz", "400",
                                 "clock of the local digital unit",
                                 "LG23 Extended Data Table I: LDPU/GDPU clock 400 MHz"),
          config::real_param("area", Dimension::area, "mm2", "0.757", 0,
                             "local digital, router and control of one core",
                             "LG23 Extended Data Table I: core 1.2 x 1.16 mm minus 0.635 mm2 MVM "
                             "area"),
          config::real_param("static_power", Dimension::power, "mW", "0", 0, "leakage",
                             "not modelled: LG23 reports no idle power"),
      },
      {}};
  return s;
}

LocalDigitalParams LocalDigitalParams::from(const ParamValues& v) {
  LocalDigitalParams p;
  p.energy_per_output_j = v.real("energy_per_output");
  p.lanes = static_cast<int>(v.integer("lanes"));
  p.frequency_hz = v.real("frequency");
  p.area_mm2 = v.real("area");
  p.static_power_w = v.real("static_power");
  return p;
}

const ComponentSpec& AnalogTileParams::spec() {
  static const ComponentSpec s{
      "analog_tile",
      "analog crossbar tile: DACs, crossbar array, column ADCs and local digital",
      {
          config::integer_param("rows", "256", 1, 1 << 16, "crossbar rows (weight inputs)",
                                "LG23: 256x256 unit cells per core"),
          config::integer_param("cols", "256", 1, 1 << 16, "physical crossbar columns",
                                "LG23: 256x256 unit cells per core"),
          config::integer_param("columns_per_weight", "1", 1, 16,
                                "physical columns one weight occupies (1 when the unit cell holds "
                                "the differential pair, 2 for a column pair)",
                                "LG23: 8T4R unit cell holds G+ and G-"),
          config::integer_param("devices_per_weight", "4", 1, 64, "memory devices per weight",
                                "LG23 Extended Data Table I: 4 PCM devices per unit cell"),
          config::integer_param("input_phases", "1", 1, 16,
                                "MVM phases per input vector (HERMES one-phase 1, four-phase 4)",
                                "LG23 Methods: four-phase mode runs the 4 sign combinations "
                                "separately"),
          config::real_param("array_read_energy", Dimension::energy, "nJ", "1.3926", 0,
                             "whole array read for one phase with all cells at full scale",
                             "256 columns x 100 uA max bit-line current (KA22) x 0.85 V supply "
                             "(LG23) x 128 ns x 0.5 mean occupancy"),
          config::real_param("static_power", Dimension::power, "mW", "0", 0,
                             "leakage while powered",
                             "LG23 Table I MVM energies are measured totals that include "
                             "leakage during the MVM"),
          config::real_param("area", Dimension::area, "mm2", "0.635", 0,
                             "area of the analog MVM unit (array, DACs, ADCs)",
                             "LG23 Extended Data Table I: 0.870 x 0.730 mm"),
      },
      {{"dac", &DacParams::spec()},
       {"adc", &AdcParams::spec()},
       {"local_digital", &LocalDigitalParams::spec()},
       {"device", &device_spec()},
       {"nonideal", &nonideal_spec()}}};
  return s;
}

AnalogTileParams AnalogTileParams::from(const ParamValues& v) {
  AnalogTileParams p;
  p.rows = static_cast<int>(v.integer("rows"));
  p.cols = static_cast<int>(v.integer("cols"));
  p.columns_per_weight = static_cast<int>(v.integer("columns_per_weight"));
  p.devices_per_weight = static_cast<int>(v.integer("devices_per_weight"));
  p.input_phases = static_cast<int>(v.integer("input_phases"));
  p.array_read_energy_j = v.real("array_read_energy");
  p.static_power_w = v.real("static_power");
  p.area_mm2 = v.real("area");
  p.dac = DacParams::from(v.child("dac"));
  p.adc = AdcParams::from(v.child("adc"));
  p.local_digital = LocalDigitalParams::from(v.child("local_digital"));
  p.functional = physics_tile_config(v);
  return p;
}

}  // namespace aimcsim::tiles
