// SPDX-License-Identifier: Apache-2.0
// Converter parameters and cost laws. Defaults are the IBM HERMES core (Le Gallo et al., Nature
// Electronics 6:680, 2023, "LG23"; Khaddam-Aljameh et al., IEEE JSSC 57(4):1027, 2022, "KA22");
// docs/sources.md derives every number.
#include "tiles/converter_params.hpp"

#include <algorithm>
#include <cmath>

namespace aimcsim::tiles {

using config::ComponentSpec;
using config::Dimension;
using config::ParamValues;

const ComponentSpec& DacParams::spec() {
  static const ComponentSpec s{
      "dac",
      "input DAC, one per crossbar row: pulse generator and word-line driver",
      {
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
          config::positive_param("cell_capacitance", Dimension::capacitance, "fF", "1.0",
                                 "word-line load of one physical cell (a pulse charges cols x it)",
                                 "4 um cell pitch (KA22 column pitch) x 0.2 fF/um wire + 2 access "
                                 "gates x 0.1 fF (14 nm): ~1 fF"),
          config::bounded(config::positive_param("drive_voltage", Dimension::voltage, "V", "0.85",
                                 "word-line swing, up to 5 V (thick-oxide I/O devices)",
                                 "LG23: 0.85 V supply"), 0, 5),
          config::real_param("energy_per_cycle", Dimension::energy, "pJ", "0.005", 0,
                             "pulse generator of one row, one t_lsb clock cycle",
                             "assumption: a 7-bit compare against the shared counter, ~20 gates "
                             "x 0.5 fF x (0.85 V)^2 x 0.5 activity + clocking"),
          config::real_param("area", Dimension::area, "um2", "160", 0,
                             "one DAC (input register, pulse generator, word-line driver)",
                             "assumption: 4 um row pitch (KA22 column pitch) x 40 um"),
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
  p.cell_capacitance_f = v.real("cell_capacitance");
  p.drive_voltage_v = v.real("drive_voltage");
  p.energy_per_cycle_j = v.real("energy_per_cycle");
  p.area_mm2 = v.real("area");
  return p;
}

double DacParams::magnitude_levels() const { return std::ldexp(1.0, magnitude_bits()); }

double DacParams::integration_time_s() const {
  return encoding == Encoding::pwm ? magnitude_levels() * t_lsb_s : magnitude_bits() * t_lsb_s;
}

double DacParams::pulse_energy_j(int phys_cols) const {
  return phys_cols * cell_capacitance_f * drive_voltage_v * drive_voltage_v;
}

double DacParams::row_energy_per_phase_j(int phys_cols) const {
  const double pulse = pulse_energy_j(phys_cols);
  if (encoding == Encoding::pwm) return pulse + magnitude_levels() * energy_per_cycle_j;
  return magnitude_bits() * (pulse + energy_per_cycle_j);
}

AdcTypeDefaults adc_type_defaults(AdcParams::Type type) {
  // Sources in docs/sources.md ("ADC types"); all at the 14 nm reference node.
  switch (type) {
    case AdcParams::Type::sar: return {0.1e-9, 15e-15, 1e-6};
    case AdcParams::Type::ramp: return {0.3e-9, 20e-15, 6.25e-6};
    case AdcParams::Type::cco: return {0.3e-9, 20e-15, 6.25e-6};
    case AdcParams::Type::flash: return {0.125e-9, 25e-15, 4e-6};
  }
  return {0.3e-9, 20e-15, 6.25e-6};
}

const ComponentSpec& AdcParams::spec() {
  static const ComponentSpec s{
      "adc",
      "column ADC bank; `count` ADCs shared by the tile's physical columns",
      {
          // At least 2, as for the DAC: symmetric 2^(bits-1) - 1 levels per sign.
          config::integer_param("bits", "8", 2, 16, "output resolution [bit]",
                                "LG23: 8-bit output MVMs"),
          config::choice_param("type", {"sar", "ramp", "cco", "flash"}, "cco",
                               "converter architecture: sets the conversion time law and the "
                               "area law"),
          config::integer_param("count", "256", 1, 1 << 20,
                                "ADCs per tile; columns share them round-robin",
                                "KA22: 256 CCO ADCs per core, one per column"),
          config::real_param("t_step", Dimension::time, "ns", "0", 0,
                             "SAR bit cycle, ramp/CCO LSB period, flash decision time (0: the "
                             "type's default: sar 0.1, ramp 0.3, cco 0.3, flash 0.125 ns)",
                             "sar: Kull JSSC 2013 8b 1.2 GS/s (~93 ps/bit, 32 nm); cco: KA22 "
                             "300 ps/LSB; ramp: assumption, a counter clocked like KA22's CCO; "
                             "flash: Van der Plas ISSCC 2006 0.8 ns (90 nm) x 14/90"),
          config::real_param("t_readout", Dimension::time, "ns", "5", 0,
                             "latch and read-out of one conversion's code",
                             "LG23 Table I: 133 ns one-phase MVM minus 128 ns PWM"),
          config::real_param("fom", Dimension::energy, "fJ", "0", 0,
                             "Walden figure of merit at reference_node: energy per conversion "
                             "step, E = fom x 2^bits (0: the type's default: sar 15, ramp 20, "
                             "cco 20, flash 25 fJ)",
                             "sar: Kull JSSC 2013 34 fJ/step (32 nm) x 14/32; flash: Van der Plas "
                             "ISSCC 2006 160 fJ/step (90 nm) x 14/90; cco, ramp: assumption, "
                             "oscillator/counter + comparator or bias per LSB step "
                             "(docs/sources.md)"),
          config::bounded(config::real_param("reference_node", Dimension::none, "nm", "14", 1,
                             "technology node at which fom and unit_area are given",
                             "LG23/KA22: 14 nm CMOS"), 1, 350),
          config::real_param("unit_area", Dimension::area, "um2", "0", 0,
                             "area of one unit (unit capacitor, comparator slice, counter bit) "
                             "at reference_node (0: the type's default: sar 1, ramp 6.25, cco "
                             "6.25, flash 4 um2)",
                             "cco: KA22 4 um ADC pitch x 75 um (assumption) / 48 units; ramp as "
                             "cco; sar: assumption ~1 fF MOM unit capacitor + switch ~1 um2; "
                             "flash: assumption 16 um2 dynamic comparator / 4 units"),
          config::real_param("bias_power", Dimension::power, "uW", "0", 0,
                             "static bias of one ADC while powered",
                             "0 for CCO and dynamic-latch SAR/flash: no bias current without "
                             "bit-line current (KA22: current-controlled oscillator)"),
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
  const std::string t = v.word("type");
  p.type = t == "sar" ? Type::sar : t == "ramp" ? Type::ramp : t == "flash" ? Type::flash : Type::cco;
  p.count = static_cast<int>(v.integer("count"));
  const AdcTypeDefaults d = adc_type_defaults(p.type);
  // 0 selects the converter type's published default, so sweeping `type` changes the physics.
  p.t_step_s = v.real("t_step") > 0 ? v.real("t_step") : d.t_step_s;
  p.t_readout_s = v.real("t_readout");
  p.fom_j = v.real("fom") > 0 ? v.real("fom") : d.fom_j;
  p.reference_node_nm = v.real("reference_node");
  p.unit_area_mm2 = v.real("unit_area") > 0 ? v.real("unit_area") : d.unit_area_mm2;
  p.bias_power_w = v.real("bias_power");
  return p;
}

double AdcParams::conversion_time_s() const {
  switch (type) {
    case Type::sar: return bits * t_step_s + t_readout_s;
    case Type::ramp: return std::ldexp(t_step_s, bits) + t_readout_s;
    case Type::flash: return t_step_s + t_readout_s;
    case Type::cco: return t_readout_s;
  }
  return t_readout_s;
}

double AdcParams::min_window_s() const {
  return type == Type::cco ? std::ldexp(t_step_s, bits) : 0.0;
}

double AdcParams::energy_per_conversion_j(double node_nm) const {
  return std::ldexp(fom_j, bits) * node_nm / reference_node_nm;
}

double AdcParams::area_units() const {
  switch (type) {
    case Type::sar: return std::ldexp(1.0, bits) + 4.0 * bits;
    case Type::ramp:
    case Type::cco: return 4.0 * bits + 16.0;
    case Type::flash: return 4.0 * (std::ldexp(1.0, bits) - 1.0);
  }
  return 0;
}

double AdcParams::area_mm2(double node_nm) const {
  const double s = node_nm / reference_node_nm;
  return area_units() * unit_area_mm2 * s * s;
}

}  // namespace aimcsim::tiles
