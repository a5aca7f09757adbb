// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "tiles/physics/config.hpp"
#include "tiles/physics/converters.hpp"

namespace aimcsim::physics {
namespace {

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(PhysicsConfig, EnumNamesRoundTrip) {
  for (const char* name : {"ideal", "additive", "pcm", "hermes", "afm"}) {
    EXPECT_EQ(to_string(device_impl_from_string(name)), name);
  }
  for (const char* name : {"none", "global", "per_column"}) {
    EXPECT_EQ(to_string(drift_compensation_from_string(name)), name);
  }
  EXPECT_EQ(dac_range_mode_from_string("static"), DacRangeMode::static_range);
  EXPECT_EQ(dac_range_mode_from_string("dynamic"), DacRangeMode::dynamic);
  EXPECT_EQ(scale_scope_from_string("per_tile"), ScaleScope::per_tile);
  EXPECT_EQ(scale_scope_from_string("per_column"), ScaleScope::per_column);
  EXPECT_EQ(afm_noise_type_from_string("additive"), AfmNoiseType::additive);
  EXPECT_EQ(weight_read_noise_type_from_string("pcm_read"), WeightReadNoiseType::pcm_read);
  EXPECT_EQ(bound_management_from_string("iterative"), BoundManagement::iterative);
  EXPECT_EQ(range_calibration_from_string("percentile"), RangeCalibration::percentile);
}

TEST(PhysicsConfig, UnknownNameListsValidOnes) {
  const std::string msg = error_of([] { device_impl_from_string("rram"); });
  EXPECT_NE(msg.find("device.impl"), std::string::npos);
  EXPECT_NE(msg.find("rram"), std::string::npos);
  EXPECT_NE(msg.find("ideal, additive, pcm, hermes, afm"), std::string::npos);
  EXPECT_NE(error_of([] { drift_compensation_from_string("local"); }).find("per_column"),
            std::string::npos);
  EXPECT_NE(error_of([] { dac_range_mode_from_string("auto"); }).find("static, dynamic"),
            std::string::npos);
}

TEST(PhysicsConfig, ValidateNamesTheParameter) {
  TileConfig cfg;
  EXPECT_NO_THROW(cfg.validate());
  cfg.dac.bits = 1;
  EXPECT_NE(error_of([&] { cfg.validate(); }).find("dac.bits"), std::string::npos);
  cfg = TileConfig{};
  cfg.device.pcm.g_max_us = -1.0;
  EXPECT_NE(error_of([&] { cfg.validate(); }).find("pcm.g_max_us"), std::string::npos);
  cfg = TileConfig{};
  cfg.device.hermes.num_devices = 1;
  cfg.device.hermes.g_max_us = 20.0;  // above the 10.35 uS characterised for one device
  EXPECT_NE(error_of([&] { cfg.validate(); }).find("hermes.g_max_us"), std::string::npos);
  cfg = TileConfig{};
  cfg.adc.range_scope = ScaleScope::per_output;
  EXPECT_NE(error_of([&] { cfg.validate(); }).find("adc.range_scope"), std::string::npos);
  MatrixConfig m;
  m.tile_rows = 0;
  EXPECT_NE(error_of([&] { m.validate(); }).find("tile_rows"), std::string::npos);
}

TEST(PhysicsConfig, HermesResolvesCharacterisedDefaults) {
  HermesParams h;
  EXPECT_DOUBLE_EQ(h.resolved_g_max_us(), 20.7);
  EXPECT_DOUBLE_EQ(h.resolved_t0_s(), 300.0);
  h.num_devices = 1;
  EXPECT_DOUBLE_EQ(h.resolved_g_max_us(), 10.35);
  EXPECT_DOUBLE_EQ(h.resolved_t0_s(), 200.0);
}

}  // namespace
}  // namespace aimcsim::physics
