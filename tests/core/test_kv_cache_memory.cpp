// SPDX-License-Identifier: Apache-2.0
// KV-cache memory: appends go to SRAM while it has room, then spill to DRAM; each port is busy
// bytes / bandwidth, DRAM adds its access latency; a read streams the SRAM and DRAM parts of a
// (sequence, layer) in parallel. Parameters chosen for round numbers: SRAM 1000 B at 1 GB/s
// (1 ns/B), 0.1 pJ/bit; DRAM 0.5 GB/s (2 ns/B), 100 ns latency, 4 pJ/bit, 10 kB.
#include <stdexcept>

#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"
#include "tests/support/tlm_call.hpp"
#include "tiles/kv_cache_memory.hpp"

using aimcsim::kernel::Command;

namespace {
constexpr double ns = 1e-9, pJ = 1e-12;

struct KvFixture : ::testing::Test {
  aimcsim::tiles::KvCacheParams params = make_params();
  aimcsim::tiles::PackageDram dram = make_dram(params);
  aimcsim::tiles::KvCacheMemory mem{"kv_cache", params, dram, "chip0.kv_cache"};
  aimcsim::test::TlmCall c;

  static aimcsim::tiles::KvCacheParams make_params() {
    return aimcsim::test::load_config(
               aimcsim::test::config_file("hermes.yaml"),
               {"chip.kv_cache.sram.capacity=1000B", "chip.kv_cache.sram.bandwidth=1GB/s",
                "chip.kv_cache.sram.energy_per_bit=0.1pJ/bit", "chip.kv_cache.dram.capacity=10KB",
                "chip.kv_cache.dram.bandwidth=0.5GB/s", "chip.kv_cache.dram.latency=100ns",
                "chip.kv_cache.dram.energy_per_bit=4pJ/bit"})
        .chip.kv_cache;
  }
  static aimcsim::tiles::PackageDram make_dram(const aimcsim::tiles::KvCacheParams& p) {
    aimcsim::tiles::PackageDram d;
    d.port = std::make_unique<aimcsim::tiles::MemoryPort>(
        "dram", "dram", "package0.dram", p.dram.bandwidth_bytes_per_s, p.dram.latency_s,
        p.dram.energy_per_bit_j, p.dram.static_power_w, 0.0);
    d.capacity_bytes = p.dram.capacity_bytes;
    return d;
  }
  double write(int seq, int layer, long long tokens, double bytes_per_token, double ready) {
    c.payload = aimcsim::kernel::AimcPayload();
    c.payload.command = Command::kv_write;
    c.payload.sequence = seq;
    c.payload.layer = layer;
    c.payload.tokens = tokens;
    c.payload.bytes_per_token = bytes_per_token;
    return c.call(mem.socket, ready);
  }
  double read(int seq, int layer, double ready) {
    c.payload = aimcsim::kernel::AimcPayload();
    c.payload.command = Command::kv_read;
    c.payload.sequence = seq;
    c.payload.layer = layer;
    return c.call(mem.socket, ready);
  }
};
}  // namespace

TEST_F(KvFixture, FillsSramFirst) {
  // 10 tokens x 80 B = 800 B into SRAM: 800 ns, 800 x 8 x 0.1 pJ = 640 pJ; no DRAM latency.
  EXPECT_NEAR(write(0, 0, 10, 80, 0), 800 * ns, 1e-15);
  EXPECT_NEAR(c.payload.energy_j, 640 * pJ, 1e-18);
  EXPECT_DOUBLE_EQ(mem.sram_used_bytes(), 800);
  EXPECT_DOUBLE_EQ(mem.dram_used_bytes(), 0);
}

TEST_F(KvFixture, SpillsToDramWhenSramIsFull) {
  write(0, 0, 10, 80, 0);
  // 5 x 80 = 400 B from 800 ns: 200 B fill the SRAM ([800, 1000) ns), 200 B go to DRAM:
  // 200 x 2 ns = 400 ns + 100 ns latency -> 1300 ns. Energy 200 x 8 x (0.1 + 4) pJ = 6560 pJ.
  EXPECT_NEAR(write(0, 0, 5, 80, 800 * ns), 1300 * ns, 1e-15);
  EXPECT_NEAR(c.payload.energy_j, 6560 * pJ, 1e-17);
  EXPECT_DOUBLE_EQ(mem.sram_used_bytes(), 1000);
  EXPECT_DOUBLE_EQ(mem.dram_used_bytes(), 200);
  // Another (sequence, layer) finds the SRAM full: 100 B all to DRAM. Ready at 1000 ns, the
  // DRAM port is busy until 1200 ns: [1200, 1400) + 100 ns = 1500 ns.
  EXPECT_NEAR(write(1, 0, 1, 100, 1000 * ns), 1500 * ns, 1e-15);
  // Ready at 0, it fits the idle DRAM gap before 800 ns: [0, 200) + 100 ns = 300 ns.
  EXPECT_NEAR(write(2, 0, 1, 100, 0), 300 * ns, 1e-15);
  EXPECT_DOUBLE_EQ(mem.dram_used_bytes(), 400);
}

TEST_F(KvFixture, ReadStreamsBothPartsInParallel) {
  write(0, 3, 10, 80, 0);
  write(0, 3, 5, 80, 800 * ns);  // cache of (0, 3): 1000 B SRAM + 200 B DRAM
  // From 2000 ns: SRAM 1000 ns -> 3000 ns; DRAM 400 + 100 ns -> 2500 ns. Done at 3000 ns.
  EXPECT_NEAR(read(0, 3, 2000 * ns), 3000 * ns, 1e-15);
  EXPECT_NEAR(c.payload.energy_j, 1000 * 8 * 0.1 * pJ + 200 * 8 * 4 * pJ, 1e-17);
  // An empty cache reads instantly.
  EXPECT_NEAR(read(7, 7, 5000 * ns), 5000 * ns, 1e-15);
}

TEST_F(KvFixture, DramReadForWeights) {
  c.payload.command = Command::dram_read;
  c.payload.bytes = 1000;  // 2000 ns + 100 ns latency
  EXPECT_NEAR(c.call(mem.socket, 0), 2100 * ns, 1e-15);
  EXPECT_NEAR(c.payload.energy_j, 1000 * 8 * 4 * pJ, 1e-17);
}

TEST_F(KvFixture, DramOverflowIsAnError) {
  write(0, 0, 10, 100, 0);  // fills the 1000 B SRAM
  EXPECT_THROW(write(0, 0, 101, 100, 0), std::runtime_error);  // 10.1 kB > 10 kB DRAM
}
