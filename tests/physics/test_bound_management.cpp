// SPDX-License-Identifier: Apache-2.0
// Iterative bound management stops where aihwkit's rpucuda stops
// (src/rpucuda/rpu_forward_backward_pass.cpp, ForwardBackwardPassIOManaged::forwardVector):
// after the round whose reduction exceeds max_bm_factor or max_bm_res / inp_res, with
// inp_res = 2 / (2^bits - 2) once IOMetaParameter::initializeForForward has scaled it by
// 2 x inp_bound (src/rpucuda/rpu_pulsed_meta_parameter.cpp, checkAndSetRes).
#include <gtest/gtest.h>

#include <vector>

#include "tiles/physics/analog_tile_array.hpp"

namespace aimcsim::physics {
namespace {

/// One output summing `rows` inputs of 1 through weights 1 (ideal device, dynamic range 1,
/// out_bound 1): the true product is `rows` x DAC(1), far above every bound tried below, so
/// every round saturates and the output is the last round's bound, reduction x 1 x 1 x 1.
float saturated_output(int dac_bits, double max_bm_res, int max_bm_factor) {
  TileConfig cfg;
  cfg.device.impl = DeviceImpl::ideal;
  cfg.device.drift_compensation = DriftCompensation::none;
  cfg.dac.bits = dac_bits;
  cfg.adc.bits = 9;
  cfg.adc.out_bound = 1.0;
  cfg.adc.bound_management = BoundManagement::iterative;
  cfg.adc.max_bm_res = max_bm_res;
  cfg.adc.max_bm_factor = max_bm_factor;
  const std::size_t rows = 5000;
  const std::vector<float> w(rows, 1.0F);
  const std::vector<float> x(rows, 1.0F);
  AnalogTileArray tile(cfg);
  tile.program(w.data(), rows, 1, 3);
  float y = 0.0F;
  tile.mvm(x.data(), 1, &y);
  return y;
}

TEST(BoundManagement, ResolutionLimitIsMaxBmResOverInpRes) {
  // max_bm_res / inp_res = max_bm_res x (2^(bits-1) - 1).
  EXPECT_DOUBLE_EQ(bound_management_res_limit(0.25, 8), 31.75);
  EXPECT_DOUBLE_EQ(bound_management_res_limit(0.25, 7), 15.75);
  EXPECT_DOUBLE_EQ(bound_management_res_limit(0.25, 0), 0.0);
}

TEST(BoundManagement, StopsAtTheAihwkitBoundary) {
  // 8-bit DAC, aihwkit max_bm_res 0.25: limit 31.75. Reductions 1, 2, ..., 16 do not exceed
  // it, 32 does: the round at 32 is the last, output = bound 32 (the old limit 63.5 gave 64).
  EXPECT_FLOAT_EQ(saturated_output(8, 0.25, 1000), 32.0F);
  // Just past the boundary: max_bm_res 0.26 -> limit 33.02, so 32 does not stop: 64.
  EXPECT_FLOAT_EQ(saturated_output(8, 0.26, 1000), 64.0F);
  // aihwkit's default 7-bit DAC: 15.75 -> last round at 16.
  EXPECT_FLOAT_EQ(saturated_output(7, 0.25, 1000), 16.0F);
  // max_bm_factor: (int) reduction > 8 first at 16.
  EXPECT_FLOAT_EQ(saturated_output(8, 100.0, 8), 16.0F);
  // No DAC quantisation (inp_res 0): only max_bm_factor stops, 1000 -> last round at 1024.
  EXPECT_FLOAT_EQ(saturated_output(0, 0.25, 1000), 1024.0F);
}

}  // namespace
}  // namespace aimcsim::physics
