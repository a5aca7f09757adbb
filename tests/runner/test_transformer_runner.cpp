// SPDX-License-Identifier: Apache-2.0
// The forward pass: a batched prefill computes what token-by-token decoding does (the KV cache
// and the causal mask), for both RoPE layouts and with Llama-3 frequency scaling; the scaled
// frequencies equal the HF formula evaluated independently (float64, by hand in Python).
#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "workloads/runner/digital_linears.hpp"
#include "workloads/runner/evaluator.hpp"
#include "workloads/runner/float_weights.hpp"
#include "workloads/runner/transformer_runner.hpp"

namespace aimcsim::workloads {
namespace {

TransformerSpec tiny_spec(bool interleaved, bool llama3) {
  TransformerSpec s;
  s.desc.name = "tiny";
  s.desc.family = "llama";
  s.desc.hidden = 32;
  s.desc.intermediate = 48;
  s.desc.layers = 2;
  s.desc.heads = 4;
  s.desc.kv_heads = 2;
  s.desc.head_dim = 8;
  s.desc.vocab = 50;
  s.desc.tied_embeddings = true;
  s.max_seq_len = 64;
  s.rope_interleaved = interleaved;
  s.rope_scaling.llama3 = llama3;
  s.rope_scaling.factor = 8;
  s.rope_scaling.original_max_position = 16;  // small, so positions < 64 reach every regime
  return s;
}

/// Random weights scaled up so the logits are far from uniform (a real test of equality).
FloatWeights tiny_model(const TransformerSpec& spec) {
  return random_float_weights(spec, 7);
}

void expect_prefill_equals_decode(const TransformerSpec& spec) {
  const FloatWeights w = tiny_model(spec);
  DigitalLinears linears(w);
  const std::vector<int> tokens = {1, 17, 3, 42, 8, 8, 30, 2, 11};
  const int n = static_cast<int>(tokens.size()), vocab = spec.desc.vocab;
  TransformerRunner batched(w, linears, 16);
  std::vector<float> all(std::size_t(n) * vocab);
  batched.forward(tokens.data(), n, true, all.data());
  EXPECT_EQ(batched.position(), n);

  TransformerRunner stepwise(w, linears, 16);
  std::vector<float> one(static_cast<std::size_t>(vocab));
  double max_logit = 0;
  for (const float v : all) max_logit = std::max(max_logit, std::fabs(double(v)));
  ASSERT_GT(max_logit, 1e-3);
  for (int i = 0; i < n; ++i) {
    stepwise.forward(&tokens[i], 1, false, one.data());
    for (int v = 0; v < vocab; ++v)
      ASSERT_NEAR(one[v], all[std::size_t(i) * vocab + v], 1e-5 * max_logit)
          << "position " << i << " token " << v;
  }
  // The last-position-only path gives the last row of the all-positions one.
  batched.reset();
  batched.forward(tokens.data(), n, false, one.data());
  for (int v = 0; v < vocab; ++v)
    EXPECT_NEAR(one[v], all[std::size_t(n - 1) * vocab + v], 1e-5 * max_logit);
}

TEST(TransformerRunner, PrefillEqualsTokenByTokenWithHalfRope) {
  expect_prefill_equals_decode(tiny_spec(false, false));
}

TEST(TransformerRunner, PrefillEqualsTokenByTokenWithInterleavedRope) {
  expect_prefill_equals_decode(tiny_spec(true, false));
}

TEST(TransformerRunner, PrefillEqualsTokenByTokenWithLlama3Scaling) {
  expect_prefill_equals_decode(tiny_spec(false, true));
}

TEST(TransformerRunner, ContextMattersAndPositionMatters) {
  // Guards against a runner that ignores attention: the same token after different contexts,
  // or at a different position, gives different logits.
  const TransformerSpec spec = tiny_spec(false, false);
  const FloatWeights w = tiny_model(spec);
  DigitalLinears linears(w);
  TransformerRunner r(w, linears, 8);
  const int vocab = spec.desc.vocab;
  std::vector<float> a(static_cast<std::size_t>(vocab)), b(static_cast<std::size_t>(vocab));
  const std::vector<int> s1 = {1, 5, 9}, s2 = {1, 6, 9};
  r.forward(s1.data(), 3, false, a.data());
  r.reset();
  r.forward(s2.data(), 3, false, b.data());
  double diff = 0;
  for (int v = 0; v < vocab; ++v) diff += std::fabs(a[v] - b[v]);
  EXPECT_GT(diff, 1e-3);
}

TEST(TransformerRunner, RefusesTokensOutsideTheVocabularyAndPastTheCache) {
  const TransformerSpec spec = tiny_spec(false, false);
  const FloatWeights w = tiny_model(spec);
  DigitalLinears linears(w);
  TransformerRunner r(w, linears, 4);
  std::vector<float> out(std::size_t(spec.desc.vocab) * 8);
  const std::vector<int> bad = {1, 50};
  EXPECT_THROW(r.forward(bad.data(), 2, true, out.data()), std::invalid_argument);
  const std::vector<int> long_seq = {1, 2, 3, 4, 5};
  r.reset();
  EXPECT_THROW(r.forward(long_seq.data(), 5, true, out.data()), std::invalid_argument);
}

TEST(RopeFrequencies, Llama3ScalingMatchesTheHuggingFaceFormula) {
  // Llama-3.1 / 3.2 values: theta 500000, head_dim 64, factor 32, low 1, high 4, original
  // 8192. Expected values: HF _compute_llama3_parameters evaluated in float64 (Python).
  TransformerSpec s;
  s.rope_theta = 500000.0;
  s.rope_scaling.llama3 = true;
  s.rope_scaling.factor = 32;
  s.rope_scaling.low_freq_factor = 1;
  s.rope_scaling.high_freq_factor = 4;
  s.rope_scaling.original_max_position = 8192;
  const auto inv = rope_inverse_frequencies(s, 64);
  ASSERT_EQ(inv.size(), 32u);
  const std::pair<int, double> expected[] = {
      {0, 1.0},                      // short wavelength: kept
      {14, 0.003211445994752591},    // kept
      {15, 0.001290547928209264},    // blended
      {16, 0.00042955679655936815},  // blended
      {17, 9.70828780262767e-05},    // blended
      {18, 1.9461638184831125e-05},  // long wavelength: divided by 32
      {31, 9.41830672543491e-08}};
  for (const auto& [i, value] : expected) EXPECT_NEAR(inv[i], value, 2e-6 * value) << "i = " << i;
  s.rope_scaling.llama3 = false;
  EXPECT_NEAR(rope_inverse_frequencies(s, 64)[31], 3.013858152139171e-06, 2e-6 * 3.0e-6);
}

TEST(Generation, GreedyFollowsTheArgmaxAndSamplingFollowsItsSeed) {
  const TransformerSpec spec = tiny_spec(true, false);
  const FloatWeights w = tiny_model(spec);
  DigitalLinears linears(w);
  TransformerRunner r(w, linears, 32);
  const std::vector<int> prompt = {1, 4, 9};
  const auto greedy = generate_tokens(r, prompt, 6, 0.0, 1, -1);
  ASSERT_EQ(greedy.size(), 6u);
  // Independent chain: feed the whole sequence so far each time and take the argmax.
  std::vector<int> seq = prompt;
  std::vector<float> logits(static_cast<std::size_t>(spec.desc.vocab));
  for (int step = 0; step < 6; ++step) {
    r.reset();
    r.forward(seq.data(), static_cast<int>(seq.size()), false, logits.data());
    const int next = argmax(logits.data(), spec.desc.vocab);
    EXPECT_EQ(next, greedy[step]) << "step " << step;
    seq.push_back(next);
  }
  const auto a = generate_tokens(r, prompt, 12, 1.5, 99, -1);
  const auto b = generate_tokens(r, prompt, 12, 1.5, 99, -1);
  const auto c = generate_tokens(r, prompt, 12, 1.5, 100, -1);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  // Stops after the end-of-sequence token: the first greedy token that had not occurred yet.
  std::size_t k = 1;
  while (k < greedy.size() &&
         std::find(greedy.begin(), greedy.begin() + k, greedy[k]) != greedy.begin() + k)
    ++k;
  const int eos = k < greedy.size() ? greedy[k] : greedy[0];
  if (k == greedy.size()) k = 0;
  const auto stop = generate_tokens(r, prompt, 6, 0.0, 1, eos);
  EXPECT_EQ(stop, std::vector<int>(greedy.begin(), greedy.begin() + k + 1));
}

}  // namespace
}  // namespace aimcsim::workloads

