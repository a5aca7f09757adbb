// SPDX-License-Identifier: Apache-2.0
// `aimcsim tokenize`: ids of a text and text of ids on stdout; bad inputs exit 2 with one line
// naming the file.
#include <gtest/gtest.h>

#include "tests/support/shared_data.hpp"
#include "tests/support/test_support.hpp"

namespace aimcsim::test {
namespace {

/// Byte-level BPE worked out by hand (as in tests/parsers/test_tokenizer_hf.cpp):
/// "hello world" -> hello(11) Ġwor(14) l(2) d(7); the template puts <|bos|> (17) in front.
const char* const k_tokenizer_json = R"({
  "added_tokens": [{"id": 17, "content": "<|bos|>", "special": true, "normalized": false}],
  "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "use_regex": true},
  "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<|bos|>", "type_id": 0}},
    {"Sequence": {"id": "A", "type_id": 0}}], "special_tokens": {"<|bos|>": {"id": "<|bos|>", "ids": [17]}}},
  "decoder": {"type": "ByteLevel"},
  "model": {"type": "BPE", "vocab": {"h": 0, "e": 1, "l": 2, "o": 3, "Ġ": 4, "w": 5, "r": 6, "d": 7, "he": 8,
    "ll": 9, "hell": 10, "hello": 11, "Ġw": 12, "or": 13, "Ġwor": 14},
    "merges": ["h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or"]}})";

/// Exit 2 and exactly one stderr line containing `needle`.
void expect_bad_input(const CliResult& r, const std::string& needle) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(CliTokenize, EncodesAndDecodes) {
  TempDir dir;
  write_text(dir / "tokenizer.json", k_tokenizer_json);
  write_text(dir / "text.txt", "hello world");
  auto r = run_cli({"tokenize", "--tokenizer", "tokenizer.json", "--text", "text.txt"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "[17,11,14,2,7]\n");
  r = run_cli({"tokenize", "--tokenizer", ".", "--text", "text.txt", "--no-special"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "[11,14,2,7]\n");
  write_text(dir / "ids.txt", "11 14, 2 7");
  r = run_cli({"tokenize", "--tokenizer", "tokenizer.json", "--decode", "ids.txt"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "hello world");
}

TEST(CliTokenize, Llama2cTokenizerMatchesTheRunCFixture) {
  const auto tok = shared_data_file("models/tok512.bin");
  if (tok.empty()) GTEST_SKIP() << shared_data_missing("models/tok512.bin");
  TempDir dir;
  write_text(dir / "text.txt", "Once upon a time");
  auto r = run_cli({"tokenize", "--tokenizer", tok.string(), "--text", "text.txt"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // run.c: BOS, then the story's first ids as in
  // tests/data/tokenizer/llama2c_tok512_reference.json.
  EXPECT_EQ(r.out, "[1,403,407,261,378]\n");
  write_text(dir / "ids.json", "[1,403,407,261,378]");
  r = run_cli({"tokenize", "--tokenizer", tok.string(), "--decode", "ids.json"}, dir.path());
  EXPECT_EQ(r.out, "\n<s>\nOnce upon a time");
}

TEST(CliTokenize, BadInputsExitTwoNamingTheFile) {
  TempDir dir;
  write_text(dir / "tokenizer.json", k_tokenizer_json);
  write_text(dir / "text.txt", "hello");
  expect_bad_input(
      run_cli({"tokenize", "--tokenizer", "missing.json", "--text", "text.txt"}, dir.path()),
      "missing.json: tokenizer file not found");
  write_text(dir / "garbage.json", "{ this is not json");
  expect_bad_input(
      run_cli({"tokenize", "--tokenizer", "garbage.json", "--text", "text.txt"}, dir.path()),
      "garbage.json: not valid JSON");
  write_text(dir / "garbage.bin", "xy");
  expect_bad_input(
      run_cli({"tokenize", "--tokenizer", "garbage.bin", "--text", "text.txt"}, dir.path()),
      "garbage.bin: llama2.c tokenizer needs");
  expect_bad_input(
      run_cli({"tokenize", "--tokenizer", "tokenizer.json", "--text", "nope.txt"}, dir.path()),
      "nope.txt: cannot open the text file");
  write_text(dir / "ids.txt", "[11, 99]");
  expect_bad_input(
      run_cli({"tokenize", "--tokenizer", "tokenizer.json", "--decode", "ids.txt"}, dir.path()),
      "ids.txt: cannot decode: tokenizer.json: id 99 at position 1 is outside the vocabulary "
      "(0..17)");
  write_text(dir / "bad_ids.txt", "11 x");
  expect_bad_input(
      run_cli({"tokenize", "--tokenizer", "tokenizer.json", "--decode", "bad_ids.txt"}, dir.path()),
      "bad_ids.txt: line 1, column 4: expected a non-negative integer token id");
  write_text(dir / "latin1.txt", "caf\xE9");
  expect_bad_input(
      run_cli({"tokenize", "--tokenizer", "tokenizer.json", "--text", "latin1.txt"}, dir.path()),
      "latin1.txt: cannot encode: tokenizer.json: the text to encode is not valid UTF-8 at byte 3");
  expect_bad_input(run_cli({"tokenize", "--tokenizer", "tokenizer.json"}, dir.path()),
                   "give exactly one of --text FILE or --decode IDS_FILE");
  const auto both = run_cli(
      {"tokenize", "--tokenizer", "tokenizer.json", "--text", "text.txt", "--decode", "ids.txt"},
      dir.path());
  EXPECT_EQ(both.exit_code, 2) << both.err;
}

}  // namespace
}  // namespace aimcsim::test
