// SPDX-License-Identifier: Apache-2.0
#include "workloads/runner/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <thread>

#include "tiles/physics/rng.hpp"

namespace aimcsim::workloads {

namespace {
int longest_window(const std::vector<EvalWindow>& windows) {
  std::size_t n = 1;
  for (const auto& w : windows) n = std::max(n, w.tokens.size());
  return static_cast<int>(n);
}
}  // namespace

Evaluator::Evaluator(const FloatWeights& weights, std::vector<EvalWindow> windows,
                     std::size_t cache_limit_bytes, unsigned threads)
    : m_w(weights),
      m_windows(std::move(windows)),
      m_max_window(longest_window(m_windows)),
      m_vocab(weights.spec.desc.vocab),
      m_cache_limit(cache_limit_bytes),
      m_digital(weights),
      m_reference(weights, m_digital, m_max_window),
      m_cache(m_windows.size()),
      m_pool(threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency())) {}

const float* Evaluator::reference_log_probs(std::size_t w) {
  if (!m_cache[w].empty()) return m_cache[w].data();
  const auto& tokens = m_windows[w].tokens;
  const int n = static_cast<int>(tokens.size());
  m_logits.resize(std::size_t(n) * m_vocab);
  m_reference.reset();
  m_reference.forward(tokens.data(), n, true, m_logits.data());
  const std::size_t bytes = std::size_t(n - 1) * m_vocab * sizeof(float);
  std::size_t cached = 0;
  for (const auto& c : m_cache) cached += c.size() * sizeof(float);
  std::vector<float>& out = cached + bytes <= m_cache_limit ? m_cache[w] : m_scratch;
  out.resize(std::size_t(n - 1) * m_vocab);
  m_pool.parallel_for(static_cast<std::size_t>(n - 1), [&](std::size_t i) {
    log_softmax(m_logits.data() + i * m_vocab, m_vocab, out.data() + i * m_vocab);
  });
  return out.data();
}

void Evaluator::score_window(std::size_t w, const float* logits, const float* ref,
                             TokenScores& scores) {
  const auto& tokens = m_windows[w].tokens;
  const std::size_t count = tokens.size() - 1;
  // Each prediction scored on its own (a large vocabulary makes this a third of a small
  // model's evaluation), then added in order: the sums are those of one serial loop.
  m_each.assign(count, TokenScores{});
  m_pool.parallel_for(count, [&](std::size_t i) {
    score_prediction(logits + i * m_vocab, ref + i * m_vocab, m_vocab, tokens[i + 1], m_each[i]);
  });
  for (const TokenScores& e : m_each) {
    scores.nll_sum += e.nll_sum;
    scores.predictions += e.predictions;
    scores.top1_agree += e.top1_agree;
    scores.kl_sum += e.kl_sum;
  }
}

TokenScores Evaluator::reference_scores(const WindowProgress& progress) {
  TokenScores scores;
  for (std::size_t w = 0; w < m_windows.size(); ++w) {
    const auto& tokens = m_windows[w].tokens;
    const float* ref = reference_log_probs(w);
    score_window(w, ref, ref, scores);
    if (progress) progress(static_cast<int>(tokens.size()));
  }
  return scores;
}

TokenScores Evaluator::score(LinearExecutor& linears, const WindowProgress& progress) {
  TransformerRunner runner(m_w, linears, m_max_window);
  std::vector<float> logits;
  TokenScores scores;
  for (std::size_t w = 0; w < m_windows.size(); ++w) {
    const auto& tokens = m_windows[w].tokens;
    const int n = static_cast<int>(tokens.size());
    logits.resize(std::size_t(n) * m_vocab);
    runner.reset();
    runner.forward(tokens.data(), n, true, logits.data());
    const float* ref = reference_log_probs(w);
    score_window(w, logits.data(), ref, scores);
    if (progress) progress(n);
  }
  return scores;
}

std::vector<int> generate_tokens(TransformerRunner& runner, const std::vector<int>& prompt,
                                 int max_new, double temperature, unsigned long long seed,
                                 int eos) {
  if (prompt.empty()) throw std::invalid_argument("generation needs at least one prompt token");
  const int vocab = runner.vocab();
  std::vector<float> logits(static_cast<std::size_t>(vocab));
  std::vector<double> probs(static_cast<std::size_t>(vocab));
  physics::Xoshiro256pp rng(seed);
  std::vector<int> out;
  runner.reset();
  runner.forward(prompt.data(), static_cast<int>(prompt.size()), false, logits.data());
  for (int step = 0; step < max_new; ++step) {
    int next;
    if (temperature <= 0) {
      next = argmax(logits.data(), vocab);
    } else {
      const double mx = *std::max_element(logits.begin(), logits.end());
      double sum = 0;
      for (int i = 0; i < vocab; ++i) sum += (probs[i] = std::exp((logits[i] - mx) / temperature));
      // 53 random bits -> uniform in [0, 1), scaled to the unnormalised total.
      const double u = double(rng() >> 11) * 0x1.0p-53 * sum;
      double acc = 0;
      next = vocab - 1;
      for (int i = 0; i < vocab; ++i) {
        acc += probs[i];
        if (u < acc) {
          next = i;
          break;
        }
      }
    }
    out.push_back(next);
    if (next == eos || step + 1 == max_new) break;
    runner.forward(&next, 1, false, logits.data());
  }
  return out;
}

}  // namespace aimcsim::workloads
