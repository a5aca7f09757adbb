// SPDX-License-Identifier: Apache-2.0
// Mesh NoC with XY routing, HERMES parameters: 8-bit links at 400 MHz (2.5 ns cycle, 1 B per
// cycle), 1-cycle router per hop, 0.066 pJ per bit per hop. Unicast latency =
// hops x hop latency + serialisation; two transfers over one link serialise; a multicast tree
// uses each link once, carrying the union of the slices needed behind it.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "interconnect/mesh_noc.hpp"
#include "tests/support/test_support.hpp"

namespace {
constexpr double ns = 1e-9, pJ = 1e-12;

struct StatsSink : aimcsim::kernel::IStatsSink {
  std::map<std::string, double> v;
  void add(const std::string& path, const std::string& name, double value, const std::string&,
           const std::string&) override {
    v[path + "." + name] += value;
  }
};

struct NocFixture : ::testing::Test {
  aimcsim::RunConfig cfg = aimcsim::test::load_config(aimcsim::test::config_file("hermes.yaml"));
  aimcsim::interconnect::MeshNoc noc{"noc", cfg.chip.noc, 8, 8, "chip0.noc"};
  double e = 0;
};
}  // namespace

TEST_F(NocFixture, HopsAreManhattanDistance) {
  EXPECT_EQ(noc.hops(0, 0), 0);
  EXPECT_EQ(noc.hops(0, 3), 3);
  EXPECT_EQ(noc.hops(0, 63), 14);  // (0,0) -> (7,7)
  EXPECT_EQ(noc.hops(9, 18), 2);   // (1,1) -> (2,2)
}

TEST_F(NocFixture, UnicastLatencyAndEnergy) {
  // 64 B over 3 hops: 64 cycles serialisation (160 ns) + 3 x 2.5 ns = 167.5 ns.
  EXPECT_NEAR(noc.unicast(0, 3, 64, 0, e), 167.5 * ns, 1e-15);
  // 64 x 8 bit x 3 hops x 0.066 pJ = 101.376 pJ.
  EXPECT_NEAR(e, 101.376 * pJ, 1e-18);
  // Odd bit counts round up to whole cycles: 3 B = 24 bit = 3 cycles; 1 hop: 7.5 + 2.5 = 10 ns.
  EXPECT_NEAR(noc.unicast(10, 11, 3, 1000 * ns, e), 1010 * ns, 1e-15);
}

TEST_F(NocFixture, LocalOrEmptyTransferIsFree) {
  EXPECT_EQ(noc.unicast(5, 5, 100, 1e-6, e), 1e-6);
  EXPECT_EQ(noc.unicast(5, 6, 0, 1e-6, e), 1e-6);
  EXPECT_EQ(e, 0);
}

TEST_F(NocFixture, TwoTransfersOverOneLinkSerialise) {
  // A: 0 -> 2 holds link 0->1 over [0,160) and link 1->2 over [2.5,162.5): arrives 165 ns.
  EXPECT_NEAR(noc.unicast(0, 2, 64, 0, e), 165 * ns, 1e-15);
  // B: 1 -> 3 also needs link 1->2: it gets it at 162.5 ns, then link 2->3 at 165 ns:
  // arrives 165 + 160 + 2.5 = 327.5 ns (alone it would take 165 ns).
  EXPECT_NEAR(noc.unicast(1, 3, 64, 0, e), 327.5 * ns, 1e-15);
  // C: a disjoint route (row 7) is not delayed: 56 -> 58 arrives 165 ns.
  EXPECT_NEAR(noc.unicast(56, 58, 64, 0, e), 165 * ns, 1e-15);
}

TEST_F(NocFixture, XYRoutingGoesXFirst) {
  // 0 -> 9 is X to node 1 then Y to node 9, so it contends with 1 -> 9 on link 1->9 (south),
  // but not with 8 -> 9.
  noc.unicast(1, 9, 64, 0, e);  // link 1->9 busy [0,160)
  // 0 -> 9: link 0->1 [0,160), head at 1 at 2.5 ns; link 1->9 free at 160: 160 + 2.5 + 160 =
  // 322.5 ns.
  EXPECT_NEAR(noc.unicast(0, 9, 64, 0, e), 322.5 * ns, 1e-15);
  EXPECT_NEAR(noc.unicast(8, 9, 64, 0, e), 162.5 * ns, 1e-15);
}

