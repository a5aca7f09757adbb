// SPDX-License-Identifier: Apache-2.0
// HuggingFace tokenizer.json on small synthetic files whose ids are worked out by hand in the
// comments: BPE merge order, ignore_merges, added tokens, templates, byte fallback, unk, the
// SentencePiece normalizers and Metaspace; and the refusals, each naming file and key.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "workloads/tokenizer/hf_tokenizer.hpp"
#include "workloads/tokenizer/regex_split.hpp"
#include "workloads/tokenizer/utf8.hpp"

namespace aimcsim::test {
namespace {

using nlohmann::json;
using workloads::HfTokenizer;
using workloads::TokenizerError;

HfTokenizer make(const json& doc) {
  return HfTokenizer(workloads::read_hf_spec_text(doc.dump(), "tok.json"));
}

std::string error_of(const json& doc) {
  try {
    make(doc);
  } catch (const TokenizerError& e) {
    return e.what();
  }
  return "no error";
}

/// Byte-level BPE: "hello world" splits (GPT-2 regex) into "hello", "Ġworld".
/// "hello": (h,e) rank 0 -> he; (l,l) rank 1 -> ll; (he,ll) 2 -> hell; (hell,o) 3 -> hello = 11.
/// "Ġworld": (Ġ,w) 4 -> Ġw; (o,r) 5 -> or; (Ġw,or) 6 -> Ġwor; l, d stay: 14, 2, 7.
json byte_level_doc() {
  return json::parse(R"({
    "version": "1.0", "truncation": null, "padding": null,
    "added_tokens": [
      {"id": 15, "content": "<|eot|>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
      {"id": 17, "content": "<|bos|>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
    "normalizer": null,
    "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
    "post_processor": {"type": "Sequence", "processors": [
      {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": false, "use_regex": true},
      {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<|bos|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
       "pair": [], "special_tokens": {"<|bos|>": {"id": "<|bos|>", "ids": [17], "tokens": ["<|bos|>"]}}}]},
    "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
    "model": {"type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": null,
      "end_of_word_suffix": null, "fuse_unk": false, "byte_fallback": false, "ignore_merges": false,
      "vocab": {"h": 0, "e": 1, "l": 2, "o": 3, "Ġ": 4, "w": 5, "r": 6, "d": 7, "he": 8, "ll": 9,
                "hell": 10, "hello": 11, "Ġw": 12, "or": 13, "Ġwor": 14, "Ġworld": 16},
      "merges": ["h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or"]}})");
}

TEST(HfTokenizer, ByteLevelMergesByRank) {
  const auto tok = make(byte_level_doc());
  EXPECT_EQ(tok.kind(), "byte_level_bpe");
  EXPECT_EQ(tok.encode("hello world", false), (std::vector<int>{11, 14, 2, 7}));
  EXPECT_EQ(tok.encode("hello world", true), (std::vector<int>{17, 11, 14, 2, 7}));
  EXPECT_EQ(tok.decode({11, 14, 2, 7}), "hello world");
  // Added tokens are cut out before BPE, with or without add_special.
  EXPECT_EQ(tok.encode("hello<|eot|>hello", false), (std::vector<int>{11, 15, 11}));
  EXPECT_EQ(tok.decode({17, 11, 15}), "<|bos|>hello<|eot|>");
  // A character outside the vocabulary, with neither unk nor byte fallback, is dropped (HF).
  EXPECT_EQ(tok.encode("hz", false), (std::vector<int>{0}));
  EXPECT_EQ(tok.vocab_size(), 18);
  EXPECT_EQ(tok.bos_id(), 17);  // no tokenizer_config.json: the template's first id
  EXPECT_THROW(tok.decode({11, 99}), TokenizerError);
  EXPECT_THROW(tok.encode("bad \xFF utf8", false), TokenizerError);
}

TEST(HfTokenizer, IgnoreMergesTakesWholeWordsAndPairMergesAreAccepted) {
  auto doc = byte_level_doc();
  doc["model"]["ignore_merges"] = true;  // "Ġworld" (16) is in the vocabulary: taken whole
  EXPECT_EQ(make(doc).encode("hello world", false), (std::vector<int>{11, 16}));
  doc["model"]["ignore_merges"] = false;
  doc["model"]["merges"] = json::parse(
      R"([["h","e"],["l","l"],["he","ll"],["hell","o"],["Ġ","w"],["o","r"],["Ġw","or"]])");
  EXPECT_EQ(make(doc).encode("hello world", false), (std::vector<int>{11, 14, 2, 7}));
  // Without the merge "he ll", "hello" stops at [he, ll, o].
  doc["model"]["merges"] = json::parse(R"(["h e", "l l", "hell o", "Ġ w", "o r", "Ġw or"])");
  EXPECT_EQ(make(doc).encode("hello", false), (std::vector<int>{8, 9, 3}));
}

/// SentencePiece-style BPE (Llama-2 layout): <unk> 0, <s> 1, </s> 2, <0x00>..<0xFF> 3..258,
/// then "▁" 259, "a" 260, "b" 261, "▁a" 262, "ab" 263, "▁ab" 264.
json sentencepiece_doc() {
  json vocab = {{"<unk>", 0}, {"<s>", 1}, {"</s>", 2}};
  char buf[8];
  for (int b = 0; b < 256; ++b) {
    std::snprintf(buf, sizeof buf, "<0x%02X>", b);
    vocab[buf] = 3 + b;
  }
  vocab["\u2581"] = 259;
  vocab["a"] = 260;
  vocab["b"] = 261;
  vocab["\u2581a"] = 262;
  vocab["ab"] = 263;
  vocab["\u2581ab"] = 264;
  json doc = json::parse(R"({
    "added_tokens": [
      {"id": 0, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
      {"id": 1, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
      {"id": 2, "content": "</s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
    "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"},
                   {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
    "pre_tokenizer": null,
    "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
      "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
    "decoder": {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
      {"type": "ByteFallback"}, {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
    "model": {"type": "BPE", "dropout": null, "unk_token": "<unk>", "fuse_unk": true, "byte_fallback": true,
      "merges": ["▁ a", "a b", "▁a b"]}})");
  doc["model"]["vocab"] = vocab;
  return doc;
}

TEST(HfTokenizer, SentencePieceStyleWithByteFallback) {
  const auto tok = make(sentencepiece_doc());
  EXPECT_EQ(tok.kind(), "sentencepiece_bpe");
  // "ab" -> "▁ab": (▁,a) rank 0, then (▁a,b) rank 2 -> 264.
  EXPECT_EQ(tok.encode("ab", true), (std::vector<int>{1, 264}));
  // "a é" -> "▁a▁é": é is no token, so its bytes C3 A9 -> ids 0xC3+3, 0xA9+3.
  const std::vector<int> ids{262, 259, 0xC3 + 3, 0xA9 + 3};
  EXPECT_EQ(tok.encode("a \xC3\xA9", false), ids);
  // Decode: ▁ -> space, bytes -> "é", fused, one leading space stripped.
  EXPECT_EQ(tok.decode(ids), "a \xC3\xA9");
  // An invalid byte run decodes to one U+FFFD per byte, as tokenizers' ByteFallback does.
  EXPECT_EQ(tok.decode({262, 0xC3 + 3}), "a\xEF\xBF\xBD");
  // Each segment between special tokens is normalized alone: "ab</s>ab" -> ▁ab, </s>, ▁ab.
  EXPECT_EQ(tok.encode("ab</s>ab", false), (std::vector<int>{264, 2, 264}));
  EXPECT_EQ(tok.bos_id(), 1);
  EXPECT_EQ(tok.eos_id(), 2);
  EXPECT_EQ(tok.wrap_chat("hi"), "<s>[INST] hi [/INST]");
}

TEST(HfTokenizer, UnknownCharactersWithoutByteFallbackBecomeUnk) {
  auto doc = sentencepiece_doc();
  doc["model"]["byte_fallback"] = false;
  // "ééa" -> ▁ é é a: the run of unknown é is one fused <unk> written before "a".
  EXPECT_EQ(make(doc).encode("\xC3\xA9\xC3\xA9"
                             "a",
                             false),
            (std::vector<int>{259, 0, 260}));
  doc["model"]["fuse_unk"] = false;
  EXPECT_EQ(make(doc).encode("\xC3\xA9\xC3\xA9"
                             "a",
                             false),
            (std::vector<int>{259, 0, 0, 260}));
}

TEST(HfTokenizer, MetaspacePrependFirstOnlyAtTheStartOfTheText) {
  auto doc = sentencepiece_doc();
  doc["normalizer"] = nullptr;
  doc["pre_tokenizer"] = json::parse(
      R"({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": false})");
  const auto tok = make(doc);
  EXPECT_EQ(tok.encode("a<s>a", false), (std::vector<int>{262, 1, 260}));
  EXPECT_EQ(tok.encode("<s>a", false), (std::vector<int>{1, 260}));
  doc["pre_tokenizer"]["prepend_scheme"] = "always";
  EXPECT_EQ(make(doc).encode("<s>a", false), (std::vector<int>{1, 262}));
}

TEST(HfTokenizer, AddedTokenOptions) {
  auto doc = byte_level_doc();
  doc["added_tokens"][0]["lstrip"] = true;
  doc["added_tokens"][0]["rstrip"] = true;
  // The spaces around <|eot|> are swallowed by it.
  EXPECT_EQ(make(doc).encode("hello  <|eot|> hello", false), (std::vector<int>{11, 15, 11}));
  doc = byte_level_doc();
  doc["added_tokens"][0]["single_word"] = true;
  // Inside a word it is not a token: "hello<|eot|>" then splits by the regex.
  const auto tok = make(doc);
  EXPECT_EQ(tok.encode("hello <|eot|>", false).back(), 15);
  EXPECT_NE(tok.encode("hello<|eot|>d", false).back(), 15);
}

TEST(HfTokenizer, RefusesWhatItDoesNotImplementNamingFileAndKey) {
  auto doc = byte_level_doc();
  doc["model"]["type"] = "Unigram";
  EXPECT_EQ(error_of(doc), "tok.json: model.type: model \"Unigram\" is not implemented (only BPE)");
  doc = byte_level_doc();
  doc["normalizer"] = json::parse(R"({"type": "NFKC"})");
  EXPECT_NE(error_of(doc).find("tok.json: normalizer.type: normalizer \"NFKC\" is not implemented"),
            std::string::npos);
  doc["normalizer"] = json::parse(
      R"({"type": "Sequence", "normalizers": [{"type": "NFC"}, {"type": "Lowercase"}]})");
  EXPECT_NE(error_of(doc).find("tok.json: normalizer.normalizers[1].type:"), std::string::npos);
  doc = byte_level_doc();
  doc["pre_tokenizer"] = json::parse(R"({"type": "Whitespace"})");
  EXPECT_NE(error_of(doc).find("tok.json: pre_tokenizer.type: pre-tokenizer \"Whitespace\""),
            std::string::npos);
  doc["pre_tokenizer"] = json::parse(
      R"({"type": "Split", "pattern": {"Regex": "(unclosed"}, "behavior": "Isolated", "invert": false})");
  EXPECT_NE(error_of(doc).find("tok.json: pre_tokenizer.pattern.Regex: regex does not compile"),
            std::string::npos);
  doc = byte_level_doc();
  doc["decoder"] = json::parse(R"({"type": "WordPiece"})");
  EXPECT_NE(error_of(doc).find("tok.json: decoder.type: decoder \"WordPiece\""), std::string::npos);
  doc = byte_level_doc();
  doc["model"]["merges"][2] = "he  ll";
  EXPECT_EQ(error_of(doc),
            "tok.json: model.merges[2]: expected \"left right\" with exactly one space");
  doc["model"]["merges"][2] = "he zz";
  EXPECT_NE(error_of(doc).find("tok.json: model: merge 2 (\"he\" + \"zz\") names a token missing"),
            std::string::npos);
  doc = byte_level_doc();
  doc["post_processor"] = json::parse(R"({"type": "BertProcessing"})");
  EXPECT_NE(error_of(doc).find("tok.json: post_processor.type:"), std::string::npos);
  doc = byte_level_doc();
  doc["model"]["continuing_subword_prefix"] = "##";
  EXPECT_NE(error_of(doc).find("tok.json: model.continuing_subword_prefix:"), std::string::npos);
  EXPECT_NE(error_of(json::parse("[1,2]")).find("tok.json: (top level): expected a JSON object"),
            std::string::npos);
  try {
    workloads::read_hf_spec_text("{\"model\": ", "broken.json");
    FAIL();
  } catch (const TokenizerError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("broken.json: not valid JSON", 0), 0u);
  }
  // Found by fuzz_tokenizer: the parser's own message quoted the invalid bytes; ours names the
  // byte and stays valid UTF-8. Keys from the file are shown printable.
  try {
    workloads::read_hf_spec_text("{\"merg\xFF\": 1}", "bad-utf8.json");
    FAIL();
  } catch (const TokenizerError& e) {
    EXPECT_STREQ(e.what(), "bad-utf8.json: not valid JSON (byte 7); expected a tokenizer.json");
  }
  doc = byte_level_doc();
  doc["normalizer"] = json::parse(R"({"type": "Bad\u0007type"})");
  EXPECT_NE(error_of(doc).find("normalizer \"Bad\\x07type\" is not implemented"), std::string::npos)
      << error_of(doc);
}

TEST(HfTokenizerParts, RegexWhitespaceIncludesNelAsOnigurumaDoes) {
  const workloads::Pcre2Regex re(R"(\s+|[^\s]+)");
  const std::string text =
      "a\xC2\x85"
      "b";  // U+0085 between a and b
  const auto m = re.find_all(text);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[1], (std::pair<std::size_t, std::size_t>{1, 3}));
}

TEST(HfTokenizerParts, Utf8NfcAndLossyRepair) {
  EXPECT_EQ(workloads::utf8::nfc("e\xCC\x81"), "\xC3\xA9");
  EXPECT_EQ(workloads::utf8::repair_lossy("a\xE2\x82"
                                          "b"),
            "a\xEF\xBF\xBD"
            "b");  // one U+FFFD for the truncated sequence
  EXPECT_EQ(workloads::utf8::repair_lossy("\xC0\xAF"),
            "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong: each byte
  EXPECT_EQ(workloads::utf8::first_invalid_byte("ok\xED\xA0\x80"),
            std::optional<std::size_t>(2));  // surrogate
}

}  // namespace
}  // namespace aimcsim::test
