// SPDX-License-Identifier: Apache-2.0
// The safetensors path computes the llama2.c model: stories260K exported by export_hf_checkpoint
// (F32 and BF16) and read back by load_checkpoint gives, through TransformerRunner and
// DigitalLinears, the logits the llama2.c checkpoint gives over a real story (story 0 of the
// TinyStories sample as run.c encoded it, tests/data/llama2c/story0_nll.json), and both give the
// NLL run.c's own float32 logits gave that story.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/parsers/test_checkpoint_fixtures.hpp"
#include "tests/support/python_reference.hpp"
#include "tests/support/shared_data.hpp"
#include "workloads/checkpoint/hf_export.hpp"
#include "workloads/runner/digital_linears.hpp"
#include "workloads/runner/float_weights.hpp"
#include "workloads/runner/token_metrics.hpp"
#include "workloads/runner/transformer_runner.hpp"

namespace aimcsim::workloads {
namespace {

struct StoryRun {
  std::vector<float> logits;  ///< [tokens x vocab]
  TokenScores scores;         ///< of every prediction after the first token
};

StoryRun run_story(const TransformerWeights& checkpoint, const std::vector<int>& ids) {
  const FloatWeights w = to_float_weights(checkpoint);
  DigitalLinears linears(w);
  const int n = static_cast<int>(ids.size()), vocab = w.spec.desc.vocab;
  TransformerRunner runner(w, linears, n);
  StoryRun r;
  r.logits.resize(std::size_t(n) * vocab);
  runner.forward(ids.data(), n, true, r.logits.data());
  std::vector<float> log_probs(static_cast<std::size_t>(vocab));
  for (int i = 0; i + 1 < n; ++i) {
    const float* z = r.logits.data() + std::size_t(i) * vocab;
    log_softmax(z, vocab, log_probs.data());
    score_prediction(z, log_probs.data(), vocab, ids[std::size_t(i) + 1], r.scores);
  }
  return r;
}

/// Story 0's ids and run.c's NLL sum of its predictions.
nlohmann::json story0() {
  return nlohmann::json::parse(
      test::slurp(std::string(AIMCSIM_SOURCE_DIR) + "/tests/data/llama2c/story0_nll.json"));
}

class HfParity : public ::testing::TestWithParam<DType> {};

TEST_P(HfParity, ExportedSafetensorsGiveTheLlama2cLogits) {
  const auto file = test::shared_data_file("models/stories260K.bin");
  if (file.empty()) GTEST_SKIP() << test::shared_data_missing("models/stories260K.bin");
  const DType dtype = GetParam();
  const nlohmann::json story = story0();
  const std::vector<int> ids = story.at("ids").get<std::vector<int>>();
  const double run_c_nll = story.at("run_c_nll_sum").get<double>();
  ASSERT_EQ(ids.size(), 371u);

  const TransformerWeights bin = load_checkpoint(file);
  test::ScratchDir dir;
  export_hf_checkpoint(bin, dir / "hf", dtype);
  const TransformerWeights hf = load_checkpoint(dir / "hf");
  ASSERT_TRUE(bin.spec.rope_interleaved);
  ASSERT_FALSE(hf.spec.rope_interleaved);  // the other RoPE layout: q/k rows permuted

  const StoryRun a = run_story(bin, ids), b = run_story(hf, ids);
  const int vocab = bin.spec.desc.vocab, n = static_cast<int>(ids.size());
  ASSERT_EQ(a.logits.size(), b.logits.size());
  double max_logit = 0, max_diff = 0;
  int top1_agree = 0;
  for (int i = 0; i < n; ++i) {
    const float* za = a.logits.data() + std::size_t(i) * vocab;
    const float* zb = b.logits.data() + std::size_t(i) * vocab;
    for (int v = 0; v < vocab; ++v) {
      max_logit = std::max(max_logit, std::fabs(double(za[v])));
      max_diff = std::max(max_diff, std::fabs(double(za[v]) - double(zb[v])));
    }
    top1_agree += argmax(za, vocab) == argmax(zb, vocab);
  }
  ASSERT_GT(max_logit, 1.0);
  // The llama2.c path itself: run.c's NLL of the story (float32 logits, summed in double).
  EXPECT_NEAR(a.scores.nll_sum, run_c_nll, 1e-3);
  if (dtype == DType::f32) {
    // Same float32 weights, RoPE on interleaved pairs vs on halves of permuted rows: the q and
    // k elements are the same numbers in another order, so only the order of the q.k sums
    // (head_dim 8 terms) and everything downstream of them rounds differently -- a few float32
    // ulps per layer over 5 layers. Measured 2.4e-5 on a largest logit of 22 (1.1e-6 of it,
    // ~12 float32 ulps at that magnitude); the bound is 20x that. A wrong permutation or
    // pairing moves logits by O(1).
    EXPECT_LT(max_diff, 2e-5 * max_logit) << "largest |logit| " << max_logit;
    EXPECT_EQ(top1_agree, n);
    EXPECT_NEAR(b.scores.nll_sum, a.scores.nll_sum, 1e-6 * a.scores.nll_sum);
  } else {
    // Every tensor rounded to bf16 (8 significant bits: relative error <= 2^-9 = 0.2% per
    // weight, independent between weights): the logits move by up to a few tenths, the
    // perplexity by well under 1% and the argmax only where two logits are nearly tied.
    // Measured on this story: largest logit change 0.13 (of 22), perplexity 3.9927 against
    // 3.9971 (-0.11%), top-1 agreement 370 of 371 (99.7%).
    const double ppl_a = a.scores.perplexity(), ppl_b = b.scores.perplexity();
    EXPECT_NEAR(ppl_b, ppl_a, 0.01 * ppl_a);
    EXPECT_GT(double(top1_agree) / n, 0.95);
    EXPECT_GT(max_diff, 0.0);  // bf16 did round the weights: the check above is not vacuous
  }
  std::cout << "[ measured ] max |dlogit| " << max_diff << " of " << max_logit << ", perplexity "
            << a.scores.perplexity() << " vs " << b.scores.perplexity() << ", top-1 agreement "
            << top1_agree << "/" << n << "\n";
}

INSTANTIATE_TEST_SUITE_P(F32AndBF16, HfParity, ::testing::Values(DType::f32, DType::bf16),
                         [](const ::testing::TestParamInfo<DType>& p) {
                           return p.param == DType::f32 ? std::string("F32") : std::string("BF16");
                         });

}  // namespace
}  // namespace aimcsim::workloads
