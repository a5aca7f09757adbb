// SPDX-License-Identifier: Apache-2.0
// Analog tile block equations (tiles/tile_cost, tiles/converter_params) against hand computation
// on the HERMES core (LG23, KA22; docs/sources.md). One-phase 8-bit MVM:
//   window  = 2^7 levels x 1 ns = 128 ns >= 2^8 x 0.3 ns = 76.8 ns (CCO resolution) -> + 5 ns
//             read-out = 133 ns
//   E_dac   = 256 rows x (256 cells x 1 fF x 0.85^2 V^2 + 128 cycles x 5 fJ) = 256 x 0.82496 pJ
//           = 211.18976 pJ
//   E_array = 256 x 256 x 0.2^2 V^2 x 12.5 uS x 0.5 x 128 ns = 2097.152 pJ
//   E_adc   = 256 x 20 fJ (cco default) x 2^8 = 1310.72 pJ
//   E_per   = 256 columns x 36.08 pJ (calibration residual) = 9236.48 pJ
//   total 12855.54176 pJ
#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"
#include "tiles/tile_cost.hpp"

using aimcsim::tiles::AnalogTileParams;
using aimcsim::tiles::mvm_cost;

namespace {
constexpr double ns = 1e-9, pJ = 1e-12, fJ = 1e-15, mm2 = 1.0, um2 = 1e-6;
constexpr double k_dac_row_pj = 256 * 1e-3 * 0.7225 + 128 * 0.005;  // 0.82496 pJ
constexpr double k_array_pj = 65536 * 0.04 * 12.5e-6 * 0.5 * 128e-9 * 1e12;  // 2097.152 pJ
constexpr double k_adc_conv_pj = 20e-3 * 256;  // 5.12 pJ (cco: 20 fJ/step)
constexpr double k_periph_pj = 36.08;           // per column and phase
constexpr double k_mvm_pj = 12855.54176;

AnalogTileParams hermes_tile(const std::vector<std::string>& overrides = {}) {
  return aimcsim::test::load_config(aimcsim::test::config_file("hermes.yaml"), overrides)
      .chip.analog_tile;
}
}  // namespace

TEST(TileCost, HermesParametersAreReadFromThePreset) {
  const auto t = hermes_tile();
  EXPECT_EQ(t.rows, 256);
  EXPECT_EQ(t.cols, 256);
  EXPECT_EQ(t.adc.count, 256);
  EXPECT_DOUBLE_EQ(t.dac.t_lsb_s, 1 * ns);
  EXPECT_DOUBLE_EQ(t.adc.t_readout_s, 5 * ns);
  EXPECT_DOUBLE_EQ(t.dac.integration_time_s(), 128 * ns);  // 2^(8-1) x 1 ns
  EXPECT_NEAR(t.adc.min_window_s(), 76.8 * ns, 1e-18);     // 2^8 x 0.3 ns
  EXPECT_NEAR(t.adc.energy_per_conversion_j(14), k_adc_conv_pj * pJ, 1e-20);
}

TEST(TileCost, HermesOnePhaseFullMvm) {
  const auto t = hermes_tile();
  const auto c = mvm_cost(t, 256, 256, 1);
  EXPECT_NEAR(c.crossbar_s, 133 * ns, 1e-15);
  EXPECT_NEAR(c.integration_s, 128 * ns, 1e-15);
  EXPECT_NEAR(c.dac_j, 256 * k_dac_row_pj * pJ, 1e-18);
  EXPECT_NEAR(c.array_j, k_array_pj * pJ, 1e-18);
  EXPECT_NEAR(c.adc_j, 256 * k_adc_conv_pj * pJ, 1e-18);
  EXPECT_NEAR(c.periphery_j, 256 * k_periph_pj * pJ, 1e-17);
  EXPECT_NEAR(c.total_j(), k_mvm_pj * pJ, 1e-17);
  EXPECT_NEAR(aimcsim::tiles::peak_ops_per_s(t), 2.0 * 256 * 256 / (133 * ns), 1e3);
}

