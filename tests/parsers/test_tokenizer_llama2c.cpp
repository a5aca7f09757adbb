// SPDX-License-Identifier: Apache-2.0
// llama2.c tokenizer.bin: ids equal to llama2.c run.c's own encode() (fixture made by building
// run.c, tests/data/tokenizer/README.md), run.c's decode, and errors on broken files.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>

#include "tests/parsers/tokenizer_test_support.hpp"
#include "tests/support/shared_data.hpp"
#include "workloads/tokenizer/llama2c_tokenizer.hpp"
#include "workloads/tokenizer/tokenizer.hpp"

namespace aimcsim::test {
namespace {

using workloads::Llama2cTokenizer;
using workloads::TokenizerError;

const char* const k_tok = "models/tok512.bin";

/// A tokenizer.bin in memory: max_token_length then (score, length, bytes) per piece.
std::string make_bin(const std::vector<std::pair<std::string, float>>& pieces,
                     std::int32_t max_len = 16) {
  std::string out(reinterpret_cast<const char*>(&max_len), 4);
  for (const auto& [piece, score] : pieces) {
    const auto len = static_cast<std::int32_t>(piece.size());
    out.append(reinterpret_cast<const char*>(&score), 4);
    out.append(reinterpret_cast<const char*>(&len), 4);
    out += piece;
  }
  return out;
}

/// <unk>, BOS, EOS, the 256 byte pieces, then `extra` (ids 259...).
std::vector<std::pair<std::string, float>> base_vocab(
    const std::vector<std::pair<std::string, float>>& extra) {
  std::vector<std::pair<std::string, float>> v{{"<unk>", 0}, {"\n<s>\n", 0}, {"\n</s>\n", 0}};
  char buf[8];
  for (int b = 0; b < 256; ++b) {
    std::snprintf(buf, sizeof buf, "<0x%02X>", b);
    v.emplace_back(buf, 0.0f);
  }
  v.insert(v.end(), extra.begin(), extra.end());
  return v;
}

TEST(Llama2cTokenizer, EqualsRunCEncodeOnTinyStoriesAndHardText) {
  const auto tok_path = shared_data_file(k_tok);
  const auto sample = shared_data_file("text/tinystories_sample.txt");
  if (tok_path.empty()) GTEST_SKIP() << shared_data_missing(k_tok);
  if (sample.empty()) GTEST_SKIP() << shared_data_missing("text/tinystories_sample.txt");
  const auto ref = nlohmann::json::parse(slurp(tokenizer_fixture("llama2c_tok512_reference.json")));
  const auto tok = workloads::load_tokenizer(tok_path);
  EXPECT_EQ(tok->kind(), "llama2c");
  EXPECT_EQ(tok->vocab_size(), 512);
  const auto stories = split_stories(slurp(sample));
  ASSERT_EQ(stories.size(), 5u);
  ASSERT_EQ(ref["tinystories_sample_stories"].size(), stories.size());
  const auto start = std::chrono::steady_clock::now();
  std::size_t n_ids = 0;
  for (std::size_t i = 0; i < stories.size(); ++i) {
    const auto ids = tok->encode(stories[i], true);
    n_ids += ids.size();
    EXPECT_EQ(ids, ref["tinystories_sample_stories"][i].get<std::vector<int>>()) << "story " << i;
    // run.c decode: BOS piece, then the text with the dummy-prefix space stripped after BOS.
    EXPECT_EQ(tok->decode(std::vector<int>(ids.begin() + 1, ids.end())), " " + stories[i]);
    EXPECT_EQ(tok->decode(ids), "\n<s>\n" + stories[i]);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GT(n_ids, 500u);
  RecordProperty("encode_seconds", std::to_string(seconds));
#ifdef NDEBUG  // debug / sanitizer builds are not timed
  EXPECT_LT(seconds, 0.1) << "encoding the TinyStories sample is too slow";
#endif
  const std::string hard = slurp(tokenizer_fixture("hard_text.txt"));
  const auto hard_ids = tok->encode(hard, true);
  EXPECT_EQ(hard_ids, ref["hard_text"].get<std::vector<int>>());
  EXPECT_EQ(tok->decode(hard_ids), "\n<s>\n" + hard);  // byte fallback decodes back to the bytes
}

TEST(Llama2cTokenizer, GreedyMergesByScoreLeftmostOnTies) {
  // Ids: 259 " ", 260 "a", 261 "aa" (score 1), 262 " a" (score -1). "aaa" starts as
  // [" ", a, a, a]; the two (a, a) pairs tie at score 1 and the left one merges: [" ", aa, a];
  // " aa" and "aaa" are no pieces, so it stops. (Merging the right pair would have allowed " a".)
  const Llama2cTokenizer tok(make_bin(base_vocab({{" ", 0}, {"a", 0}, {"aa", 1}, {" a", -1}})),
                             "mem.bin");
  EXPECT_EQ(tok.encode("aaa", false), (std::vector<int>{259, 261, 260}));
  EXPECT_EQ(tok.encode("aaa", true), (std::vector<int>{1, 259, 261, 260}));
  // With " a" scoring higher it merges first: [" a", a, a] -> [" a", aa].
  const Llama2cTokenizer hi(make_bin(base_vocab({{" ", 0}, {"a", 0}, {"aa", 1}, {" a", 2}})),
                            "mem.bin");
  EXPECT_EQ(hi.encode("aaa", false), (std::vector<int>{262, 261}));
  // Scores at or below run.c's floor of -1e10 never merge.
  const Llama2cTokenizer floor(make_bin(base_vocab({{" ", 0}, {"a", 0}, {"aa", -1e10f}})),
                               "mem.bin");
  EXPECT_EQ(floor.encode("aa", false), (std::vector<int>{259, 260, 260}));
}

TEST(Llama2cTokenizer, DummyPrefixByteFallbackAndCStrings) {
  const Llama2cTokenizer tok(make_bin(base_vocab({{" ", 0}, {"a", 0}, {"\xC3\xA9", 0}})),
                             "mem.bin");
  EXPECT_EQ(tok.encode("", true), (std::vector<int>{1}));  // no dummy prefix for an empty text
  EXPECT_EQ(tok.encode("", false), (std::vector<int>{}));
  // "é" is a piece (261); "ü" (C3 BC) is not: its bytes become ids byte+3.
  EXPECT_EQ(tok.encode("\xC3\xA9\xC3\xBC", false),
            (std::vector<int>{259, 261, 0xC3 + 3, 0xBC + 3}));
  // Stray continuation bytes are grouped (at most 4) as run.c does, then fall back to bytes.
  EXPECT_EQ(tok.encode("\x80\x80", false), (std::vector<int>{259, 0x80 + 3, 0x80 + 3}));
  // run.c reads a C string: text after a NUL is ignored.
  EXPECT_EQ(tok.encode(std::string("a\0a", 3), false), (std::vector<int>{259, 260}));
  // Decode: "<0xXX>" pieces are raw bytes; the space after BOS is dropped.
  EXPECT_EQ(tok.decode({1, 259, 260, 0xC3 + 3, 0xBC + 3}), "\n<s>\na\xC3\xBC");
  EXPECT_EQ(tok.decode({259, 260}), " a");
  EXPECT_EQ(tok.bos_id(), 1);
  EXPECT_EQ(tok.eos_id(), 2);
  EXPECT_EQ(tok.wrap_chat("hi"), "hi");
}

TEST(Llama2cTokenizer, BrokenFilesAndIdsAreErrorsNamingTheFile) {
  auto message = [](const std::string& bytes) {
    try {
      Llama2cTokenizer tok(bytes, "bad.bin");
    } catch (const TokenizerError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("ab").find("bad.bin: llama2.c tokenizer needs a 4-byte"), std::string::npos);
  auto full = make_bin(base_vocab({}));
  EXPECT_NE(message(full.substr(0, full.size() - 3)).find("bad.bin: offset "), std::string::npos);
  EXPECT_NE(message(make_bin({{"<unk>", 0}})).find("expected at least 259"), std::string::npos);
  EXPECT_NE(
      message(make_bin(base_vocab({{"toolongpiece", 0}}), 4)).find("exceeds max_token_length 4"),
      std::string::npos);
  std::string negative = make_bin(base_vocab({}));
  const std::int32_t minus = -5;
  std::memcpy(&negative[4 + 4], &minus, 4);
  EXPECT_NE(message(negative).find("offset 8: token 0 length -5"), std::string::npos);
  const Llama2cTokenizer tok(make_bin(base_vocab({{" ", 0}})), "ok.bin");
  try {
    tok.decode({1, 260});
    FAIL() << "id 260 decoded";
  } catch (const TokenizerError& e) {
    EXPECT_STREQ(e.what(), "ok.bin: id 260 at position 1 is outside the vocabulary (0..259)");
  }
  const Llama2cTokenizer no_space(make_bin(base_vocab({})), "nospace.bin");
  EXPECT_THROW(no_space.encode("x", false), TokenizerError);
}

}  // namespace
}  // namespace aimcsim::test
