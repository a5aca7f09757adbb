// SPDX-License-Identifier: Apache-2.0
// A batch of 2 sequences pipelines through the weight-stationary layers: throughput rises over
// batch 1 (the second sequence uses tiles the first has left), but per-token latency is not
// halved: each sequence still walks every layer, and contention can only slow it, so
// TPOT(batch 2) >= TPOT(batch 1) > 0.5 x TPOT(batch 1).
#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"

namespace {
nlohmann::json run_batch(const std::string& preset, int batch) {
  aimcsim::test::TempDir dir;
  const auto r = aimcsim::test::run_cli({"run", preset, "--prompt", "32", "--decode", "8",
                                         "--batch", std::to_string(batch), "-o",
                                         (dir / "out").string()},
                                        dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return aimcsim::test::read_json(dir / "out" / "summary.json");
}

void check(const std::string& preset) {
  const auto b1 = run_batch(preset, 1), b2 = run_batch(preset, 2);
  EXPECT_EQ(b1["generated_tokens"], 8);
  EXPECT_EQ(b2["generated_tokens"], 16);
  const double tps1 = b1["tokens_per_s"], tps2 = b2["tokens_per_s"];
  const double tpot1 = b1["tpot_s"], tpot2 = b2["tpot_s"];
  EXPECT_GT(tps2, 1.2 * tps1) << "batch 2 must pipeline: " << tps2 << " vs " << tps1;
  EXPECT_LE(tps2, 2.0 * tps1 * (1 + 1e-12)) << "two sequences cannot more than double throughput";
  EXPECT_GT(tpot2, 0.5 * tpot1);
  EXPECT_GE(tpot2, tpot1 * (1 - 1e-12)) << "sharing the hardware cannot speed a sequence up";
  // The batch finishes later than one sequence alone, but well before two runs back to back.
  const double e1 = b1["e2e_latency_s"], e2 = b2["e2e_latency_s"];
  EXPECT_GE(e2, e1 * (1 - 1e-12));
  EXPECT_LT(e2, 2 * e1);
}
}  // namespace

TEST(BatchPipelining, LlmScale) { check("llm-scale"); }

TEST(BatchPipelining, Hermes) { check("hermes"); }

// The prompt streams through the layers in chunks: while chunk k is in layer l+1, chunk k+1
// uses layer l, so the 16 layers (each with its own digital unit) work in parallel and TTFT
// drops well below the one-chunk prefill, where every layer waits for the whole prompt.
// Lower bound: the last 32-token chunk (positions 480..511, context sum 32 x 480 + 32 x 33 / 2
// = 15888) still needs 2 x 15888 x 32 heads x 64 = 65.1 M attention MACs per layer = 0.254 ms
// on 256 lanes at 1 GHz, in each of the 16 layers one after the other: 4.07 ms.
TEST(PrefillPipelining, ChunksOverlapLayers) {
  auto ttft = [](int chunk) {
    aimcsim::test::TempDir dir;
    const auto r = aimcsim::test::run_cli(
        {"run", "llm-scale", "--decode", "2", "-p", "workload.prefill_chunk=" + std::to_string(chunk),
         "-o", (dir / "out").string()},
        dir.path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return aimcsim::test::read_json(dir / "out" / "summary.json")["ttft_s"].get<double>();
  };
  const double whole = ttft(0), chunked = ttft(32);
  EXPECT_LT(chunked, 0.5 * whole) << chunked << " vs " << whole;
  EXPECT_GE(chunked, 16 * 65.07e6 / 256 / 1e9);
}