TEST(TileCost, HermesFourPhaseIsFourOnePhaseMvms) {
  const auto t = hermes_tile({"chip.analog_tile.input_phases=4"});
  const auto c = mvm_cost(t, 256, 256, 1);
  EXPECT_NEAR(c.crossbar_s, 4 * 133 * ns, 1e-15);  // 532 ns (LG23 measures 520 ns)
  EXPECT_NEAR(c.total_j(), 4 * k_mvm_pj * pJ, 1e-16);
}

TEST(TileCost, VectorsRunBackToBack) {
  const auto c = mvm_cost(hermes_tile(), 256, 256, 10);
  EXPECT_NEAR(c.crossbar_s, 1330 * ns, 1e-14);
  EXPECT_NEAR(c.total_j(), 10 * k_mvm_pj * pJ, 1e-16);
}

TEST(TileCost, AdcBitsSetTheCcoWindowAndTheWaldenEnergy) {
  // 10 bits: the CCO needs 2^10 x 0.3 = 307.2 ns > 128 ns: window stretched, + 5 ns read-out;
  // the rows conduct for the whole window: array energy x 307.2 / 128.
  const auto c10 = mvm_cost(hermes_tile({"chip.analog_tile.adc.bits=10"}), 256, 256, 1);
  EXPECT_NEAR(c10.crossbar_s, 312.2 * ns, 1e-15);
  EXPECT_NEAR(c10.adc_j, 256 * 20 * 1024 * fJ, 1e-18);
  EXPECT_NEAR(c10.array_j, k_array_pj * 307.2 / 128 * pJ, 1e-18);
  // Walden: 2 more bits, 4x the ADC energy; the calibration residual does not move.
  EXPECT_NEAR(c10.adc_j, 4 * 256 * k_adc_conv_pj * pJ, 1e-17);
  EXPECT_NEAR(c10.periphery_j, 256 * k_periph_pj * pJ, 1e-17);
  // 4 bits: 4.8 ns fits the 128 ns window: 133 ns, 16 steps x 20 fJ per conversion.
  const auto c4 = mvm_cost(hermes_tile({"chip.analog_tile.adc.bits=4"}), 256, 256, 1);
  EXPECT_NEAR(c4.crossbar_s, 133 * ns, 1e-15);
  EXPECT_NEAR(c4.adc_j, 256 * 20 * 16 * fJ, 1e-18);
}

TEST(TileCost, AdcTypeSetsConversionTimeAndArea) {
  // Per-type defaults (docs/sources.md): after the 128 ns window SAR 8 x 0.1 ns, ramp
  // 256 x 0.3 ns, flash 0.125 ns, each + 5 ns read-out.
  EXPECT_NEAR(mvm_cost(hermes_tile({"chip.analog_tile.adc.type=sar"}), 256, 256, 1).crossbar_s,
              133.8 * ns, 1e-15);
  EXPECT_NEAR(mvm_cost(hermes_tile({"chip.analog_tile.adc.type=ramp"}), 256, 256, 1).crossbar_s,
              209.8 * ns, 1e-15);
  EXPECT_NEAR(mvm_cost(hermes_tile({"chip.analog_tile.adc.type=flash"}), 256, 256, 1).crossbar_s,
              133.125 * ns, 1e-15);
  // Area units x unit area: SAR (2^8 + 32) x 1 um2, CCO and ramp (32 + 16) x 6.25 um2, flash
  // 4 x 255 x 4 um2.
  EXPECT_NEAR(hermes_tile({"chip.analog_tile.adc.type=sar"}).adc.area_mm2(14), 288 * 1 * um2,
              1e-12);
  EXPECT_NEAR(hermes_tile().adc.area_mm2(14), 48 * 6.25 * um2, 1e-12);
  EXPECT_NEAR(hermes_tile({"chip.analog_tile.adc.type=ramp"}).adc.area_mm2(14),
              48 * 6.25 * um2, 1e-12);
  EXPECT_NEAR(hermes_tile({"chip.analog_tile.adc.type=flash"}).adc.area_mm2(14),
              1020 * 4 * um2, 1e-12);
  // An explicit value overrides the type default.
  EXPECT_NEAR(hermes_tile({"chip.analog_tile.adc.type=sar", "chip.analog_tile.adc.unit_area=2um2"})
                  .adc.area_mm2(14),
              288 * 2 * um2, 1e-12);
}

