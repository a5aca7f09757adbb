// SPDX-License-Identifier: Apache-2.0
// Perplexity of llama2.c's stories260K on the TinyStories sample, as `aimcsim eval` computes it
// (documents split and trimmed by split_documents, each encoded from BOS, windows of 512), equals
// the float64 numpy reference (tests/functional/reference/llama2c_reference.py, written from the
// model definition and checked against run.c in tests/data/llama2c) on the same token ids.
// The documents' splitting itself is checked on a hand-made text.
#include <cmath>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/parsers/test_checkpoint_fixtures.hpp"
#include "tests/support/python_reference.hpp"
#include "tests/support/shared_data.hpp"
#include "workloads/runner/evaluator.hpp"
#include "workloads/runner/text_documents.hpp"
#include "workloads/tokenizer/tokenizer.hpp"

namespace aimcsim::workloads {
namespace {

using test::shared_data_file;
using test::shared_data_missing;

TEST(TextDocuments, SplitAtTheSeparatorTrimmedWithoutEmptyParts) {
  const std::string text =
      "\n  First story.\nSecond line. \r\n<|endoftext|>\n<|endoftext|>\t\n"
      "Second story.<|endoftext|>Third<|endoftext|>\n";
  EXPECT_EQ(split_documents(text, "<|endoftext|>"),
            (std::vector<std::string>{"First story.\nSecond line.", "Second story.", "Third"}));
  // No separator: the whole text is one document; a text of blanks has none.
  EXPECT_EQ(split_documents(" a <|endoftext|> b ", ""),
            (std::vector<std::string>{"a <|endoftext|> b"}));
  EXPECT_TRUE(split_documents(" \n\t\r\n", "<|endoftext|>").empty());
  EXPECT_TRUE(split_documents("", "<|endoftext|>").empty());
  // A separator at the very start or end adds nothing; text without one is one document.
  EXPECT_EQ(split_documents("<|endoftext|>x", "<|endoftext|>"), (std::vector<std::string>{"x"}));
  EXPECT_EQ(split_documents("x y", "<|endoftext|>"), (std::vector<std::string>{"x y"}));
  EXPECT_EQ(trim_blanks(" \t a b \r\n"), "a b");
}

TEST(Llama2cPerplexity, TinyStoriesSampleMatchesTheFloat64Reference) {
  const auto model = shared_data_file("models/stories260K.bin");
  const auto tok = shared_data_file("models/tok512.bin");
  const auto text_file = shared_data_file("text/tinystories_sample.txt");
  if (model.empty()) GTEST_SKIP() << shared_data_missing("models/stories260K.bin");
  if (tok.empty()) GTEST_SKIP() << shared_data_missing("models/tok512.bin");
  if (text_file.empty()) GTEST_SKIP() << shared_data_missing("text/tinystories_sample.txt");
  if (const auto missing = test::python_module_missing("numpy"); !missing.empty())
    GTEST_SKIP() << missing;

  const TransformerWeights checkpoint = load_checkpoint(model);
  const FloatWeights weights = to_float_weights(checkpoint);
  const auto tokenizer = load_tokenizer(tok);
  std::vector<std::vector<int>> docs;
  for (const auto& d : split_documents(test::slurp(text_file), "<|endoftext|>"))
    docs.push_back(tokenizer->encode(d, true));
  // The sample holds 5 stories between "<|endoftext|>" lines (the last one followed by one).
  ASSERT_EQ(docs.size(), 5u);
  // eval's default window, min(512, max_seq_len): every story fits one window from its BOS, so
  // the reference (which scores whole sequences from BOS) sees the same contexts.
  ASSERT_EQ(weights.spec.max_seq_len, 512);
  const auto windows = make_windows(docs, 512, 0);
  ASSERT_EQ(windows.size(), docs.size());
  std::vector<std::vector<int>> sequences;
  for (const auto& w : windows) {
    ASSERT_EQ(w.tokens.front(), 1) << "window of document " << w.document << " starts without BOS";
    ASSERT_GT(w.tokens.size(), 100u);
    sequences.push_back(w.tokens);
  }

  Evaluator evaluator(weights, windows, std::size_t{1} << 28);
  const TokenScores ours = evaluator.reference_scores();
  test::ScratchDir dir;
  const nlohmann::json ref = test::llama2c_reference_nll(model, sequences, dir.path());
  ASSERT_EQ(ours.predictions, ref.at("tokens").get<std::int64_t>());
  ASSERT_EQ(ours.predictions, scored_predictions(windows));
  const double ref_ppl = ref.at("perplexity").get<double>();
  // float32 forward pass against float64: run.c's float32 NLL of a 370-token story differed
  // from the reference's by 1.4e-7 relative (tests/data/llama2c/README.md); 0.1% of the
  // perplexity is the bound, far above float32 rounding and far below what a wrong
  // RoPE pairing, norm epsilon or BOS handling moves (tens of percent). Measured: 3.5482 for
  // both over the 1804 predictions of the 5 stories.
  EXPECT_NEAR(ours.perplexity(), ref_ppl, 1e-3 * ref_ppl)
      << "float32 " << ours.perplexity() << " vs float64 " << ref_ppl;
  std::cout << "[ measured ] perplexity float32 " << ours.perplexity() << ", float64 " << ref_ppl
            << " over " << ours.predictions << " predictions\n";
  // stories260K on its own training distribution: a perplexity of a few (3.997 on story 0).
  EXPECT_GT(ref_ppl, 2.0);
  EXPECT_LT(ref_ppl, 10.0);
  // The same per story, so a compensating error between stories cannot hide.
  const auto& per = ref.at("per_sequence");
  ASSERT_EQ(per.size(), windows.size());
  for (std::size_t i = 0; i < windows.size(); ++i) {
    Evaluator one(weights, {windows[i]}, std::size_t{1} << 26);
    const TokenScores s = one.reference_scores();
    const double nll_ref = per[i].at("nll_sum").get<double>();
    EXPECT_NEAR(s.nll_sum, nll_ref, 1e-3 * std::fabs(nll_ref)) << "story " << i;
  }
}

}  // namespace
}  // namespace aimcsim::workloads
