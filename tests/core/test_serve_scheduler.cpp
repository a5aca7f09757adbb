// SPDX-License-Identifier: Apache-2.0
// The continuous-batching scheduler against hand-computed micro traces, on an analytic chip:
// a micro-batch of n tokens takes a + b n after the previous one and costs e n joules.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "workloads/serving/scheduler.hpp"

namespace aimcsim::workloads::serving {
namespace {

constexpr double a = 1e-3, b = 1e-5, e = 1e-6;  // s, s/token, J/token

/// Micro-batches run one after another; keeps the KV rows each slot holds to check the
/// scheduler's bookkeeping against what it asked the chip to do.
class LinearChip : public StepExecutor {
 public:
  StepOutcome run_step(const StepPlan& plan, double start_s) override {
    EXPECT_GE(start_s, last_start);
    last_start = start_s;
    StepOutcome out;
    double t = start_s;
    for (const auto& m : plan.micro) {
      t += a + b * m.tokens();
      out.micro_end_s.push_back(t);
      out.micro_energy_j.push_back(e * m.tokens());
      for (const auto& p : m.parts) {
        EXPECT_EQ(rows[p.slot], p.first_pos) << "slot " << p.slot;
        rows[p.slot] += p.tokens;
      }
      tokens += m.tokens();
    }
    out.end_s = t;
    ++steps;
    return out;
  }
  void release(int slot, double) override { rows.erase(slot); }
  void adopt_prefix(int slot, long long n, double) override { rows[slot] += n; }
  ChipTotals totals(double span_s) override {
    ChipTotals t;
    t.ungated_static_w = 2.0;
    t.static_energy_j = 2.0 * span_s;
    return t;
  }
  std::map<int, long long> rows;
  long long tokens = 0, steps = 0;
  double last_start = 0;
};

trace::TraceRequest request(long long id, double arrival, int prompt, int output) {
  trace::TraceRequest r;
  r.id = id;
  r.line = id + 2;
  r.arrival_s = arrival;
  r.prompt_tokens = prompt;
  r.output_tokens = output;
  return r;
}

SchedulerLimits limits(long long kv = 1 << 20) {
  SchedulerLimits l;
  l.kv_capacity_tokens = kv;
  l.prefill_chunk = 0;
  l.prefix_block_tokens = 512;
  l.kv_bytes_per_token = 1000;
  return l;
}

ServeResult replay(const std::vector<trace::TraceRequest>& reqs, const ServingParams& p,
                   const SchedulerLimits& lim, LinearChip& chip) {
  trace::Trace t;
  t.requests = reqs;
  return serve_trace(t, p, lim, {&chip});
}

TEST(ServeScheduler, OneRequestFollowsTheBlockLatencies) {
  ServingParams p;
  LinearChip chip;
  const auto r = replay({request(0, 0.5, 100, 4)}, p, limits(), chip);
  const auto& o = r.requests[0];
  EXPECT_DOUBLE_EQ(o.scheduled_s, 0.5);
  EXPECT_DOUBLE_EQ(o.first_token_s, 0.5 + a + b * 100);
  EXPECT_DOUBLE_EQ(o.finish_s, o.first_token_s + 3 * (a + b));
  EXPECT_NEAR(o.tpot_s(), a + b, 1e-15);
  ASSERT_EQ(r.inter_token_s.size(), 3u);
  for (double itl : r.inter_token_s) EXPECT_NEAR(itl, a + b, 1e-15);
  EXPECT_EQ(r.prefill_tokens, 100);
  EXPECT_EQ(r.decode_tokens, 3);
  EXPECT_EQ(r.generated_tokens, 4);
  EXPECT_NEAR(r.dynamic_energy_j, e * 103, 1e-18);
  EXPECT_NEAR(o.prefill_energy_j, e * 100, 1e-18);
  EXPECT_NEAR(r.static_energy_j, 2.0 * o.finish_s, 1e-12);
  EXPECT_TRUE(chip.rows.empty());  // its KV cache was freed
}

TEST(ServeScheduler, TwoOverlappingRequestsShareDecodeSteps) {
  // r0: prompt 100 at 0; r1: prompt 50 arrives during r0's second decode step. Under FCFS, r1
  // is admitted at the next step boundary and its prefill joins r0's decode in one step.
  ServingParams p;
  LinearChip chip;
  const double t0 = a + b * 100;           // r0 first token
  const double t1 = t0 + (a + b);          // r0 token 2
  const auto r = replay({request(0, 0, 100, 5), request(1, t0 + 1e-4, 50, 2)}, p, limits(), chip);
  const auto& o0 = r.requests[0];
  const auto& o1 = r.requests[1];
  EXPECT_DOUBLE_EQ(o0.first_token_s, t0);
  EXPECT_DOUBLE_EQ(o1.scheduled_s, t1);
  // Step 3: r0's decode (micro-batch 0) then r1's prefill (micro-batch 1).
  EXPECT_DOUBLE_EQ(o1.first_token_s, t1 + (a + b) + (a + b * 50));
  // Step 4: both decode together (2 tokens): r1 finishes, r0 gets token 4.
  const double t4 = o1.first_token_s + a + 2 * b;
  EXPECT_DOUBLE_EQ(o1.finish_s, t4);
  EXPECT_DOUBLE_EQ(o0.finish_s, t4 + (a + b));
  EXPECT_NEAR(o1.queueing_s(), t1 - (t0 + 1e-4), 1e-15);
}

TEST(ServeScheduler, KvCapacityForcesQueueing) {
  // The cache holds 120 rows: r1 (60 + 2) must wait until r0 (100 + 3) has finished.
  ServingParams p;
  LinearChip chip;
  const auto r = replay({request(0, 0, 100, 3), request(1, 0, 60, 2)}, p, limits(120), chip);
  EXPECT_DOUBLE_EQ(r.requests[1].scheduled_s, r.requests[0].finish_s);
  EXPECT_DOUBLE_EQ(r.requests[1].first_token_s, r.requests[0].finish_s + a + b * 60);
  EXPECT_EQ(r.preempted, 0);
}

TEST(ServeScheduler, TooLongRequestsAreRejectedAndCounted) {
  ServingParams p;
  LinearChip chip;
  SchedulerLimits lim = limits(1000);
  lim.max_context = 500;
  const auto r = replay({request(0, 0, 400, 101), request(1, 0, 10, 2), request(2, 0, 490, 20)},
                        p, lim, chip);
  EXPECT_EQ(r.rejected, 2);
  EXPECT_TRUE(r.requests[0].rejected);
  EXPECT_FALSE(r.requests[1].rejected);
  EXPECT_TRUE(r.requests[2].rejected);
  EXPECT_NE(r.requests[0].reject_reason.find("context"), std::string::npos);
  EXPECT_EQ(r.prefill_tokens, 10);
}

TEST(ServeScheduler, MooncakePrefixIsReusedWhileCached) {
  ServingParams p;
  LinearChip chip;
  auto r0 = request(0, 0, 1100, 2);
  r0.prefix_blocks = {7, 8, 9};
  auto r1 = request(1, 1.0, 1300, 2);  // arrives after r0 finished
  r1.prefix_blocks = {7, 8, 5};
  const auto r = replay({r0, r1}, p, limits(), chip);
  // Blocks 7 and 8 (2 x 512 tokens) are reused; block 5 is new.
  EXPECT_EQ(r.requests[1].prefix_hit_tokens, 1024);
  EXPECT_EQ(r.prefix_hit_tokens, 1024);
  EXPECT_EQ(r.prefill_tokens, 1100 + 1300 - 1024);
  EXPECT_DOUBLE_EQ(r.requests[1].first_token_s, 1.0 + a + b * (1300 - 1024));
  // Without prefix caching the whole prompt is computed.
  p.prefix_caching = false;
  LinearChip chip2;
  EXPECT_EQ(replay({r0, r1}, p, limits(), chip2).prefill_tokens, 2400);
}

TEST(ServeScheduler, EvictedPrefixIsNotReused) {
  // The cache has room for r0's blocks or r1's prompt, not both: r1 evicts them.
  ServingParams p;
  LinearChip chip;
  auto r0 = request(0, 0, 1024, 2);
  r0.prefix_blocks = {1, 2};
  auto r1 = request(1, 1.0, 1500, 2);
  r1.prefix_blocks = {3, 4};
  auto r2 = request(2, 2.0, 1024, 2);
  r2.prefix_blocks = {1, 2};
  const auto r = replay({r0, r1, r2}, p, limits(2000), chip);
  EXPECT_EQ(r.requests[2].prefix_hit_tokens, 0);
}

TEST(ServeScheduler, ChunkedPrefillRespectsTheTokenBudget) {
  ServingParams p;
  p.token_budget = 64;
  LinearChip chip;
  SchedulerLimits lim = limits();
  lim.prefill_chunk = 16;
  const auto r = replay({request(0, 0, 200, 2)}, p, lim, chip);
  // ceil(200 / 64) = 4 steps of prefill (64, 64, 64, 8 tokens); every 16-token chunk is its
  // own micro-batch.
  const double steps = 3 * (4 * (a + 16 * b)) + (a + 8 * b);
  EXPECT_NEAR(r.requests[0].first_token_s, steps, 1e-12);
  EXPECT_EQ(r.steps, 5);
}

TEST(ServeScheduler, FcfsPrefillsFirstDecodeFirstProtectsDecodes) {
  // r0 decodes when r1's 300-token prompt arrives; the budget is 100 tokens per step.
  const auto reqs = std::vector<trace::TraceRequest>{request(0, 0, 10, 6),
                                                     request(1, (a + 10 * b) * 1.5, 300, 2)};
  ServingParams fcfs;
  fcfs.token_budget = 100;
  ServingParams df = fcfs;
  df.policy = ServingParams::Policy::decode_first;
  LinearChip c1, c2;
  const auto r_fcfs = replay(reqs, fcfs, limits(), c1);
  const auto r_df = replay(reqs, df, limits(), c2);
  // Step 1: r0's prefill (token 1). Step 2: r0 decodes (token 2), r1 arrives meanwhile.
  const double t2 = (a + 10 * b) + (a + b);
  // FCFS (prefill-first): r1 takes the whole budget for 3 steps; r0 waits.
  EXPECT_NEAR(r_fcfs.requests[1].first_token_s, t2 + 3 * (a + 100 * b), 1e-15);
  // Then both decode (r1's last token), and r0 its last three alone.
  EXPECT_NEAR(r_fcfs.requests[0].finish_s, t2 + 3 * (a + 100 * b) + (a + 2 * b) + 3 * (a + b),
              1e-15);
  // Decode-first: r0's decode leads every step; r1 prefills 99 tokens per step (4 steps).
  EXPECT_LT(r_df.requests[0].finish_s, r_fcfs.requests[0].finish_s);
  EXPECT_GT(r_df.requests[1].first_token_s, r_fcfs.requests[1].first_token_s);
  EXPECT_NEAR(r_df.requests[0].finish_s, t2 + 3 * ((a + b) + (a + 99 * b)) + (a + b), 1e-15);
  EXPECT_NEAR(r_df.requests[1].first_token_s,
              t2 + 3 * ((a + b) + (a + 99 * b)) + (a + b) + (a + 3 * b), 1e-15);
}

TEST(ServeScheduler, PreemptionByRecomputeConservesWork) {
  // Two requests whose decodes outgrow a 230-row cache: the later one is preempted and its
  // prompt plus generated tokens are computed again.
  ServingParams p;
  LinearChip chip;
  const auto r = replay({request(0, 0, 100, 20), request(1, 0, 100, 20)}, p, limits(230), chip);
  EXPECT_GT(r.preempted, 0);
  long long recomputed = 0;
  for (const auto& o : r.requests) {
    EXPECT_FALSE(o.rejected);
    EXPECT_EQ(o.output_tokens, 20);
    recomputed += o.recomputed_tokens;
  }
  EXPECT_EQ(r.generated_tokens, 40);
  // A recompute computes again every position it had (prompt and fed-back tokens) and feeds
  // its last generated token for the first time.
  EXPECT_EQ(r.recomputed_tokens, recomputed);
  EXPECT_EQ(r.prefill_tokens, 200 + recomputed + r.preempted);
  EXPECT_EQ(r.decode_tokens, 38 - (recomputed > 0 ? r.preempted : 0));
  EXPECT_EQ(chip.tokens, r.prefill_tokens + r.decode_tokens);
  EXPECT_TRUE(chip.rows.empty());
}

TEST(ServeScheduler, PreemptionBySwapKeepsTheCache) {
  ServingParams p;
  p.preemption = ServingParams::Preemption::swap;
  LinearChip chip;
  const auto r = replay({request(0, 0, 100, 20), request(1, 0, 100, 20)}, p, limits(230), chip);
  EXPECT_GT(r.preempted, 0);
  EXPECT_EQ(r.prefill_tokens, 200);  // nothing recomputed
  EXPECT_EQ(r.decode_tokens, 38);
  // Each swap moves rows x 1000 B at 64 GB/s out and back; its energy is counted.
  EXPECT_GT(r.dynamic_energy_j, e * (200 + 38));
}

TEST(ServeScheduler, ReplicasServeInParallel) {
  ServingParams p;
  LinearChip c0, c1;
  trace::Trace t;
  t.requests = {request(0, 0, 1000, 2), request(1, 0, 1000, 2)};
  const auto r = serve_trace(t, p, limits(), {&c0, &c1});
  EXPECT_EQ(r.requests[0].replica, 0);
  EXPECT_EQ(r.requests[1].replica, 1);
  // Two prefill steps each (token budget 512), no queueing behind r0.
  EXPECT_DOUBLE_EQ(r.requests[1].first_token_s, 2 * a + b * 1000);
  EXPECT_DOUBLE_EQ(r.requests[0].first_token_s, r.requests[1].first_token_s);
  EXPECT_NEAR(r.static_energy_j, 2 * 2.0 * r.span_s, 1e-12);
}

TEST(ServeScheduler, MaxBatchLimitsTheRequestsInAStep) {
  // Three requests at once; with max_batch 2 the third waits for a slot.
  const auto reqs = std::vector<trace::TraceRequest>{request(0, 0, 10, 3), request(1, 0, 10, 3),
                                                     request(2, 0, 10, 3)};
  ServingParams p;
  LinearChip c1, c2;
  const auto wide = replay(reqs, p, limits(), c1);
  p.max_batch = 2;
  const auto narrow = replay(reqs, p, limits(), c2);
  EXPECT_DOUBLE_EQ(wide.requests[2].scheduled_s, 0.0);
  EXPECT_DOUBLE_EQ(narrow.requests[2].scheduled_s, narrow.requests[0].finish_s);
  EXPECT_GT(narrow.requests[2].ttft_s(), wide.requests[2].ttft_s());
}

TEST(ServeScheduler, RoutingPolicies) {
  // r0 is long; r1 and r2 arrive while it runs. Round robin sends r2 back to replica 0 (behind
  // r0); least loaded sends it to the replica r1 has left.
  const auto reqs = std::vector<trace::TraceRequest>{request(0, 0, 500, 200), request(1, 0, 10, 2),
                                                     request(2, 0.1, 10, 2)};
  trace::Trace t;
  t.requests = reqs;
  ServingParams p;
  LinearChip a0, a1, b0, b1;
  const auto least = serve_trace(t, p, limits(), {&a0, &a1});
  p.routing = ServingParams::Routing::round_robin;
  const auto rr = serve_trace(t, p, limits(), {&b0, &b1});
  EXPECT_EQ(least.requests[2].replica, 1);
  EXPECT_EQ(rr.requests[2].replica, 0);
}

TEST(ServeScheduler, SwapBandwidthSetsThePreemptionCost) {
  ServingParams p;
  p.preemption = ServingParams::Preemption::swap;
  LinearChip c1, c2;
  const auto reqs = std::vector<trace::TraceRequest>{request(0, 0, 100, 20), request(1, 0, 100, 20)};
  const auto fast = replay(reqs, p, limits(230), c1);
  p.swap_bandwidth_bytes_per_s /= 100;
  const auto slow = replay(reqs, p, limits(230), c2);
  EXPECT_GT(slow.span_s, fast.span_s);
  EXPECT_DOUBLE_EQ(slow.dynamic_energy_j, fast.dynamic_energy_j);  // energy per bit unchanged
}

TEST(ServeScheduler, SwapEnergyIsBytesTimesEnergyPerBit) {
  // The same preempting trace with three times the energy per bit: the swap energy triples,
  // nothing else moves, and it is whole rows of 1000 B at 8 bits a byte.
  ServingParams p;
  p.preemption = ServingParams::Preemption::swap;
  LinearChip c1, c2;
  const auto reqs = std::vector<trace::TraceRequest>{request(0, 0, 100, 20), request(1, 0, 100, 20)};
  const auto base = replay(reqs, p, limits(230), c1);
  p.swap_energy_per_bit_j *= 3;
  const auto dear = replay(reqs, p, limits(230), c2);
  ASSERT_GT(base.swap_energy_j, 0);
  EXPECT_NEAR(dear.swap_energy_j, 3 * base.swap_energy_j, 1e-12 * dear.swap_energy_j);
  EXPECT_NEAR(dear.dynamic_energy_j - base.dynamic_energy_j, 2 * base.swap_energy_j,
              1e-12 * dear.dynamic_energy_j);
  EXPECT_DOUBLE_EQ(dear.span_s, base.span_s);
  for (std::size_t i = 0; i < reqs.size(); ++i)
    EXPECT_DOUBLE_EQ(dear.requests[i].finish_s, base.requests[i].finish_s);
  const double rows = base.swap_energy_j / (1000 * 8 * ServingParams{}.swap_energy_per_bit_j);
  EXPECT_NEAR(rows, std::round(rows), 1e-6);
  EXPECT_GE(std::round(rows), 2 * 100);  // at least one request's prompt rows, out and back in
}

TEST(ServeScheduler, PriorityPolicyServesSmallerPriorityFirst) {
  // Three requests at once, one slot: fcfs serves them in arrival order, priority by their
  // priority (smaller first), arrival breaking ties.
  auto reqs = std::vector<trace::TraceRequest>{request(0, 0, 10, 3), request(1, 0, 10, 3),
                                               request(2, 0, 10, 3), request(3, 0, 10, 3)};
  reqs[0].priority = 2;
  reqs[1].priority = 0;
  reqs[2].priority = 1;
  reqs[3].priority = 0;
  ServingParams p;
  p.max_batch = 1;
  LinearChip c1, c2;
  const auto fcfs = replay(reqs, p, limits(), c1);
  p.policy = ServingParams::Policy::priority;
  const auto prio = replay(reqs, p, limits(), c2);
  EXPECT_LT(fcfs.requests[0].scheduled_s, fcfs.requests[1].scheduled_s);
  EXPECT_LT(fcfs.requests[1].scheduled_s, fcfs.requests[2].scheduled_s);
  EXPECT_LT(fcfs.requests[2].scheduled_s, fcfs.requests[3].scheduled_s);
  // Served one after another: 1, 3, 2, 0, each taking a prefill and two decode steps.
  const double one = (a + b * 10) + 2 * (a + b * 1);
  EXPECT_DOUBLE_EQ(prio.requests[1].scheduled_s, 0.0);
  EXPECT_NEAR(prio.requests[3].scheduled_s, one, 1e-12);
  EXPECT_NEAR(prio.requests[2].scheduled_s, 2 * one, 1e-12);
  EXPECT_NEAR(prio.requests[0].scheduled_s, 3 * one, 1e-12);
  EXPECT_NEAR(prio.span_s, fcfs.span_s, 1e-12);  // same work, another order
}

TEST(ServeScheduler, SwapNeverReadmitsInTheStepThatPreemptedIt) {
  // A long decode and a 1200-token prompt in a 1302-row cache: the prompt is swapped out while
  // prefilling and must wait for room for its rows and the rest of its prompt (reviewer's case;
  // it used to swap in and out forever).
  const auto reqs = std::vector<trace::TraceRequest>{request(0, 0, 100, 1000),
                                                     request(1, 0.001, 1200, 2)};
  for (auto policy : {ServingParams::Policy::fcfs, ServingParams::Policy::decode_first,
                      ServingParams::Policy::priority}) {
    ServingParams p;
    p.preemption = ServingParams::Preemption::swap;
    p.policy = policy;
    LinearChip chip;
    const auto r = replay(reqs, p, limits(1302), chip);
    EXPECT_EQ(r.generated_tokens, 1002);
    EXPECT_EQ(r.prefill_tokens, 1300);  // swapping recomputes nothing
    EXPECT_TRUE(chip.rows.empty());
  }
}

TEST(ServeScheduler, EvictionDropsThePrefixTailBeforeItsHead) {
  // r0's three blocks are cached; r1 needs room for one block: the tail goes, so r2 (the same
  // prefix) still reuses the first two.
  ServingParams p;
  LinearChip chip;
  auto r0 = request(0, 0, 1536, 2);
  r0.prefix_blocks = {1, 2, 3};
  auto r1 = request(1, 1.0, 900, 2);
  auto r2 = request(2, 2.0, 1536, 2);
  r2.prefix_blocks = {1, 2, 3};
  const auto r = replay({r0, r1, r2}, p, limits(2200), chip);
  EXPECT_EQ(r.requests[2].prefix_hit_tokens, 1024);
}

TEST(ServeScheduler, EnergyAndTokensAddUpEverywhere) {
  // Swaps, prefills and decodes: the totals, the per-request sums and the time series agree.
  ServingParams p;
  p.preemption = ServingParams::Preemption::swap;
  p.sample_interval_s = 0.005;
  LinearChip chip;
  const auto r = replay({request(0, 0, 100, 40), request(1, 0, 300, 30), request(2, 0.01, 50, 9)},
                        p, limits(450), chip);
  ASSERT_GT(r.preempted, 0);
  EXPECT_GT(r.swap_energy_j, 0);
  double per_request = 0, series = 0, tokens = 0;
  for (const auto& o : r.requests) per_request += o.prefill_energy_j + o.decode_energy_j;
  for (const auto& s : r.samples) series += s.dynamic_energy_j, tokens += s.generated_tokens;
  EXPECT_NEAR(r.prefill_energy_j + r.decode_energy_j, r.dynamic_energy_j, 1e-15);
  EXPECT_NEAR(per_request, r.dynamic_energy_j, 1e-15);
  EXPECT_NEAR(series, r.dynamic_energy_j, 1e-15);
  EXPECT_EQ(tokens, r.generated_tokens);
  EXPECT_NEAR(r.dynamic_energy_j - r.swap_energy_j, e * chip.tokens, 1e-15);
}

TEST(ServeScheduler, TimeSeriesIntegratesQueueAndEnergy) {
  ServingParams p;
  p.sample_interval_s = 0.01;
  LinearChip chip;
  const auto r = replay({request(0, 0, 100, 4), request(1, 0.02, 100, 4)}, p, limits(), chip);
  double energy = 0, tokens = 0;
  for (const auto& s : r.samples) energy += s.dynamic_energy_j, tokens += s.generated_tokens;
  EXPECT_NEAR(energy, r.dynamic_energy_j, 1e-15);
  EXPECT_EQ(tokens, 8);
  EXPECT_DOUBLE_EQ(r.samples.back().t_end_s, r.span_s);
  double static_j = 0;
  for (const auto& s : r.samples) static_j += s.static_energy_j;
  EXPECT_NEAR(static_j, r.static_energy_j, 1e-12);
}

}  // namespace
}  // namespace aimcsim::workloads::serving
