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

aimcsim::interconnect::ChipLinkParams links(const std::string& topology) {
  return aimcsim::test::load_config(aimcsim::test::config_file("hermes.yaml"),
                                    {"system.chip_link.topology=" + topology})
      .system.chip_link;
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
