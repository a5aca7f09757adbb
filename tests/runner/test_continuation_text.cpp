// SPDX-License-Identifier: Apache-2.0
// The continuation `generate` prints is decoded in the context of its prompt: with llama2.c's
// tokenizer it is what run.c prints after the prompt (tests/data/llama2c), also after a prompt
// of BOS alone; with a SentencePiece-style tokenizer.json (HF Strip decoder) the first
// generated word keeps its leading space.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/parsers/test_checkpoint_fixtures.hpp"
#include "tests/support/python_reference.hpp"
#include "tests/support/shared_data.hpp"
#include "workloads/runner/continuation_text.hpp"
#include "workloads/tokenizer/tokenizer.hpp"

namespace aimcsim::workloads {
namespace {

TEST(ContinuationText, Llama2cContinuationIsWhatRunCPrintsAfterThePrompt) {
  const auto tok_file = test::shared_data_file("models/tok512.bin");
  if (tok_file.empty()) GTEST_SKIP() << test::shared_data_missing("models/tok512.bin");
  const auto tok = load_tokenizer(tok_file);
  const std::string refs = std::string(AIMCSIM_SOURCE_DIR) + "/tests/data/llama2c/";
  const auto cases = nlohmann::json::parse(test::slurp(refs + "greedy_ids.json"));
  const auto prompt = cases.at("lily_and_tom").at("prompt").get<std::vector<int>>();
  const auto generated = cases.at("lily_and_tom").at("generated").get<std::vector<int>>();
  // run.c printed "Lily and Tom", the continuation and "\n".
  const std::string printed = test::slurp(refs + "greedy_lily_and_tom.txt");
  const std::string shown = "Lily and Tom";
  ASSERT_EQ(printed.rfind(shown, 0), 0u);
  const std::string expected = printed.substr(shown.size(), printed.size() - shown.size() - 1);
  ASSERT_EQ(expected.rfind(" were", 0), 0u);
  EXPECT_EQ(continuation_text(*tok, prompt, generated), expected);
  // After BOS alone, run.c drops the first piece's leading space: the prompt's own words then
  // read as a continuation of nothing.
  const std::vector<int> bos = {1};
  const std::vector<int> words(prompt.begin() + 1, prompt.end());
  EXPECT_EQ(continuation_text(*tok, bos, words), shown);
}

TEST(ContinuationText, SentencePieceContinuationKeepsItsLeadingSpace) {
  // A SentencePiece-style BPE: "▁" for spaces, decoder Replace + Fuse + Strip(1 leading space).
  const std::string json = R"({
    "added_tokens": [
      {"id": 0, "content": "<unk>", "special": true, "single_word": false, "lstrip": false, "rstrip": false, "normalized": false},
      {"id": 1, "content": "<s>", "special": true, "single_word": false, "lstrip": false, "rstrip": false, "normalized": false},
      {"id": 2, "content": "</s>", "special": true, "single_word": false, "lstrip": false, "rstrip": false, "normalized": false}],
    "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"},
                   {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
    "pre_tokenizer": null,
    "post_processor": {"type": "TemplateProcessing",
      "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
      "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
    "decoder": {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
      {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
    "model": {"type": "BPE", "dropout": null, "unk_token": "<unk>", "fuse_unk": true, "byte_fallback": false,
      "vocab": {"<unk>": 0, "<s>": 1, "</s>": 2, "▁": 3, "a": 4, "b": 5, "▁a": 6, "ab": 7, "▁ab": 8},
      "merges": ["▁ a", "a b", "▁a b"]}})";
  test::ScratchDir dir;
  test::write_text(dir / "tokenizer.json", json);
  const auto tok = load_tokenizer(dir / "tokenizer.json");
  const std::vector<int> prompt = tok->encode("ab", false);  // "▁ab"
  ASSERT_EQ(prompt, (std::vector<int>{8}));
  const std::vector<int> generated = {6, 5};                  // "▁a", "b"
  EXPECT_EQ(tok->decode(generated), "ab");  // alone: its leading space is stripped
  EXPECT_EQ(continuation_text(*tok, prompt, generated), " ab");
  const std::vector<int> with_bos = tok->encode("ab", true);
  ASSERT_EQ(with_bos, (std::vector<int>{1, 8}));
  EXPECT_EQ(continuation_text(*tok, with_bos, generated), " ab");
  EXPECT_EQ(continuation_text(*tok, prompt, {}), "");
}

}  // namespace
}  // namespace aimcsim::workloads
