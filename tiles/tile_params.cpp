// SPDX-License-Identifier: Apache-2.0
// Parameter declarations of the analog tile and its periphery. Defaults are the IBM HERMES core
// (Le Gallo et al., Nature Electronics 6:680, 2023, "LG23"; Khaddam-Aljameh et al., IEEE JSSC
// 57(4):1027, 2022, "KA22"). docs/sources.md explains every derivation.
// Converters (dac, adc) are declared in converter_params.cpp.
#include "tiles/tile_params.hpp"

#include <cmath>

#include "tiles/functional_params.hpp"

namespace aimcsim::tiles {

using config::ComponentSpec;
using config::Dimension;
using config::ParamValues;

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
          config::real_param("area", Dimension::area, "mm2", "0.7471", 0,
                             "fixed part: control, buffers and I/O of one core (lanes and the "
                             "router are added)",
                             "LG23 Extended Data Table I: core 1.2 x 1.16 mm minus 0.635 mm2 MVM "
                             "area = 0.757 mm2, minus 16 lanes x 0.0006 and the 8-bit router (0.0003 mm2)"),
          config::real_param("area_per_lane", Dimension::area, "mm2", "0.0006", 0,
                             "one lane: fp16 multiply-add with registers",
                             "Horowitz ISSCC 2014 fp16 add 1360 + mult 1640 um2 (45 nm) x "
                             "(14/45)^2 = 290 um2, x2 for registers and muxing (assumption)"),
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
  p.area_per_lane_mm2 = v.real("area_per_lane");
  return p;
}

const ComponentSpec& ProgramParams::spec() {
  static const ComponentSpec s{
      "program",
      "one-off write-verify programming of the weights (reported in summary.json, not part of "
      "the inference energy)",
      {config::positive_param("iterations", Dimension::none, "", "20",
                              "program-and-verify iterations per device (mean)",
                              "assumption: iterative programming converges in 10-30 iterations "
                              "(LG23 Methods: iterative program-and-verify)"),
       config::real_param("energy_per_pulse", Dimension::energy, "pJ", "10", 0,
                          "one program pulse plus its verify read, one device",
                          "assumption: ~100 uA x 1 V x 100 ns partial-SET pulse of a PCM device"),
       config::positive_param("pulse_time", Dimension::time, "ns", "250",
                              "one program pulse plus its verify read",
                              "assumption: ~100 ns pulse + 133 ns verify MVM (LG23) + settling")},
      {}};
  return s;
}

ProgramParams ProgramParams::from(const ParamValues& v) {
  ProgramParams p;
  p.iterations = v.real("iterations");
  p.energy_per_pulse_j = v.real("energy_per_pulse");
  p.pulse_time_s = v.real("pulse_time");
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
          config::bounded(config::positive_param("node", Dimension::none, "nm", "14",
                                 "CMOS technology node in (1, 350] nm; scales only the cell "
                                 "array area (F^2) and the ADCs (energy x F/reference_node, area "
                                 "x (F/reference_node)^2); DAC, local-digital, router, digital-"
                                 "unit, SRAM and leakage values are absolute and must be set for "
                                 "the node",
                                 "LG23: 14 nm CMOS"), 1, 350),
          config::bounded(config::positive_param("read_voltage", Dimension::voltage, "V", "0.2",
                                 "read voltage across a cell while its row is driven, up to 1 V "
                                 "(above it PCM threshold-switches)",
                                 "assumption: PCM is read well below its ~0.5 V threshold "
                                 "switching voltage; 0.2 V is the usual choice"), 0, 1),
          config::real_param("mean_conductance", Dimension::conductance, "uS", "0", 0,
                             "mean conductance of one physical unit cell during a read; 0 = "
                             "derived from the device range: devices_per_weight / 2 (one "
                             "sign's devices conduct) / columns_per_weight x device.g_max x "
                             "mean_weight_fraction",
                             "derived (12.5 uS for HERMES: 4 / 2 x 25 uS x 0.25)"),
          config::bounded(config::real_param(
                              "mean_weight_fraction", Dimension::none, "", "0.25", 0,
                              "mean |w| / max|w| of the programmed weights: the mean "
                              "conductance as a fraction of g_max",
                              "assumption: for Gaussian weights E|w| = 0.80 sigma and the max "
                              "of 256-4096 weights of a column is 2.9-3.6 sigma: 0.22-0.28; "
                              "heavier-tailed LLM weights sit lower"),
                          0, 1),
          config::real_param("input_activity", Dimension::none, "", "0.5", 0,
                             "mean |x| / x_max: fraction of the window a row conducts",
                             "assumption: half-scale mean input magnitude"),
          config::positive_param("device_area", Dimension::none, "F2", "10000",
                                 "one device with its access transistors, in F^2",
                                 "derived: LG23 MVM area 0.635 mm2 minus modelled DACs and ADCs, "
                                 "over 256 x 256 x 4 devices at F = 14 nm (docs/sources.md)"),
          config::real_param("periphery_energy", Dimension::energy, "pJ", "36.08", 0,
                             "calibration residual per physical column and input phase: core "
                             "energy not in the DAC, array, ADC or leakage models (column "
                             "read-out periphery, clocking, control); independent of ADC bits "
                             "and type",
                             "calibrated: (LG23 13437.5 pJ per core MVM - array 2097.15 - DACs "
                             "211.19 - ADCs 1310.72 - leakage 581.73) / 256 columns "
                             "(docs/sources.md)"),
      },
      {{"dac", &DacParams::spec()},
       {"adc", &AdcParams::spec()},
       {"local_digital", &LocalDigitalParams::spec()},
       {"program", &ProgramParams::spec()},
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
  p.node_nm = v.real("node");
  p.read_voltage_v = v.real("read_voltage");
  p.mean_conductance_s = v.real("mean_conductance");
  if (p.mean_conductance_s == 0)
    p.mean_conductance_s = p.devices_per_weight / 2.0 / p.columns_per_weight *
                           v.child("device").real("g_max") * v.real("mean_weight_fraction");
  p.input_activity = v.real("input_activity");
  p.device_area_f2 = v.real("device_area");
  p.periphery_energy_per_column_j = v.real("periphery_energy");
  p.dac = DacParams::from(v.child("dac"));
  p.adc = AdcParams::from(v.child("adc"));
  p.local_digital = LocalDigitalParams::from(v.child("local_digital"));
  p.program = ProgramParams::from(v.child("program"));
  p.functional = physics_tile_config(v);
  return p;
}

}  // namespace aimcsim::tiles