TEST(TileCost, AdcTypeSetsEnergyPerConversion) {
  // Walden FOM x 2^8 at 14 nm: SAR 15 fJ (Kull 2013 scaled), ramp and CCO 20 fJ (assumptions),
  // flash 25 fJ (Van der Plas 2006 scaled): flash costs more per conversion than SAR at 8 bits,
  // as in the Murmann survey at this speed.
  const auto e = [](const char* type) {
    return hermes_tile({std::string("chip.analog_tile.adc.type=") + type})
        .adc.energy_per_conversion_j(14);
  };
  EXPECT_NEAR(e("sar"), 15 * 256 * fJ, 1e-20);
  EXPECT_NEAR(e("ramp"), 20 * 256 * fJ, 1e-20);
  EXPECT_NEAR(e("cco"), 20 * 256 * fJ, 1e-20);
  EXPECT_NEAR(e("flash"), 25 * 256 * fJ, 1e-20);
  EXPECT_GT(e("flash"), e("sar"));
  // FOM-dominated: each extra bit doubles the energy per conversion.
  for (const char* type : {"sar", "ramp", "cco", "flash"}) {
    const auto t6 = hermes_tile({std::string("chip.analog_tile.adc.type=") + type,
                                 "chip.analog_tile.adc.bits=6"});
    const auto t7 = hermes_tile({std::string("chip.analog_tile.adc.type=") + type,
                                 "chip.analog_tile.adc.bits=7"});
    EXPECT_NEAR(t7.adc.energy_per_conversion_j(14) / t6.adc.energy_per_conversion_j(14), 2.0,
                1e-12)
        << type;
  }
}

TEST(TileCost, ColumnSharing) {
  // 64 CCO ADCs on 256 columns: 4 rounds, each re-integrating: 4 x 133 = 532 ns, the array
  // conducts 4 windows and the DACs drive the rows 4 times; still 256 conversions.
  const auto c = mvm_cost(hermes_tile({"chip.analog_tile.adc.count=64"}), 256, 256, 1);
  EXPECT_NEAR(c.crossbar_s, 532 * ns, 1e-15);
  EXPECT_NEAR(c.array_j, 4 * k_array_pj * pJ, 1e-17);
  EXPECT_NEAR(c.dac_j, 4 * 256 * k_dac_row_pj * pJ, 1e-18);
  EXPECT_NEAR(c.adc_j, 256 * k_adc_conv_pj * pJ, 1e-18);
  EXPECT_NEAR(c.periphery_j, 256 * k_periph_pj * pJ, 1e-17);
  // Only 60 used columns: one round.
  EXPECT_NEAR(mvm_cost(hermes_tile({"chip.analog_tile.adc.count=64"}), 256, 60, 1).crossbar_s,
              133 * ns, 1e-15);
  // 64 sampling SARs: one window, then 4 x (8 x 0.1 + 5) ns = 128 + 23.2 = 151.2 ns; one drive.
  const auto s = mvm_cost(
      hermes_tile({"chip.analog_tile.adc.count=64", "chip.analog_tile.adc.type=sar"}), 256, 256,
      1);
  EXPECT_NEAR(s.crossbar_s, 151.2 * ns, 1e-15);
  EXPECT_NEAR(s.array_j, k_array_pj * pJ, 1e-18);
  EXPECT_NEAR(s.dac_j, 256 * k_dac_row_pj * pJ, 1e-18);
}

