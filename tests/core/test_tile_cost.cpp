// SPDX-License-Identifier: Apache-2.0
// Analog tile block equations (tiles/tile_cost) against hand computation. HERMES core (LG23):
// 8-bit signed PWM input = 2^7 levels x 1 ns = 128 ns integration, + one 5 ns CCO conversion
// (256 ADCs for 256 columns) = 133 ns per one-phase MVM. Energy of a full MVM:
// DACs 256 x 23.525 pJ + array 1392.6 pJ + ADCs 256 x 23.525 pJ = 13437.4 pJ.
#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"
#include "tiles/tile_cost.hpp"

using aimcsim::tiles::AnalogTileParams;
using aimcsim::tiles::DacParams;
using aimcsim::tiles::mvm_cost;

namespace {
constexpr double ns = 1e-9, pJ = 1e-12;

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
  EXPECT_DOUBLE_EQ(t.adc.t_conversion_s, 5 * ns);
  EXPECT_DOUBLE_EQ(t.dac.integration_time_s(), 128 * ns);  // 2^(8-1) x 1 ns
}

TEST(TileCost, HermesOnePhaseFullMvm) {
  const auto t = hermes_tile();
  const auto c = mvm_cost(t, 256, 256, 1);
  EXPECT_NEAR(c.crossbar_s, 133 * ns, 1e-15);               // 128 ns PWM + 5 ns ADC
  EXPECT_NEAR(c.dac_j, 256 * 23.525 * pJ, 1e-18);           // 6022.4 pJ
  EXPECT_NEAR(c.array_j, 1392.6 * pJ, 1e-18);
  EXPECT_NEAR(c.adc_j, 256 * 23.525 * pJ, 1e-18);           // 6022.4 pJ
  EXPECT_NEAR(c.total_j(), 13437.4 * pJ, 1e-17);
  EXPECT_NEAR(aimcsim::tiles::mvm_latency_s(t), 133 * ns, 1e-15);
  EXPECT_NEAR(aimcsim::tiles::full_mvm_energy_j(t), 13437.4 * pJ, 1e-17);
  // 2 x 256 x 256 ops / 133 ns = 0.98550 TOPS per core.
  EXPECT_NEAR(aimcsim::tiles::peak_ops_per_s(t), 2.0 * 256 * 256 / (133 * ns), 1e3);
}

TEST(TileCost, HermesFourPhaseIsFourOnePhaseMvms) {
  const auto t = hermes_tile({"chip.analog_tile.input_phases=4"});
  const auto c = mvm_cost(t, 256, 256, 1);
  EXPECT_NEAR(c.crossbar_s, 4 * 133 * ns, 1e-15);  // 532 ns (LG23 measures 520 ns)
  EXPECT_NEAR(c.total_j(), 4 * 13437.4 * pJ, 1e-16);
}

TEST(TileCost, VectorsRunBackToBack) {
  const auto t = hermes_tile();
  const auto c = mvm_cost(t, 256, 256, 10);
  EXPECT_NEAR(c.crossbar_s, 1330 * ns, 1e-14);
  EXPECT_NEAR(c.total_j(), 10 * 13437.4 * pJ, 1e-16);
}

TEST(TileCost, ColumnSharingSerialisesConversions) {
  // 64 ADCs for 256 columns: 4 conversion rounds: 128 + 4 x 5 = 148 ns; energy unchanged
  // (still 256 conversions).
  const auto t = hermes_tile({"chip.analog_tile.adc.count=64"});
  const auto c = mvm_cost(t, 256, 256, 1);
  EXPECT_NEAR(c.crossbar_s, 148 * ns, 1e-15);
  EXPECT_NEAR(c.adc_j, 256 * 23.525 * pJ, 1e-18);
  // Only 60 used columns: ceil(60 / 64) = 1 round -> 133 ns.
  EXPECT_NEAR(mvm_cost(t, 256, 60, 1).crossbar_s, 133 * ns, 1e-15);
  // 100 ADCs on 256 columns: ceil(2.56) = 3 rounds -> 128 + 15 = 143 ns.
  const auto t100 = hermes_tile({"chip.analog_tile.adc.count=100"});
  EXPECT_NEAR(mvm_cost(t100, 256, 256, 1).crossbar_s, 143 * ns, 1e-15);
}