TEST_F(NocFixture, MulticastSameSliceUsesEachLinkOnce) {
  // 0 -> {1, 2}, both need slice 0 of 64 B: tree = links 0->1, 1->2, 64 B each.
  std::vector<double> arrivals;
  const double slice_bytes[] = {64};
  noc.multicast(0, {1, 2}, {0, 0}, slice_bytes, 0, arrivals, e);
  ASSERT_EQ(arrivals.size(), 2u);
  EXPECT_NEAR(arrivals[0], 162.5 * ns, 1e-15);  // 1 hop + 160 ns
  EXPECT_NEAR(arrivals[1], 165 * ns, 1e-15);    // 2 hops + 160 ns
  // 2 link traversals x 512 bit x 0.066 pJ (two unicasts would traverse 3 links).
  EXPECT_NEAR(e, 2 * 512 * 0.066 * pJ, 1e-18);
  StatsSink s;
  noc.report_stats(s);
  EXPECT_EQ(s.v["chip0.noc.bits"], 512);
  EXPECT_EQ(s.v["chip0.noc.bit_hops"], 1024);
}

TEST_F(NocFixture, MulticastCarriesUnionOfSlices) {
  // 0 -> 1 needs slice 0, 0 -> 2 needs slice 1 (64 B each): link 0->1 carries both slices
  // (128 B), link 1->2 only slice 1 (64 B). Bit-hops = (128 + 64) x 8 = 1536.
  std::vector<double> arrivals;
  const double slice_bytes[] = {64, 64};
  noc.multicast(0, {1, 2}, {0, 1}, slice_bytes, 0, arrivals, e);
  EXPECT_NEAR(e, 1536 * 0.066 * pJ, 1e-18);
  StatsSink s;
  noc.report_stats(s);
  EXPECT_EQ(s.v["chip0.noc.bits"], 1024);      // 128 B injected at the source
  EXPECT_EQ(s.v["chip0.noc.bit_hops"], 1536);
  // Node 1 gets the 128 B stream after 1 hop: 2.5 + 320 = 322.5 ns; node 2 gets slice 1:
  // at least 2 hops + 64 B = 165 ns.
  EXPECT_NEAR(arrivals[0], 322.5 * ns, 1e-15);
  EXPECT_GE(arrivals[1], 165 * ns - 1e-15);
  // Each link is now busy once: link 0->1 for 320 ns, link 1->2 for 160 ns.
  EXPECT_NEAR(noc.totals().busy_s, 480 * ns, 1e-15);
  EXPECT_EQ(noc.totals().instances, 64);  // one router per node of the 8 x 8 mesh
}

TEST_F(NocFixture, MulticastToSourceArrivesImmediately) {
  std::vector<double> arrivals;
  const double slice_bytes[] = {64};
  noc.multicast(5, {5, 6}, {0, 0}, slice_bytes, 100 * ns, arrivals, e);
  EXPECT_NEAR(arrivals[0], 100 * ns, 1e-15);
  EXPECT_NEAR(arrivals[1], 262.5 * ns, 1e-15);
}

TEST(MeshNocParams, RouterAreaAndLeakageByHand) {
  // HERMES: 5 ports x 4 flits x 8 bits x 2 um2 = 320 um2; leakage 320e-6 mm2 x 5 mW/mm2.
  const auto noc = aimcsim::test::load_config(aimcsim::test::config_file("hermes.yaml")).chip.noc;
  EXPECT_NEAR(noc.router_area_mm2(), 320e-6, 1e-15);
  EXPECT_NEAR(noc.router_static_power_w(), 320e-6 * 5e-3, 1e-18);
  // 64-bit links, 8-flit buffers: 5 x 8 x 64 x 2 um2 = 5120 um2.
  const auto wide = aimcsim::test::load_config(aimcsim::test::config_file("hermes.yaml"),
                                               {"chip.noc.link_width_bits=64",
                                                "chip.noc.router_buffer_flits=8"})
                        .chip.noc;
  EXPECT_NEAR(wide.router_area_mm2(), 5120e-6, 1e-15);
}