TEST(TileCost, BitSerialUnsignedInputsWithSar) {
  // 8 unsigned bits: 8 slots of 1 ns, each followed by one SAR conversion (8 x 0.1 + 5 ns):
  // 8 x 6.8 = 54.4 ns. Every slot pulses all 256 rows (0.18496 pJ + 5 fJ) and converts all 256
  // columns at 15 fJ x 2^8 = 3.84 pJ; the rows conduct 8 x 1 ns x 0.5.
  const auto t = hermes_tile({"chip.analog_tile.dac.encoding=bit_serial",
                              "chip.analog_tile.dac.signed_inputs=false",
                              "chip.analog_tile.adc.type=sar"});
  const auto c = mvm_cost(t, 256, 256, 1);
  EXPECT_NEAR(c.crossbar_s, 54.4 * ns, 1e-15);
  EXPECT_NEAR(c.dac_j, 8 * 256 * 0.18996 * pJ, 1e-18);
  EXPECT_NEAR(c.adc_j, 8 * 256 * 3.84 * pJ, 1e-17);
  EXPECT_NEAR(c.array_j, k_array_pj / 16 * pJ, 1e-18);
  EXPECT_NEAR(c.periphery_j, 256 * k_periph_pj * pJ, 1e-17);  // per phase, not per slot
}

TEST(TileCost, BitSerialSignedInputsWithCco) {
  // 7 magnitude slots of 1 ns; the CCO stretches each to 76.8 ns + 5 ns read-out: 572.6 ns.
  const auto c = mvm_cost(hermes_tile({"chip.analog_tile.dac.encoding=bit_serial"}), 256, 256, 1);
  EXPECT_NEAR(c.crossbar_s, 7 * 81.8 * ns, 1e-15);
  EXPECT_NEAR(c.adc_j, 7 * 256 * k_adc_conv_pj * pJ, 1e-17);
}

TEST(TileCost, DacBitsSetWindowAndPulseGeneratorEnergy) {
  // 6-bit signed PWM: 32 levels = 32 ns < 76.8 ns CCO window: 81.8 ns; per row 0.18496 pJ +
  // 32 x 5 fJ.
  const auto c = mvm_cost(hermes_tile({"chip.analog_tile.dac.bits=6"}), 256, 256, 1);
  EXPECT_NEAR(c.crossbar_s, 81.8 * ns, 1e-15);
  EXPECT_NEAR(c.dac_j, 256 * (0.18496 + 0.16) * pJ, 1e-18);
}

TEST(TileCost, PartialUtilisation) {
  // 100 of 256 rows and 50 of 256 columns: the window does not depend on the fill (133 ns);
  // 100 DAC rows (each pulse still charges all 256 cells of its word line), 100 x 50 cells
  // conduct, 50 conversions.
  const auto c = mvm_cost(hermes_tile(), 100, 50, 1);
  EXPECT_NEAR(c.crossbar_s, 133 * ns, 1e-15);
  EXPECT_NEAR(c.dac_j, 100 * k_dac_row_pj * pJ, 1e-18);
  EXPECT_NEAR(c.array_j, 100 * 50 * 0.04 * 12.5e-6 * 64e-9, 1e-18);
  EXPECT_NEAR(c.adc_j, 50 * k_adc_conv_pj * pJ, 1e-18);
}

TEST(TileCost, ColumnPairWeightsUseTwoPhysicalColumns) {
  const auto t = hermes_tile({"chip.analog_tile.columns_per_weight=2"});
  EXPECT_EQ(t.weight_cols(), 128);
  const auto c = mvm_cost(t, 256, 128, 1);
  EXPECT_NEAR(c.adc_j, 256 * k_adc_conv_pj * pJ, 1e-18);
  // The 4 devices of a weight now span 2 physical cells (2 each, one sign's column conducting):
  // derived G per cell = 4 / 2 / 2 x 25 uS x 0.25 = 6.25 uS, so 256 physical columns draw what
  // 128 one-column weights do: half the 256-weight-column k_array.
  EXPECT_NEAR(t.mean_conductance_s, 6.25e-6, 1e-18);
  EXPECT_NEAR(c.array_j, k_array_pj / 2 * pJ, 1e-18);
  EXPECT_NEAR(aimcsim::tiles::peak_ops_per_s(t), 2.0 * 256 * 128 / (133 * ns), 1e3);
}

