// SPDX-License-Identifier: Apache-2.0
// Chip-to-chip links: shortest path on a ring (ties go forward), hop by hop on a line, direct on
// all-to-all. Every hop adds the link latency; the payload holds each link bytes / bandwidth.
// Parameters: 64 GB/s, 2 ns, 0.5 pJ/bit (the presets' UCIe figures).
#include <vector>

#include <gtest/gtest.h>

#include "interconnect/chip_links.hpp"
#include "tests/support/test_support.hpp"

using aimcsim::interconnect::ChipLinks;

namespace {
constexpr double ns = 1e-9, pJ = 1e-12;

/// All chips in one package (on-package links only) unless `per_package` says otherwise.
aimcsim::interconnect::ChipLinkSetup links(const std::string& topology, int per_package = 64) {
  const auto cfg = aimcsim::test::load_config(
      aimcsim::test::config_file("hermes.yaml"),
      {"system.chip_link.topology=" + topology,
       "system.chips_per_package=" + std::to_string(per_package)});
  return {cfg.system.chip_link, cfg.system.board_link, cfg.system.chips_per_package,
          cfg.chip.gating};
}
}  // namespace

TEST(ChipLinks, RingTakesShortestDirection) {
  ChipLinks ring("links", links("ring"), 6);
  EXPECT_EQ(ring.path(0, 1), (std::vector<int>{1}));
  EXPECT_EQ(ring.path(0, 5), (std::vector<int>{5}));         // backwards: 1 hop, not 5
  EXPECT_EQ(ring.path(1, 4), (std::vector<int>{2, 3, 4}));   // tie (3 either way): forward
  EXPECT_EQ(ring.path(5, 1), (std::vector<int>{0, 1}));      // wraps forward
  EXPECT_EQ(ring.path(1, 5), (std::vector<int>{0, 5}));      // wraps backward
  EXPECT_TRUE(ring.path(3, 3).empty());
}

TEST(ChipLinks, LineAndAllToAll) {
  ChipLinks line("line", links("line"), 4);
  EXPECT_EQ(line.path(0, 3), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(line.path(3, 1), (std::vector<int>{2, 1}));
  ChipLinks all("all", links("all_to_all"), 4);
  EXPECT_EQ(all.path(0, 3), (std::vector<int>{3}));
}

TEST(ChipLinks, TransferLatencyAndEnergy) {
  ChipLinks ring("links", links("ring"), 4);
  double e = 0;
  // 64 kB at 64 GB/s = 1 us per link; 0 -> 2 is 2 hops (cut-through): the second link starts
  // when the head arrives (2 ns): tail at 2 ns + 1 us + 2 ns = 1004 ns.
  EXPECT_NEAR(ring.transfer(0, 2, 64e3, 0, e), 1004 * ns, 1e-15);
  // 64e3 x 8 bit x 2 hops x 0.5 pJ = 512000 pJ.
  EXPECT_NEAR(e, 512000 * pJ, 1e-15);
  // A second transfer on link 0->1 waits for it: starts 1 us, arrives 1 us + 1 us + 2 ns.
  EXPECT_NEAR(ring.transfer(0, 1, 64e3, 0, e), 2002 * ns, 1e-15);
  // The opposite direction is a separate link: 1 -> 0 at once.
  EXPECT_NEAR(ring.transfer(1, 0, 64e3, 0, e), 1002 * ns, 1e-15);
  EXPECT_EQ(ring.transfer(2, 2, 64e3, 5 * ns, e), 5 * ns);
}

TEST(ChipLinks, BoardLinksBetweenPackages) {
  // 4 chips, 2 per package: 0-1 and 2-3 on-package (UCIe: 64 GB/s, 2 ns, 0.5 pJ/bit), 1-2 and
  // 3-0 board links (SerDes: 50 GB/s, 50 ns, 5 pJ/bit).
  ChipLinks ring("links", links("ring", 2), 4);
  EXPECT_TRUE(ring.same_package(0, 1));
  EXPECT_FALSE(ring.same_package(1, 2));
  double e = 0;
  // 64 kB 0 -> 2: 0->1 from 0 (head at 2 ns), 1->2 from 2 ns for 1.28 us + 50 ns: 1332 ns.
  EXPECT_NEAR(ring.transfer(0, 2, 64e3, 0, e), 1332 * ns, 1e-15);
  EXPECT_NEAR(e, 512000 * 0.5 * pJ + 512000 * 5 * pJ, 1e-15);
  // PHYs at both ends of each link: 2 UCIe links x 2 x (10 mW, 0.5 mm2) + 2 board links x 2 x
  // (200 mW, 2 mm2).
  const auto t = ring.totals();
  EXPECT_NEAR(t.static_power_w, 4 * 10e-3 + 4 * 200e-3, 1e-12);
  EXPECT_NEAR(t.area_mm2, 4 * 0.5 + 4 * 2.0, 1e-12);
  EXPECT_EQ(t.instances, 8);  // 8 PHYs: the area table's "each" is the mean 10 / 8 mm2
  EXPECT_EQ(aimcsim::interconnect::link_ends("ring", 4, 2, 1), std::make_pair(1, 1));
  EXPECT_EQ(aimcsim::interconnect::link_ends("ring", 4, 4, 1), std::make_pair(2, 0));
  EXPECT_EQ(aimcsim::interconnect::link_ends("line", 4, 4, 0), std::make_pair(1, 0));
}