TEST(TileCost, BitSerialUnsignedInputs) {
  // 8 unsigned bits: 8 slots of 1 ns, each followed by one 5 ns conversion: 8 x 6 = 48 ns.
  // Every bit drives all 256 rows and converts all 256 columns: 8 x 256 conversions each.
  const auto t = hermes_tile({"chip.analog_tile.dac.encoding=bit_serial",
                              "chip.analog_tile.dac.signed_inputs=false"});
  const auto c = mvm_cost(t, 256, 256, 1);
  EXPECT_NEAR(c.crossbar_s, 48 * ns, 1e-15);
  EXPECT_NEAR(c.dac_j, 8 * 256 * 23.525 * pJ, 1e-17);
  EXPECT_NEAR(c.adc_j, 8 * 256 * 23.525 * pJ, 1e-17);
}

TEST(TileCost, BitSerialSignedInputs) {
  // Sign-magnitude (KA22): the sign sets the drive polarity, the magnitude has 7 bits. Each bit
  // slot lasts t_lsb = 1 ns ("pulse time of one input LSB (PWM) or one bit slot") and is followed
  // by one conversion: 7 x (1 + 5) = 42 ns, with 7 x 256 DAC and ADC conversions.
  const auto t = hermes_tile({"chip.analog_tile.dac.encoding=bit_serial"});
  const auto c = mvm_cost(t, 256, 256, 1);
  EXPECT_NEAR(c.crossbar_s, 42 * ns, 1e-15)
      << "slot time x slots must equal the integration time, conversions one per slot";
  EXPECT_NEAR(c.dac_j, 7 * 256 * 23.525 * pJ, 1e-17);
}

TEST(TileCost, PartialUtilisation) {
  // 100 of 256 rows and 50 of 256 columns: PWM time does not depend on the fill (133 ns); the
  // DACs of 100 rows, the ADCs of 50 columns, the array energy scaled by 5000 / 65536 cells.
  const auto t = hermes_tile();
  const auto c = mvm_cost(t, 100, 50, 1);
  EXPECT_NEAR(c.crossbar_s, 133 * ns, 1e-15);
  EXPECT_NEAR(c.dac_j, 100 * 23.525 * pJ, 1e-18);
  EXPECT_NEAR(c.adc_j, 50 * 23.525 * pJ, 1e-18);
  EXPECT_NEAR(c.array_j, 1392.6 * pJ * 5000.0 / 65536.0, 1e-18);
}

TEST(TileCost, ColumnPairWeightsUseTwoPhysicalColumns) {
  // columns_per_weight 2: 128 weight columns; 128 used weights convert 256 physical columns.
  const auto t = hermes_tile({"chip.analog_tile.columns_per_weight=2"});
  EXPECT_EQ(t.weight_cols(), 128);
  const auto c = mvm_cost(t, 256, 128, 1);
  EXPECT_NEAR(c.adc_j, 256 * 23.525 * pJ, 1e-18);
  EXPECT_NEAR(c.array_j, 1392.6 * pJ, 1e-18);  // full array
  EXPECT_NEAR(aimcsim::tiles::peak_ops_per_s(t), 2.0 * 256 * 128 / (133 * ns), 1e3);
}

TEST(TileCost, LocalDigital) {
  // 256 outputs on 16 lanes at 400 MHz: 16 cycles = 40 ns; 256 x 0.165 pJ.
  const auto t = hermes_tile();
  const auto d = aimcsim::tiles::local_digital_cost(t.local_digital, 256);
  EXPECT_NEAR(d.time_s, 40 * ns, 1e-15);
  EXPECT_NEAR(d.energy_j, 256 * 0.165 * pJ, 1e-18);
  // 17 outputs: ceil(17 / 16) = 2 cycles = 5 ns.
  EXPECT_NEAR(aimcsim::tiles::local_digital_cost(t.local_digital, 17).time_s, 5 * ns, 1e-15);
}
