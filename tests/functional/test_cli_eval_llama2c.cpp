// SPDX-License-Identifier: Apache-2.0
// `aimcsim eval --ideal` on stories260K and the TinyStories sample reports the float32
// perplexity the runner computes in process for the same documents and windows (which
// tests/runner/test_llama2c_perplexity.cpp checks against the float64 numpy reference).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/shared_data.hpp"
#include "tests/support/test_support.hpp"
#include "workloads/checkpoint/transformer_weights.hpp"
#include "workloads/runner/evaluator.hpp"
#include "workloads/runner/text_documents.hpp"
#include "workloads/tokenizer/tokenizer.hpp"

namespace aimcsim::test {
namespace {

TEST(EvalCli, IdealPerplexityIsTheInProcessFloat32One) {
  const auto model = shared_data_file("models/stories260K.bin");
  const auto tok = shared_data_file("models/tok512.bin");
  const auto text = shared_data_file("text/tinystories_sample.txt");
  if (model.empty()) GTEST_SKIP() << shared_data_missing("models/stories260K.bin");
  if (tok.empty()) GTEST_SKIP() << shared_data_missing("models/tok512.bin");
  if (text.empty()) GTEST_SKIP() << shared_data_missing("text/tinystories_sample.txt");

  // In process: eval's documents (split_documents at <|endoftext|>, each from BOS) in its
  // default windows of min(512, max_seq_len) tokens.
  const auto checkpoint = workloads::load_checkpoint(model);
  const auto weights = workloads::to_float_weights(checkpoint);
  const auto tokenizer = workloads::load_tokenizer(tok);
  std::vector<std::vector<int>> docs;
  for (const auto& d : workloads::split_documents(read_text(text), "<|endoftext|>"))
    docs.push_back(tokenizer->encode(d, true));
  const auto windows = workloads::make_windows(docs, 512, 0);
  workloads::Evaluator evaluator(weights, windows, std::size_t{1} << 28);
  const workloads::TokenScores scores = evaluator.reference_scores();

  TempDir dir;
  const CliResult r = run_cli({"eval", "--ideal", "--checkpoint", model.string(), "--tokenizer",
                               tok.string(), "--text", text.string(), "-o", (dir / "out").string()},
                              dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = read_json(dir / "out" / "eval.json");
  EXPECT_EQ(j.at("documents").get<std::int64_t>(), static_cast<std::int64_t>(docs.size()));
  EXPECT_EQ(j.at("windows").get<std::int64_t>(), static_cast<std::int64_t>(windows.size()));
  EXPECT_EQ(j.at("window_tokens").get<int>(), 512);
  EXPECT_EQ(j.at("tokens").get<std::int64_t>(), workloads::window_tokens(windows));
  EXPECT_EQ(j.at("predictions").get<std::int64_t>(), scores.predictions);
  // The same float32 computation on the same ids: the same number (JSON keeps doubles exactly).
  EXPECT_EQ(j.at("float32").at("perplexity").get<double>(), scores.perplexity());
  EXPECT_EQ(j.at("float32").at("mean_nll_nats").get<double>(), scores.mean_nll());
  // --ideal: the one evaluated point is the float32 model itself.
  ASSERT_EQ(j.at("drift").size(), 1u);
  EXPECT_EQ(j.at("drift")[0].at("perplexity").at("mean").get<double>(), scores.perplexity());
  EXPECT_EQ(j.at("drift")[0].at("top1_agreement").at("mean").get<double>(), 1.0);
}

}  // namespace
}  // namespace aimcsim::test