TEST(TileCost, AreaBottomUp) {
  // Array 256 x 256 x 4 devices x 10000 F^2 x (14 nm)^2 = 0.5138022 mm2; DACs 256 x 160 um2;
  // ADCs 256 x 48 x 6.25 um2; local digital 0.7471 + 16 x 0.0006 mm2.
  const auto a = aimcsim::tiles::tile_area(hermes_tile());
  EXPECT_NEAR(a.array_mm2, 0.51380224 * mm2, 1e-9);
  EXPECT_NEAR(a.dac_mm2, 0.04096, 1e-12);
  EXPECT_NEAR(a.adc_mm2, 0.0768, 1e-12);
  EXPECT_NEAR(a.local_digital_mm2, 0.7567, 1e-12);
  // LG23: MVM area 0.635 mm2 (array + converters) within 1 %.
  EXPECT_NEAR(a.array_mm2 + a.dac_mm2 + a.adc_mm2, 0.635, 0.01 * 0.635);
  // 512 x 512 holds 4x the weights: 4x the cell array, 2x the converters.
  const auto b = aimcsim::tiles::tile_area(hermes_tile(
      {"chip.analog_tile.rows=512", "chip.analog_tile.cols=512", "chip.analog_tile.adc.count=512"}));
  EXPECT_NEAR(b.array_mm2, 4 * a.array_mm2, 1e-9);
  EXPECT_NEAR(b.dac_mm2 + b.adc_mm2, 2 * (a.dac_mm2 + a.adc_mm2), 1e-9);
  // A 28 nm tile: F^2 x 4 for the cells and the ADCs, ADC energy x 2 (C ~ F).
  const auto t28 = hermes_tile({"chip.analog_tile.node=28"});
  EXPECT_NEAR(aimcsim::tiles::tile_area(t28).array_mm2, 4 * a.array_mm2, 1e-9);
  EXPECT_NEAR(aimcsim::tiles::tile_area(t28).adc_mm2, 4 * a.adc_mm2, 1e-9);
  EXPECT_NEAR(mvm_cost(t28, 256, 256, 1).adc_j, 2 * 256 * k_adc_conv_pj * pJ, 1e-17);
}

TEST(TileCost, StaticPowerAndProgramming) {
  // Leakage 5 mW/mm2 of the DAC, ADC and local digital logic; CCO ADCs draw no bias; PCM
  // leaks nothing.
  const auto p = aimcsim::tiles::tile_static_power(hermes_tile());
  EXPECT_NEAR(p.dac_w, 0.04096 * 5e-3, 1e-12);
  EXPECT_NEAR(p.local_digital_w, 0.7567 * 5e-3, 1e-12);
  EXPECT_NEAR(p.adc_w, 0.0768 * 5e-3, 1e-12);
  EXPECT_EQ(p.array_w, 0);
  EXPECT_NEAR(aimcsim::tiles::tile_static_power(
                  hermes_tile({"chip.analog_tile.adc.bias_power=10uW"})).adc_w,
              0.0768 * 5e-3 + 256 * 10e-6, 1e-12);
  // Programming: one row at a time, 4 devices x 20 iterations x 250 ns per row; 10 pJ per pulse.
  const auto prog = aimcsim::tiles::program_cost(hermes_tile(), 1000.0, 256);
  EXPECT_NEAR(prog.time_s, 256 * 4 * 20 * 250 * ns, 1e-12);
  EXPECT_NEAR(prog.energy_j, 1000.0 * 4 * 20 * 10 * pJ, 1e-15);
}

TEST(TileCost, LocalDigital) {
  // 256 outputs on 16 lanes at 400 MHz: 16 cycles = 40 ns; 256 x 0.165 pJ.
  const auto t = hermes_tile();
  const auto d = aimcsim::tiles::local_digital_cost(t.local_digital, 256);
  EXPECT_NEAR(d.time_s, 40 * ns, 1e-15);
  EXPECT_NEAR(d.energy_j, 256 * 0.165 * pJ, 1e-18);
  EXPECT_NEAR(aimcsim::tiles::local_digital_cost(t.local_digital, 17).time_s, 5 * ns, 1e-15);
}
