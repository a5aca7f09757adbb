// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Scores of next-token predictions: NLL (perplexity), top-1 agreement with the float32 model
/// and KL(float32 || analog).

#include <cstdint>

namespace aimcsim::workloads {

/// Sums over the scored predictions of one evaluation (one seed at one drift time).
struct TokenScores {
  double nll_sum = 0;        ///< sum of -ln q(next token) [nats]
  std::int64_t predictions = 0;
  std::int64_t top1_agree = 0;  ///< argmax q == argmax p (p: float32 model)
  double kl_sum = 0;         ///< sum of KL(p || q) [nats]

  double mean_nll() const { return predictions ? nll_sum / double(predictions) : 0.0; }
  double perplexity() const;
  double top1_agreement() const { return predictions ? double(top1_agree) / double(predictions) : 0.0; }
  double mean_kl() const { return predictions ? kl_sum / double(predictions) : 0.0; }
  TokenScores& operator+=(const TokenScores& o);
};

/// ln softmax of `logits` [vocab] into `out` (double accumulation; the max is subtracted).
void log_softmax(const float* logits, int vocab, float* out);

/// Scores one prediction: `logits` of the evaluated model [vocab], `ref_log_probs` the float32
/// model's ln p [vocab] (may equal the evaluated model's), `target` the next token.
void score_prediction(const float* logits, const float* ref_log_probs, int vocab, int target,
                      TokenScores& scores);

/// Index of the largest element (the first of equal ones, as torch.argmax / llama2.c).
int argmax(const float* v, int n);

}  // namespace aimcsim::workloads
