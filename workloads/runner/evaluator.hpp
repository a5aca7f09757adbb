// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Scores a model (float32 or on the analog tiles) over the windows of a text, against the
/// float32 model as the reference.

#include <cstddef>
#include <functional>
#include <vector>

#include "tiles/physics/thread_pool.hpp"
#include "workloads/runner/digital_linears.hpp"
#include "workloads/runner/eval_windows.hpp"
#include "workloads/runner/float_weights.hpp"
#include "workloads/runner/token_metrics.hpp"
#include "workloads/runner/transformer_runner.hpp"

namespace aimcsim::workloads {

/// Called after each window with the number of tokens it held.
using WindowProgress = std::function<void(int tokens)>;

class Evaluator {
 public:
  /// The reference's ln p are kept for as many windows as fit in `cache_limit_bytes` and
  /// recomputed for the others. The metrics of a window's predictions are computed on
  /// `threads` threads (0: one per core) and summed in order: the same sums for any count.
  Evaluator(const FloatWeights& weights, std::vector<EvalWindow> windows,
            std::size_t cache_limit_bytes, unsigned threads = 0);

  /// The float32 model's own scores (the ideal model: top-1 agreement 1, KL 0).
  TokenScores reference_scores(const WindowProgress& progress = {});
  /// Scores of the model whose linear layers `linears` computes (e.g. the analog tiles).
  TokenScores score(LinearExecutor& linears, const WindowProgress& progress = {});

  const std::vector<EvalWindow>& windows() const noexcept { return m_windows; }
  int max_window() const noexcept { return m_max_window; }
  DigitalLinears& reference_linears() noexcept { return m_digital; }

 private:
  /// ln p of the reference for window w's predictions ([tokens - 1 x vocab]).
  const float* reference_log_probs(std::size_t w);
  /// Adds the scores of window w's predictions from `logits` ([tokens - 1 x vocab] at least).
  void score_window(std::size_t w, const float* logits, const float* ref, TokenScores& scores);

  const FloatWeights& m_w;
  std::vector<EvalWindow> m_windows;
  int m_max_window = 0;
  int m_vocab = 0;
  std::size_t m_cache_limit;
  DigitalLinears m_digital;
  TransformerRunner m_reference;
  std::vector<std::vector<float>> m_cache;  ///< per window; empty when not cached
  std::vector<float> m_logits, m_scratch;
  physics::ThreadPool m_pool;
  std::vector<TokenScores> m_each;  ///< per prediction of a window, summed in order
};

/// Generates up to `max_new` tokens after `prompt` (which must hold at least one token): greedy
/// (argmax) at temperature 0, else sampled from softmax(logits / temperature) with a stream
/// seeded by `seed`. Stops after `eos` (included) when eos >= 0.
std::vector<int> generate_tokens(TransformerRunner& runner, const std::vector<int>& prompt,
                                 int max_new, double temperature, unsigned long long seed,
                                 int eos);

}  // namespace aimcsim::workloads
