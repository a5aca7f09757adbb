// SPDX-License-Identifier: Apache-2.0
// Evaluation windows and next-token scores against hand-computed cases.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "workloads/runner/eval_windows.hpp"
#include "workloads/runner/snr_probe.hpp"
#include "workloads/runner/token_metrics.hpp"

namespace aimcsim::workloads {
namespace {

std::vector<int> iota(int n, int from) {
  std::vector<int> v(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) v[i] = from + i;
  return v;
}

TEST(EvalWindows, LongDocumentsContinueWithOneTokenOfOverlap) {
  // 10 tokens, window 4: [0..3], [3..6], [6..9]; every token after the first predicted once.
  const auto w = make_windows({iota(10, 100)}, 4, 0);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0].tokens, (std::vector<int>{100, 101, 102, 103}));
  EXPECT_EQ(w[1].tokens, (std::vector<int>{103, 104, 105, 106}));
  EXPECT_EQ(w[2].tokens, (std::vector<int>{106, 107, 108, 109}));
  EXPECT_EQ(w[1].first_token, 3);
  EXPECT_EQ(scored_predictions(w), 9);
  // 11 tokens: a last window of 2 (one prediction); 12 would not leave a 1-token window.
  EXPECT_EQ(scored_predictions(make_windows({iota(11, 0)}, 4, 0)), 10);
  EXPECT_EQ(make_windows({iota(11, 0)}, 4, 0).back().tokens.size(), 2u);
}

TEST(EvalWindows, DocumentsStartTheirOwnWindowsAndTheTokenCapCuts) {
  const auto w = make_windows({iota(3, 0), iota(1, 50), iota(5, 10)}, 8, 0);
  ASSERT_EQ(w.size(), 2u);  // the 1-token document predicts nothing
  EXPECT_EQ(w[0].document, 0);
  EXPECT_EQ(w[1].document, 2);
  EXPECT_EQ(window_tokens(w), 8);
  const auto capped = make_windows({iota(3, 0), iota(5, 10)}, 8, 6);
  ASSERT_EQ(capped.size(), 2u);
  EXPECT_EQ(capped[1].tokens, (std::vector<int>{10, 11, 12}));
  EXPECT_EQ(window_tokens(capped), 6);
  EXPECT_THROW(make_windows({iota(3, 0)}, 1, 0), std::invalid_argument);
}

TEST(TokenMetrics, NllTopOneAndKlOfAHandComputedCase) {
  // Analog logits ln(1), ln(2), ln(1): q = (0.25, 0.5, 0.25).
  const float logits[3] = {0.0f, std::log(2.0f), 0.0f};
  // Reference p = (0.5, 0.25, 0.25): argmax 0 (analog argmax 1: disagree).
  const float ref[3] = {std::log(0.5f), std::log(0.25f), std::log(0.25f)};
  TokenScores s;
  score_prediction(logits, ref, 3, 1, s);
  EXPECT_NEAR(s.nll_sum, std::log(2.0), 1e-6);
  EXPECT_EQ(s.top1_agree, 0);
  // KL(p || q) = 0.5 ln(0.5/0.25) + 0.25 ln(0.25/0.5) + 0.25 ln(1) = 0.25 ln 2.
  EXPECT_NEAR(s.kl_sum, 0.25 * std::log(2.0), 1e-6);
  score_prediction(logits, ref, 3, 0, s);
  EXPECT_EQ(s.predictions, 2);
  EXPECT_NEAR(s.mean_nll(), (std::log(2.0) + std::log(4.0)) / 2, 1e-6);
  EXPECT_NEAR(s.perplexity(), std::sqrt(8.0), 1e-5);
  // Against itself: agreement and zero KL.
  TokenScores same;
  score_prediction(ref, ref, 3, 0, same);
  EXPECT_EQ(same.top1_agree, 1);
  EXPECT_NEAR(same.kl_sum, 0.0, 1e-7);
}

TEST(TokenMetrics, LogSoftmaxIsStableForLargeLogits) {
  const float logits[2] = {1000.0f, 1000.0f};
  float out[2];
  log_softmax(logits, 2, out);
  EXPECT_NEAR(out[0], -std::log(2.0), 1e-6);
  EXPECT_NEAR(out[1], -std::log(2.0), 1e-6);
}

TEST(SnrAccumulator, TenLogTenOfSignalOverNoise) {
  SnrAccumulator a;
  a.signal = 100;
  a.noise = 1;
  EXPECT_NEAR(a.snr_db(), 20.0, 1e-12);
  a.noise = 0;
  EXPECT_TRUE(std::isinf(a.snr_db()));
}

}  // namespace
}  // namespace aimcsim::workloads
