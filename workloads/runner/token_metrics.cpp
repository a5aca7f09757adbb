// SPDX-License-Identifier: Apache-2.0
#include "workloads/runner/token_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace aimcsim::workloads {

double TokenScores::perplexity() const { return std::exp(mean_nll()); }

TokenScores& TokenScores::operator+=(const TokenScores& o) {
  nll_sum += o.nll_sum;
  predictions += o.predictions;
  top1_agree += o.top1_agree;
  kl_sum += o.kl_sum;
  return *this;
}

int argmax(const float* v, int n) {
  return static_cast<int>(std::max_element(v, v + n) - v);
}

namespace {
/// ln sum exp(logits), shifted by the max (double accumulation).
double log_sum_exp(const float* logits, int vocab) {
  const double mx = *std::max_element(logits, logits + vocab);
  double sum = 0;
  for (int i = 0; i < vocab; ++i) sum += std::exp(double(logits[i]) - mx);
  return mx + std::log(sum);
}
}  // namespace

void log_softmax(const float* logits, int vocab, float* out) {
  const double lse = log_sum_exp(logits, vocab);
  for (int i = 0; i < vocab; ++i) out[i] = static_cast<float>(double(logits[i]) - lse);
}

void score_prediction(const float* logits, const float* ref_log_probs, int vocab, int target,
                      TokenScores& scores) {
  const double lse = log_sum_exp(logits, vocab);
  scores.nll_sum += lse - double(logits[target]);
  scores.predictions += 1;
  if (argmax(logits, vocab) == argmax(ref_log_probs, vocab)) scores.top1_agree += 1;
  double kl = 0;
  for (int i = 0; i < vocab; ++i) {
    const double lp = ref_log_probs[i];
    const double p = std::exp(lp);
    if (p > 0) kl += p * (lp - (double(logits[i]) - lse));
  }
  scores.kl_sum += std::max(0.0, kl);  // exact KL is >= 0; rounding can leave -1e-17
}

}  // namespace aimcsim::workloads
