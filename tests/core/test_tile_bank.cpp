// SPDX-License-Identifier: Apache-2.0
// TileBank: one target for a chip's tiles. An `mvm` at address k is served on tile k's state
// exactly as the tile's own socket would (same time, energy and counters); the other tiles'
// states are untouched; an address beyond the bank is an address error.
#include <gtest/gtest.h>

#include <vector>

#include "tests/support/test_support.hpp"
#include "tiles/tile_bank.hpp"

using aimcsim::kernel::AimcPayload;
using aimcsim::kernel::Command;

namespace {
struct BankFixture : ::testing::Test {
  aimcsim::RunConfig cfg =
      aimcsim::test::load_config(aimcsim::test::config_file("hermes.yaml"));
  std::vector<aimcsim::tiles::TileState> states{3};
  aimcsim::tiles::TileBank bank{"bank", cfg.chip.analog_tile, states};
  aimcsim::tiles::TileState lone_state;
  aimcsim::tiles::AnalogTile lone{"lone", cfg.chip.analog_tile, lone_state, "chip0.tiles"};
  tlm::tlm_generic_payload trans;
  AimcPayload p;

  BankFixture() { trans.set_extension(&p); }
  ~BankFixture() override { trans.clear_extension(&p); }

  /// Sends a 200 x 100 MVM of 3 vectors ready at `ready_s` to `address` through `socket`.
  template <class Socket>
  double mvm(Socket& socket, std::uint64_t address, double ready_s) {
    p = AimcPayload();
    p.command = Command::mvm;
    p.rows_used = 200;
    p.cols_used = 100;
    p.vectors = 3;
    trans.set_address(address);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay(ready_s, sc_core::SC_SEC);
    auto* fw = dynamic_cast<tlm::tlm_fw_transport_if<>*>(socket.get_base_export().get_interface());
    fw->b_transport(trans, delay);
    return delay.to_seconds();
  }
};
}  // namespace

TEST_F(BankFixture, ServesTheAddressedTileLikeTheTileItself) {
  const double bank_done = mvm(bank.socket, 1, 1e-6);
  ASSERT_EQ(trans.get_response_status(), tlm::TLM_OK_RESPONSE);
  const double bank_energy = p.energy_j;
  const double tile_done = mvm(lone.socket, 0, 1e-6);
  EXPECT_EQ(bank_done, tile_done);
  EXPECT_EQ(bank_energy, p.energy_j);
  EXPECT_EQ(states[1].vectors, 3);
  EXPECT_EQ(states[1].crossbar.busy_s(), lone_state.crossbar.busy_s());
  EXPECT_EQ(states[1].adc.energy_j, lone_state.adc.energy_j);
  EXPECT_EQ(states[0].vectors, 0);
  EXPECT_EQ(states[2].vectors, 0);
}

TEST_F(BankFixture, AddressBeyondTheBankIsAnError) {
  mvm(bank.socket, 3, 0);
  EXPECT_EQ(trans.get_response_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}
