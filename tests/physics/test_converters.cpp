// SPDX-License-Identifier: Apache-2.0
// DAC / ADC quantisation on hand-built cases (rounding half to even, clipping, saturation) and
// through a tile with an ideal device.
#include <gtest/gtest.h>

#include <vector>

#include "tiles/physics/analog_tile_array.hpp"
#include "tiles/physics/converters.hpp"

namespace aimcsim::physics {
namespace {

TEST(Quantizer, RoundsHalfToEvenAndClips) {
  const Quantizer q(3.0, 3);  // 3 bits: levels -3..3, step 1
  EXPECT_FLOAT_EQ(q.step(), 1.0F);
  EXPECT_EQ(q.apply(0.5F), 0.0F);
  EXPECT_EQ(q.apply(1.5F), 2.0F);
  EXPECT_EQ(q.apply(2.5F), 2.0F);
  EXPECT_EQ(q.apply(-1.5F), -2.0F);
  EXPECT_EQ(q.apply(-0.5F), 0.0F);
  EXPECT_EQ(q.apply(1.49F), 1.0F);
  bool pos = false;
  bool neg = false;
  EXPECT_EQ(q.apply(3.4F, pos, neg), 3.0F);  // rounds onto the bound: not saturated
  EXPECT_FALSE(pos);
  EXPECT_EQ(q.apply(3.6F, pos, neg), 3.0F);
  EXPECT_TRUE(pos);
  EXPECT_FALSE(neg);
  EXPECT_EQ(q.apply(-100.0F, pos, neg), -3.0F);
  EXPECT_TRUE(neg);
}

TEST(Quantizer, EightBitsHas254Steps) {
  const Quantizer q(1.0, 8);  // aihwkit-lightning res = 254 over [-1, 1]
  EXPECT_FLOAT_EQ(q.step(), 1.0F / 127.0F);
  EXPECT_FLOAT_EQ(q.apply(2.0F), 1.0F);
  EXPECT_FLOAT_EQ(q.apply(0.3F / 127.0F), 0.0F);
  EXPECT_FLOAT_EQ(q.apply(0.7F / 127.0F), 1.0F / 127.0F);
}

TEST(Quantizer, NoBitsOnlyClipsAndNoBoundPassesThrough) {
  const Quantizer clip_only(2.0, 0);
  EXPECT_EQ(clip_only.apply(1.2345F), 1.2345F);
  EXPECT_EQ(clip_only.apply(-7.0F), -2.0F);
  const Quantizer none(0.0, 8);
  EXPECT_EQ(none.apply(123.456F), 123.456F);
}

TEST(Calibration, MaxAndPercentile) {
  std::vector<float> data;
  for (int i = 1; i <= 1000; ++i) {
    data.push_back(i % 2 == 0 ? static_cast<float>(i) : -static_cast<float>(i));
  }
  EXPECT_DOUBLE_EQ(calibrate_input_range(data.data(), data.size(), RangeCalibration::max), 1000);
  EXPECT_DOUBLE_EQ(
      calibrate_input_range(data.data(), data.size(), RangeCalibration::percentile, 99.0), 990);
  EXPECT_THROW(calibrate_input_range(data.data(), 0, RangeCalibration::max),
               std::invalid_argument);
}

TileConfig exact_config(int bits, double out_bound) {
  TileConfig cfg;
  cfg.device.impl = DeviceImpl::ideal;
  cfg.device.drift_compensation = DriftCompensation::none;
  cfg.dac.bits = bits;
  cfg.adc.bits = bits;
  cfg.adc.out_bound = out_bound;
  return cfg;
}

// Two inputs, one output, weights 1: y = ADC(DAC(x0) + DAC(x1)).
float tile_output(const TileConfig& cfg, float x0, float x1) {
  AnalogTileArray tile(cfg);
  const float w[2] = {1.0F, 1.0F};
  tile.program(w, 2, 1, 7);
  const float x[2] = {x0, x1};
  float y = 0.0F;
  tile.mvm(x, 1, &y);
  return y;
}

TEST(TileConverters, DynamicDacAndAdcOnHandBuiltCases) {
  // 3-bit DAC, dynamic range 3 -> step 1; ADC bound 2 * 3 * 1 = 6, step 2.
  const TileConfig cfg = exact_config(3, 2.0);
  EXPECT_EQ(tile_output(cfg, 3.0F, 2.0F), 4.0F);   // 5 -> 2.5 steps -> 2 (half to even)
  EXPECT_EQ(tile_output(cfg, 3.0F, 1.4F), 4.0F);   // DAC 1.4 -> 1; 4 -> 2 steps
  EXPECT_EQ(tile_output(cfg, 3.0F, 0.5F), 4.0F);   // DAC 0.5 -> 0 (even); 3 -> 1.5 -> 2 steps
  EXPECT_EQ(tile_output(cfg, 3.0F, 3.0F), 6.0F);   // exactly at the bound
  EXPECT_EQ(tile_output(cfg, -3.0F, -3.0F), -6.0F);
  EXPECT_EQ(tile_output(cfg, 0.0F, 0.0F), 0.0F);  // zero abs-max: zero output
}

TEST(TileConverters, StaticRangeClipsInputsAndSaturatesAdc) {
  TileConfig cfg = exact_config(3, 1.0);
  cfg.dac.range_mode = DacRangeMode::static_range;
  cfg.dac.static_range = 3.0;
  // Inputs clip at 3 (5 -> 3); y = 6 > ADC bound 1 * 3 * 1 = 3 -> saturates at 3.
  EXPECT_EQ(tile_output(cfg, 5.0F, 3.0F), 3.0F);
  EXPECT_EQ(tile_output(cfg, 1.0F, 0.6F), 2.0F);  // DAC 1 + 1 = 2 (step 1), ADC step 1
  EXPECT_EQ(tile_output(cfg, -10.0F, 0.0F), -3.0F);
}

TEST(TileConverters, IterativeBoundManagementDoublesTheRange) {
  TileConfig cfg = exact_config(3, 1.0);
  cfg.adc.bound_management = BoundManagement::iterative;
  cfg.adc.max_bm_res = 10.0;  // allow reductions up to 10 / inp_res = 10 * (2^2 - 1) = 30
  // Round 1: range 3, y = 6 > 3 saturates. Round 2: range 6, DAC step 2: 3 -> 4 (1.5 -> 2
  // steps), y = 8 > 6 saturates. Round 3: range 12, step 4: 3 -> 4, y = 8, ADC step 4 -> 8.
  EXPECT_EQ(tile_output(cfg, 3.0F, 3.0F), 8.0F);
  // Limited by max_bm_res: 0.5 / inp_res = 0.5 * 3 = 1.5 -> stops after the reduction-2 round
  // (clipped at 6).
  cfg.adc.max_bm_res = 0.5;
  EXPECT_EQ(tile_output(cfg, 3.0F, 3.0F), 6.0F);
  // aihwkit's default 0.25 allows 0.75 < 1: a 3-bit DAC gets no second round.
  cfg.adc.max_bm_res = 0.25;
  EXPECT_EQ(tile_output(cfg, 3.0F, 3.0F), 3.0F);
  // Without bound management the output stays clipped at the first bound.
  cfg.adc.bound_management = BoundManagement::none;
  EXPECT_EQ(tile_output(cfg, 3.0F, 3.0F), 3.0F);
}

TEST(TileConverters, PerTileAdcRangeUsesTileMax) {
  // Two outputs with column max 1 and 4; 3-bit converters, out_bound 1, input (1, 0).
  TileConfig cfg = exact_config(3, 1.0);
  const float w[4] = {1.0F, 4.0F,   // input 0
                      0.0F, 0.0F};  // input 1
  const float x[2] = {1.0F, 0.0F};
  float y[2] = {0.0F, 0.0F};
  AnalogTileArray per_column(cfg);
  per_column.program(w, 2, 2, 1);
  per_column.mvm(x, 1, y);
  EXPECT_FLOAT_EQ(y[0], 1.0F);
  EXPECT_FLOAT_EQ(y[1], 4.0F);
  cfg.adc.range_scope = ScaleScope::per_tile;  // both columns: bound 4, step 4/3
  AnalogTileArray per_tile(cfg);
  per_tile.program(w, 2, 2, 1);
  per_tile.mvm(x, 1, y);
  EXPECT_FLOAT_EQ(y[0], 4.0F / 3.0F);  // 1 / (4/3) = 0.75 -> 1 step
  EXPECT_FLOAT_EQ(y[1], 4.0F);
}

}  // namespace
}  // namespace aimcsim::physics
