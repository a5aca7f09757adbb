// SPDX-License-Identifier: Apache-2.0
// Headline figures of a replay against values worked out by hand (serve_fixture.hpp), the
// nearest-rank percentile, CDF down-sampling and the checks of a scheduler's result.
#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>

#include "sim/report/serve_plots.hpp"
#include "sim/report/serve_stats.hpp"
#include "tests/report/serve_fixture.hpp"

namespace aimcsim::report {
namespace {

const ServeSlo kSlo{1.0, 0.0625};

TEST(ServeStats, NearestRankPicksTheCeilingRank) {
  std::vector<double> ten;
  for (int i = 1; i <= 10; ++i) ten.push_back(i);
  EXPECT_EQ(*nearest_rank(ten, 50), 5);   // ceil(5) = 5
  EXPECT_EQ(*nearest_rank(ten, 90), 9);   // ceil(9) = 9, not 10 from 0.9 * 10 rounding up
  EXPECT_EQ(*nearest_rank(ten, 99), 10);  // ceil(9.9)
  EXPECT_EQ(*nearest_rank(ten, 1), 1);    // ceil(0.1)
  EXPECT_EQ(*nearest_rank(ten, 100), 10);
  std::vector<double> hundred;
  for (int i = 1; i <= 100; ++i) hundred.push_back(i);
  EXPECT_EQ(*nearest_rank(hundred, 99), 99);
  EXPECT_EQ(*nearest_rank({7.5}, 50), 7.5);
  EXPECT_FALSE(nearest_rank({}, 50).has_value());
  EXPECT_THROW(nearest_rank(ten, 0), std::invalid_argument);
  EXPECT_THROW(nearest_rank(ten, 101), std::invalid_argument);
}

TEST(ServeStats, LatenciesOfFinishedRequestsOnly) {
  const ServeSummary s = summarize_serve(test::six_requests(), kSlo);
  EXPECT_EQ(s.requests, 6);
  EXPECT_EQ(s.finished, 5);
  EXPECT_EQ(s.rejected, 1);
  // TTFT sorted 0.25, 0.5, 0.5, 1.0, 1.5 (the rejected request is not among them):
  // p50 rank ceil(2.5) = 3, p90 rank ceil(4.5) = 5, p99 rank 5.
  EXPECT_EQ(s.ttft.samples, 5u);
  EXPECT_EQ(*s.ttft.p50_s, 0.5);
  EXPECT_EQ(*s.ttft.p90_s, 1.5);
  EXPECT_EQ(*s.ttft.p99_s, 1.5);
  EXPECT_EQ(*s.ttft.max_s, 1.5);
  EXPECT_DOUBLE_EQ(*s.ttft.mean_s, 3.75 / 5);
  // E2E sorted 0.25, 1, 1, 1.5, 2.
  EXPECT_EQ(*s.e2e.p50_s, 1.0);
  EXPECT_EQ(*s.e2e.p90_s, 2.0);
  EXPECT_DOUBLE_EQ(*s.e2e.mean_s, 5.75 / 5);
  // Queueing sorted 0, 0, 0, 0.25, 0.5.
  EXPECT_EQ(*s.queueing.p50_s, 0.0);
  EXPECT_EQ(*s.queueing.p90_s, 0.5);
  EXPECT_DOUBLE_EQ(*s.queueing.mean_s, 0.75 / 5);
  // TPOT per request: only ids 1, 2, 6 have >= 2 tokens: 0.0625, 0.0625, 0.125.
  EXPECT_EQ(s.tpot.samples, 3u);
  EXPECT_EQ(*s.tpot.p50_s, 0.0625);
  EXPECT_EQ(*s.tpot.p90_s, 0.125);
  EXPECT_DOUBLE_EQ(*s.tpot.mean_s, 0.25 / 3);
  // ITL per token: 0.01 .. 0.10 shuffled; p50 the 5th, p90 the 9th, p99 the 10th.
  EXPECT_EQ(s.itl.samples, 10u);
  EXPECT_EQ(*s.itl.p50_s, 0.05);
  EXPECT_EQ(*s.itl.p90_s, 0.09);
  EXPECT_EQ(*s.itl.p99_s, 0.1);
}

TEST(ServeStats, ThroughputGoodputEnergyAndCounts) {
  const ServeSummary s = summarize_serve(test::six_requests(), kSlo);
  EXPECT_EQ(*s.generated_tokens_per_s, 33.0 / 4);
  EXPECT_EQ(s.prompt_tokens, 500);  // 100 + 200 + 50 + 30 + 120, not the rejected 9000
  EXPECT_EQ(*s.prompt_tokens_per_s, 125);
  EXPECT_EQ(*s.requests_per_s, 1.25);
  // Meeting both objectives: ids 2 (TPOT at the limit), 4 (one token), 6 (both at the limit).
  EXPECT_EQ(s.goodput_requests, 3);
  EXPECT_EQ(*s.goodput_requests_per_s, 0.75);
  EXPECT_EQ(*s.goodput_fraction, 0.5);  // the rejected request counts as a miss: 3 of 6
  EXPECT_EQ(s.energy_j, 132);
  EXPECT_EQ(*s.energy_per_prefill_token_j, 0.25);  // 109 J / 436
  EXPECT_EQ(*s.energy_per_decode_token_j, 0.25);   // 7 J / 28
  EXPECT_EQ(*s.energy_per_token_j, 4);             // 132 J / 33
  EXPECT_EQ(*s.average_power_w, 33);               // 132 J / 4 s
  EXPECT_EQ(s.utilisation.memory, 0.75);
  EXPECT_EQ(s.preempted, 1);
  EXPECT_EQ(s.skipped_rows, 2);
  EXPECT_EQ(s.prefix_hit_tokens, 64);
  EXPECT_EQ(*s.simulated_s_per_wall_s, 2);
  EXPECT_EQ(*s.events_per_wall_s, 500);
  EXPECT_EQ(s.replicas, 2);
  EXPECT_EQ(s.mode, "fast");
}

TEST(ServeStats, TighterSloMovesGoodput) {
  // TTFT <= 0.5 s drops id 6 (1 s); TPOT <= 0.125 s adds id 1 (0.125 s).
  const ServeSummary s = summarize_serve(test::six_requests(), ServeSlo{0.5, 0.125});
  EXPECT_EQ(s.goodput_requests, 3);  // ids 1, 2, 4
  const ServeSummary strict = summarize_serve(test::six_requests(), ServeSlo{0.25, 0.01});
  EXPECT_EQ(strict.goodput_requests, 1);  // id 4 only: TTFT 0.25, one token
  EXPECT_THROW(summarize_serve(test::six_requests(), ServeSlo{0, 0.05}), std::invalid_argument);
}

TEST(ServeStats, NoFinishedRequestGivesEmptyFigures) {
  auto r = test::six_requests();
  for (auto& q : r.requests) {
    q = test::finished(q.id, 10, 2, q.arrival_s, 0, 0, 0);
    q.rejected = true;
    q.replica = -1;
    q.reject_reason = "longer than the KV cache";
  }
  r.rejected = 6;
  r.inter_token_s.clear();
  r.samples.clear();
  r.span_s = 0;
  r.dynamic_energy_j = r.static_energy_j = r.prefill_energy_j = r.decode_energy_j = 0;
  r.prefill_tokens = r.decode_tokens = r.generated_tokens = 0;
  r.wall_s = 0;
  const ServeSummary s = summarize_serve(r, kSlo);
  EXPECT_EQ(s.finished, 0);
  EXPECT_EQ(s.ttft.samples, 0u);
  EXPECT_FALSE(s.ttft.p50_s.has_value());
  EXPECT_FALSE(s.itl.mean_s.has_value());
  EXPECT_FALSE(s.generated_tokens_per_s.has_value());
  EXPECT_FALSE(s.energy_per_token_j.has_value());
  EXPECT_FALSE(s.simulated_s_per_wall_s.has_value());
  EXPECT_EQ(*s.goodput_fraction, 0);
  EXPECT_TRUE(serve_plots(r).empty());
}

void expect_invalid(const workloads::serving::ServeResult& r, const std::string& part) {
  try {
    check_serve_result(r);
    ADD_FAILURE() << "accepted; expected an error mentioning " << part;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(ServeStats, ImpossibleResultsAreNamed) {
  EXPECT_NO_THROW(check_serve_result(test::six_requests()));
  auto r = test::six_requests();
  r.requests[2].first_token_s = 1.25;
  expect_invalid(r, "request id 3 (trace line 13): first_token_s 1.25 is before scheduled_s 1.5");
  r = test::six_requests();
  r.rejected = 0;
  expect_invalid(r, "rejected 0 but 1 request outcomes are rejected");
  r = test::six_requests();
  r.requests[0].decode_energy_j = std::numeric_limits<double>::quiet_NaN();
  expect_invalid(r, "request id 1 (trace line 11): decode_energy_j is not a finite number");
  r = test::six_requests();
  r.requests[1].replica = 2;
  expect_invalid(r, "replica 2 is outside [0, 2)");
  r = test::six_requests();
  r.requests[4].reject_reason.clear();
  expect_invalid(r, "request id 5 (trace line 15): rejected without a reject_reason");
  r = test::six_requests();
  r.samples[1].t_end_s = 1;
  expect_invalid(r, "sample 1: t_end_s 1 is before t_start_s 2");
  r = test::six_requests();
  r.inter_token_s[3] = -0.5;
  expect_invalid(r, "inter_token_s[3]: value -0.5 is negative");
  r = test::six_requests();
  r.utilisation.noc = std::numeric_limits<double>::infinity();
  expect_invalid(r, "totals: utilisation.noc is not a finite number");
}

TEST(ServeStats, CdfPointsKeepEveryValueWhenFew) {
  const auto [x, y] = cdf_points({0.25, 0.5, 0.5, 1.0, 1.5}, 10);
  EXPECT_EQ(x, (std::vector<double>{0.25, 0.5, 0.5, 1.0, 1.5}));
  EXPECT_EQ(y, (std::vector<double>{0.2, 0.4, 0.6, 0.8, 1.0}));
  EXPECT_THROW(cdf_points({1}, 1), std::invalid_argument);
  EXPECT_TRUE(cdf_points({}, 10).first.empty());
}

TEST(ServeStats, CdfPointsAreEvenlySpacedRanksWithExactEnds) {
  std::vector<double> v;
  for (int i = 0; i < 10001; ++i) v.push_back(i * 0.001);
  const auto [x, y] = cdf_points(v, 2000);
  ASSERT_EQ(x.size(), 2000u);
  EXPECT_EQ(x.front(), 0.0);
  EXPECT_EQ(y.front(), 1.0 / 10001);
  EXPECT_EQ(x.back(), v.back());
  EXPECT_EQ(y.back(), 1.0);
  // Point 1: rank index 1 x 10000 / 1999 = 5.0025 -> 5; point 1000: 5002.501 -> 5003.
  EXPECT_EQ(x[1], v[5]);
  EXPECT_EQ(y[1], 6.0 / 10001);
  EXPECT_EQ(x[1000], v[5003]);
  for (std::size_t i = 1; i < x.size(); ++i) ASSERT_GT(x[i], x[i - 1]) << i;
}

TEST(ServeStats, MergedSamplesKeepEnergyAndTimeAverages) {
  std::vector<workloads::serving::ServeSample> s(5);
  const double t[] = {0, 1, 4, 5, 6, 8};  // durations 1, 3, 1, 1, 2
  for (int i = 0; i < 5; ++i) {
    s[i].t_start_s = t[i];
    s[i].t_end_s = t[i + 1];
    s[i].queue_length = i;
    s[i].dynamic_energy_j = 10 * (i + 1);
    s[i].static_energy_j = 1;
    s[i].generated_tokens = 2;
  }
  EXPECT_EQ(merge_samples(s, 5).size(), 5u);
  const auto m = merge_samples(s, 2);  // groups of ceil(5 / 2) = 3: [0..3), [3..5)
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].t_start_s, 0);
  EXPECT_EQ(m[0].t_end_s, 5);
  EXPECT_DOUBLE_EQ(m[0].queue_length, (0 * 1 + 1 * 3 + 2 * 1) / 5.0);
  EXPECT_EQ(m[0].dynamic_energy_j, 60);
  EXPECT_EQ(m[0].static_energy_j, 3);
  EXPECT_EQ(m[0].generated_tokens, 6);
  EXPECT_DOUBLE_EQ(m[0].power_w(), 63.0 / 5);  // the energy of the merged 5 s, not a mean of means
  EXPECT_DOUBLE_EQ(m[1].queue_length, (3 * 1 + 4 * 2) / 3.0);
  EXPECT_DOUBLE_EQ(m[1].power_w(), 92.0 / 3);
}

}  // namespace
}  // namespace aimcsim::report
