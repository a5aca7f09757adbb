// SPDX-License-Identifier: Apache-2.0
// Units of configuration values (sim/config/quantity.hpp): every quantity is converted to the
// internal unit of its dimension (s, J, W, Hz, mm2, B, B/s, J/bit, S).
#include <cmath>

#include <gtest/gtest.h>

#include "sim/config/quantity.hpp"

using aimcsim::config::accepted_units;
using aimcsim::config::Dimension;
using aimcsim::config::parse_quantity;
using aimcsim::config::unit_scale;

namespace {
double q(const char* text, Dimension d, const char* def) {
  const auto v = parse_quantity(text, d, def);
  EXPECT_TRUE(v.has_value()) << text;
  return v.value_or(std::nan(""));
}
}  // namespace

TEST(Quantity, TimeWithAndWithoutSpace) {
  EXPECT_DOUBLE_EQ(q("133ns", Dimension::time, "ns"), 133e-9);
  EXPECT_DOUBLE_EQ(q("133 ns", Dimension::time, "s"), 133e-9);
  EXPECT_DOUBLE_EQ(q("  2.5us ", Dimension::time, "ns"), 2.5e-6);
  EXPECT_DOUBLE_EQ(q("1ms", Dimension::time, "ns"), 1e-3);
  EXPECT_DOUBLE_EQ(q("7ps", Dimension::time, "ns"), 7e-12);
}

TEST(Quantity, BareNumberUsesDocumentedUnit) {
  EXPECT_DOUBLE_EQ(q("5", Dimension::time, "ns"), 5e-9);
  EXPECT_DOUBLE_EQ(q("23.525", Dimension::energy, "pJ"), 23.525e-12);
  EXPECT_DOUBLE_EQ(q("400", Dimension::frequency, "MHz"), 400e6);
  EXPECT_DOUBLE_EQ(q("1e-3", Dimension::none, ""), 1e-3);
}

TEST(Quantity, EnergyPowerFrequencyArea) {
  EXPECT_DOUBLE_EQ(q("1.56 pJ", Dimension::energy, "J"), 1.56e-12);
  EXPECT_DOUBLE_EQ(q("1.3926nJ", Dimension::energy, "pJ"), 1.3926e-9);
  EXPECT_DOUBLE_EQ(q("80mW", Dimension::power, "W"), 0.08);
  EXPECT_DOUBLE_EQ(q("1GHz", Dimension::frequency, "MHz"), 1e9);
  EXPECT_DOUBLE_EQ(q("52.66mm2", Dimension::area, "mm2"), 52.66);
  EXPECT_DOUBLE_EQ(q("1cm2", Dimension::area, "mm2"), 100.0);  // 1 cm2 = 100 mm2
  EXPECT_DOUBLE_EQ(q("25uS", Dimension::conductance, "S"), 25e-6);
}

TEST(Quantity, BytesDecimalAndBinaryPrefixes) {
  EXPECT_DOUBLE_EQ(q("64KiB", Dimension::bytes, "B"), 65536.0);     // 64 x 1024
  EXPECT_DOUBLE_EQ(q("4MiB", Dimension::bytes, "B"), 4194304.0);    // 4 x 1024^2
  EXPECT_DOUBLE_EQ(q("8GiB", Dimension::bytes, "B"), 8589934592.0);  // 8 x 1024^3
  EXPECT_DOUBLE_EQ(q("1KB", Dimension::bytes, "B"), 1000.0);
}

TEST(Quantity, BandwidthAndEnergyPerBit) {
  EXPECT_DOUBLE_EQ(q("25.6GB/s", Dimension::bandwidth, "GB/s"), 25.6e9);
  EXPECT_DOUBLE_EQ(q("1TB/s", Dimension::bandwidth, "GB/s"), 1e12);
  EXPECT_DOUBLE_EQ(q("3.2Gb/s", Dimension::bandwidth, "GB/s"), 0.4e9);  // bits: / 8
  EXPECT_DOUBLE_EQ(q("0.5pJ/bit", Dimension::energy_per_bit, "pJ/bit"), 0.5e-12);
  EXPECT_DOUBLE_EQ(q("3.97", Dimension::energy_per_bit, "pJ/bit"), 3.97e-12);
}

TEST(Quantity, RejectsUnknownOrForeignUnits) {
  EXPECT_FALSE(parse_quantity("5 parsec", Dimension::time, "ns"));
  EXPECT_FALSE(parse_quantity("5 pJ", Dimension::time, "ns"));  // energy unit for a time
  EXPECT_FALSE(parse_quantity("5 ns", Dimension::energy, "pJ"));
  EXPECT_FALSE(parse_quantity("400 MHZ", Dimension::frequency, "MHz"));  // units are case-exact
  EXPECT_FALSE(parse_quantity("3 ns", Dimension::none, ""));  // a count carries no unit
}

TEST(Quantity, RejectsMalformedNumbers) {
  EXPECT_FALSE(parse_quantity("", Dimension::time, "ns"));
  EXPECT_FALSE(parse_quantity("   ", Dimension::time, "ns"));
  EXPECT_FALSE(parse_quantity("abc", Dimension::time, "ns"));
  EXPECT_FALSE(parse_quantity("ns", Dimension::time, "ns"));
  EXPECT_FALSE(parse_quantity("1.5.3ns", Dimension::time, "ns"));
}

TEST(Quantity, UnitScaleAndAcceptedUnits) {
  EXPECT_DOUBLE_EQ(*unit_scale(Dimension::time, "us"), 1e-6);
  EXPECT_DOUBLE_EQ(*unit_scale(Dimension::none, ""), 1.0);
  EXPECT_FALSE(unit_scale(Dimension::none, "ns"));
  EXPECT_FALSE(unit_scale(Dimension::time, "pJ"));
  const std::string t = accepted_units(Dimension::time);
  for (const char* u : {"s", "ms", "us", "ns", "ps"}) EXPECT_NE(t.find(u), std::string::npos) << u;
  EXPECT_EQ(t.find("pJ"), std::string::npos);
}
