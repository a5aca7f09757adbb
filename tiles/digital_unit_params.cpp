// SPDX-License-Identifier: Apache-2.0
// Digital unit parameters. Energies: Horowitz, "Computing's energy problem", ISSCC 2014 (45 nm),
// scaled by 0.11 to 14 nm at 0.85 V with the Stillmaker & Baas energy fits (Integration 58, 2017);
// multi-cycle functions cost five fused multiply-adds (degree-4 polynomial or Newton-Raphson).
#include "tiles/digital_unit_params.hpp"

#include <cmath>
#include <string>

namespace aimcsim::tiles {

using config::ComponentSpec;
using config::Dimension;
using config::ParamValues;

namespace {

constexpr double k_scale_45_to_14 = 0.11;  // Stillmaker & Baas 2017, 45 nm 1.0 V -> 14 nm 0.85 V

/// Energy table of one precision: 45 nm add and mul from Horowitz 2014, everything scaled.
ComponentSpec energy_spec(const std::string& prec, double add45_pj, double mul45_pj) {
  const double add = add45_pj * k_scale_45_to_14, mul = mul45_pj * k_scale_45_to_14;
  const double mac = add + mul, special = 5 * mac;
  auto e = [&](const std::string& op, double pj, const std::string& why) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", pj);
    return config::real_param(op, Dimension::energy, "pJ", buf, 0,
                              prec + " " + op + " energy per operation", why);
  };
  const std::string h = "Horowitz ISSCC 2014 " + prec + " (45 nm) x0.11";
  return ComponentSpec{
      "energy_" + prec,
      prec + " energy per operation",
      {e("add", add, h + " add"), e("mul", mul, h + " mult"), e("mac", mac, h + " mult + add"),
       e("max", add, "same as an add (a compare)"), e("exp", special, "5 x mac (polynomial)"),
       e("div", special, "5 x mac (Newton-Raphson)"), e("rsqrt", special, "5 x mac (Newton-Raphson)")},
      {}};
}

const ComponentSpec& energy_int8() {
  static const ComponentSpec s = energy_spec("int8", 0.03, 0.2);
  return s;
}
const ComponentSpec& energy_fp16() {
  static const ComponentSpec s = energy_spec("fp16", 0.4, 1.1);
  return s;
}
const ComponentSpec& energy_fp32() {
  static const ComponentSpec s = energy_spec("fp32", 0.9, 3.7);
  return s;
}

const ComponentSpec& precision_spec() {
  static const std::vector<std::string> p = {"int8", "fp16", "fp32"};
  static const ComponentSpec s{
      "precision",
      "number format of each kernel class",
      {config::choice_param("attention", p, "fp16", "QK^T and AV products"),
       config::choice_param("softmax", p, "fp32", "softmax exponent, sum and scale"),
       config::choice_param("norm", p, "fp32", "RMSNorm / LayerNorm"),
       config::choice_param("elementwise", p, "fp16",
                            "activations, RoPE, residual adds, gating products, biases"),
       config::choice_param("accumulate", p, "fp32", "sum of tile partial results")},
      {}};
  return s;
}

const ComponentSpec& sram_spec() {
  static const ComponentSpec s{
      "sram",
      "local SRAM buffer of a digital unit",
      {config::real_param("capacity", Dimension::bytes, "KiB", "64", 0, "buffer capacity",
                          "assumption: holds a few activation vectors of a 4k-wide model"),
       config::positive_param("bandwidth", Dimension::bandwidth, "GB/s", "25.6",
                              "read+write bandwidth", "64 B/cycle at 400 MHz (assumption)"),
       config::real_param("energy_per_bit", Dimension::energy_per_bit, "pJ/bit", "0.034", 0,
                          "access energy", "Horowitz 2014: 20 pJ per 64-bit read of 32 KB SRAM, x0.11"),
       config::positive_param("density", Dimension::none, "Mbit/mm2", "3.2",
                              "macro density incl. periphery",
                              "TSMC 16 nm 128 Mb SRAM on 42.6 mm2 (Chen et al., JSSC 50(1), 2015)"),
       config::real_param("leakage_per_mbit", Dimension::power, "uW", "50", 0,
                          "retention leakage per Mbit",
                          "assumption: 14 nm 6T cell ~30 pA at 0.85 V (~25 pW/bit) x2 for "
                          "periphery = 50 uW/Mbit")},
      {}};
  return s;
}

Precision precision_of(const std::string& w) {
  if (w == "int8") return Precision::int8;
  if (w == "fp16") return Precision::fp16;
  return Precision::fp32;
}

}  // namespace