namespace aimcsim::workloads {
namespace {

TEST(TransformerRunner, SlidingWindowAttendsOnlyToTheLastTokens) {
  // One layer, window 2: the last position sees itself and one token before it. RoPE scores
  // depend on relative positions only, so [7, 3, 20, 9] ends as [20, 9] alone does.
  TransformerSpec spec = tiny_spec(false, false);
  spec.desc.layers = 1;
  spec.sliding_window = 2;
  const FloatWeights w = tiny_model(spec);
  DigitalLinears linears(w);
  TransformerRunner r(w, linears, 8);
  const int vocab = spec.desc.vocab;
  std::vector<float> long_ctx(static_cast<std::size_t>(vocab)), short_ctx(long_ctx.size());
  const std::vector<int> four = {7, 3, 20, 9}, two = {20, 9};
  r.forward(four.data(), 4, false, long_ctx.data());
  r.reset();
  r.forward(two.data(), 2, false, short_ctx.data());
  double scale = 0;
  for (const float v : long_ctx) scale = std::max(scale, std::fabs(double(v)));
  for (int v = 0; v < vocab; ++v) EXPECT_NEAR(long_ctx[v], short_ctx[v], 1e-5 * scale);
  // Without the window the first tokens count.
  spec.sliding_window = 0;
  const FloatWeights full = tiny_model(spec);
  DigitalLinears full_linears(full);
  TransformerRunner f(full, full_linears, 8);
  f.forward(four.data(), 4, false, long_ctx.data());
  double diff = 0;
  for (int v = 0; v < vocab; ++v) diff += std::fabs(long_ctx[v] - short_ctx[v]);
  EXPECT_GT(diff, 1e-4 * scale);
}

}  // namespace
}  // namespace aimcsim::workloads
