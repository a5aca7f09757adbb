// SPDX-License-Identifier: Apache-2.0
// The SystemC AnalogTile: an `mvm` transaction occupies the crossbar for the block time
// (tile_cost) and then the tile-local digital unit (scale/offset, partial-sum add), which
// overlaps the crossbar's next MVM. HERMES numbers: 133 ns MVM; 256 outputs on 16 lanes at
// 400 MHz = 16 cycles = 40 ns of local digital.
#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"
#include "tests/support/tlm_call.hpp"
#include "tiles/analog_tile.hpp"

using aimcsim::kernel::Command;
using aimcsim::test::TlmCall;

namespace {
constexpr double ns = 1e-9, pJ = 1e-12;

struct TileFixture : ::testing::Test {
  aimcsim::RunConfig cfg =
      aimcsim::test::load_config(aimcsim::test::config_file("hermes.yaml"));
  aimcsim::tiles::TileState state;
  aimcsim::tiles::AnalogTile tile{"tile", cfg.chip.analog_tile, state, "chip0.tiles"};

  double mvm(TlmCall& c, int rows, int cols, long long vectors, double ready_s,
             double partial_ready_s = -1) {
    c.payload = aimcsim::kernel::AimcPayload();
    c.payload.command = Command::mvm;
    c.payload.rows_used = rows;
    c.payload.cols_used = cols;
    c.payload.vectors = vectors;
    c.payload.partial_sum_ready_s = partial_ready_s;
    return c.call(tile.socket, ready_s);
  }
};
}  // namespace

TEST_F(TileFixture, OneMvmIsCrossbarThenLocalDigital) {
  TlmCall c;
  const double done = mvm(c, 256, 256, 1, 0);
  EXPECT_EQ(c.status(), tlm::TLM_OK_RESPONSE);
  EXPECT_NEAR(done, 173 * ns, 1e-15);  // 133 ns + 40 ns
  // 12855.54176 pJ converters + array + periphery residual, + 256 x 0.165 pJ local digital.
  EXPECT_NEAR(c.payload.energy_j, 12855.54176 * pJ + 256 * 0.165 * pJ, 1e-17);
  EXPECT_NEAR(tile.busy_s(), 133 * ns, 1e-15);
  EXPECT_EQ(tile.mvm_vectors(), 1);
}

TEST_F(TileFixture, SecondMvmQueuesOnTheCrossbarAndOverlapsLocalDigital) {
  TlmCall c;
  mvm(c, 256, 256, 1, 0);
  // Same ready time: the crossbar is busy until 133 ns; the second MVM runs [133, 266) while the
  // first one's local digital runs [133, 173); its own local digital ends at 266 + 40 = 306 ns.
  EXPECT_NEAR(mvm(c, 256, 256, 1, 0), 306 * ns, 1e-15);
  EXPECT_NEAR(tile.busy_s(), 266 * ns, 1e-15);
}

TEST_F(TileFixture, ArrivalTimeIsRespected) {
  TlmCall c;
  EXPECT_NEAR(mvm(c, 256, 256, 1, 1000 * ns), 1173 * ns, 1e-15);
}

TEST_F(TileFixture, AggregatedVectors) {
  TlmCall c;
  // 4 vectors: crossbar 4 x 133 = 532 ns, local digital 4 x 256 / 16 = 64 cycles = 160 ns.
  EXPECT_NEAR(mvm(c, 256, 256, 4, 0), 692 * ns, 1e-15);
  EXPECT_NEAR(c.payload.energy_j, 4 * (12855.54176 + 256 * 0.165) * pJ, 1e-16);
}

TEST_F(TileFixture, PartialSumAddWaitsForUpstreamTile) {
  TlmCall c;
  // Upstream partial sums arrive at 500 ns: the add of 2 x 256 elements (32 cycles = 80 ns)
  // starts then and ends at 580 ns.
  EXPECT_NEAR(mvm(c, 256, 256, 1, 0, 500 * ns), 580 * ns, 1e-15);
  EXPECT_NEAR(c.payload.energy_j, 12855.54176 * pJ + 512 * 0.165 * pJ, 1e-17);
}

TEST_F(TileFixture, RejectsOtherCommands) {
  TlmCall c;
  c.payload.command = Command::digital;
  c.call(tile.socket, 0);
  EXPECT_EQ(c.status(), tlm::TLM_COMMAND_ERROR_RESPONSE);
}