const ComponentSpec& DigitalUnitParams::spec() {
  static const ComponentSpec s{
      "digital_unit",
      "vector digital processing unit (attention, norms, activations, sampling)",
      {config::integer_param("count", "8", 1, 1 << 16, "digital units per chip",
                             "LG23 Extended Data Table I: 8 GDPUs"),
       config::integer_param("lanes", "16", 1, 1 << 20, "elementary operations per cycle",
                             "assumption: LG23 gives no GDPU width"),
       config::positive_param("frequency", Dimension::frequency, "MHz", "400", "clock",
                              "LG23 Extended Data Table I: GDPU clock 400 MHz"),
       config::integer_param("special_cycles", "4", 1, 1024,
                             "cycles per lane for exp, div, rsqrt",
                             "assumption: pipelined 4-cycle special-function unit"),
       config::real_param("area", Dimension::area, "mm2", "0.0802", 0,
                          "fixed logic (control, sequencing, special functions) without lanes "
                          "and SRAM",
                          "LG23 Extended Data Table I: GDPU 0.281 mm2 minus 16 lanes x 0.0023 "
                          "minus the 64 KiB SRAM (0.164 mm2)"),
       config::real_param("area_per_lane", Dimension::area, "mm2", "0.0023", 0,
                          "one lane: fp32 multiply-add with registers",
                          "Horowitz ISSCC 2014 fp32 add 4184 + mult 7700 um2 (45 nm) x (14/45)^2 "
                          "= 1150 um2, x2 for registers and operand muxing (assumption)")},
      {{"energy_int8", &energy_int8()},
       {"energy_fp16", &energy_fp16()},
       {"energy_fp32", &energy_fp32()},
       {"precision", &precision_spec()},
       {"sram", &sram_spec()}}};
  return s;
}

DigitalUnitParams DigitalUnitParams::from(const ParamValues& v) {
  DigitalUnitParams p;
  p.count = static_cast<int>(v.integer("count"));
  p.lanes = static_cast<int>(v.integer("lanes"));
  p.frequency_hz = v.real("frequency");
  p.special_cycles = static_cast<int>(v.integer("special_cycles"));
  p.area_mm2 = v.real("area");
  p.area_per_lane_mm2 = v.real("area_per_lane");
  for (int pr = 0; pr < k_precisions; ++pr) {
    const auto& e = v.child("energy_" + std::string(k_precision_names[pr]));
    for (int op = 0; op < k_digital_ops; ++op) p.energy_j[pr][op] = e.real(std::string(k_op_names[op]));
  }
  const auto& prec = v.child("precision");
  p.attention = precision_of(prec.word("attention"));
  p.softmax = precision_of(prec.word("softmax"));
  p.norm = precision_of(prec.word("norm"));
  p.elementwise = precision_of(prec.word("elementwise"));
  p.accumulate = precision_of(prec.word("accumulate"));
  p.sram = SramParams::from(v.child("sram"));
  return p;
}

SramParams SramParams::from(const ParamValues& v) {
  SramParams p;
  p.capacity_bytes = v.real("capacity");
  p.bandwidth_bytes_per_s = v.real("bandwidth");
  p.energy_per_bit_j = v.real("energy_per_bit");
  p.density_mbit_per_mm2 = v.real("density");
  p.leakage_w_per_mbit = v.real("leakage_per_mbit");
  return p;
}

int DigitalUnitParams::cycles(DigitalOp op) const {
  return (op == DigitalOp::exp || op == DigitalOp::div || op == DigitalOp::rsqrt) ? special_cycles
                                                                                 : 1;
}

double DigitalUnitParams::lane_cycles(const OpCounts& ops) const {
  double lane_cycles = 0;
  for (int pr = 0; pr < k_precisions; ++pr)
    for (int op = 0; op < k_digital_ops; ++op)
      lane_cycles += ops.get(static_cast<Precision>(pr), static_cast<DigitalOp>(op)) *
                     cycles(static_cast<DigitalOp>(op));
  return lane_cycles;
}

double DigitalUnitParams::lane_cycles_time_s(double lane_cycles) const {
  return std::ceil(lane_cycles / lanes) / frequency_hz;
}

double DigitalUnitParams::compute_time_s(const OpCounts& ops) const {
  return lane_cycles_time_s(lane_cycles(ops));
}

double DigitalUnitParams::compute_energy_j(const OpCounts& ops) const {
  double e = 0;
  for (int pr = 0; pr < k_precisions; ++pr)
    for (int op = 0; op < k_digital_ops; ++op)
      e += ops.get(static_cast<Precision>(pr), static_cast<DigitalOp>(op)) * energy_j[pr][op];
  return e;
}

}  // namespace aimcsim::tiles
