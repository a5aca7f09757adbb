// SPDX-License-Identifier: Apache-2.0
// read_token_ids (JSON array or separated integers), load_tokenizer's format detection and the
// chat templates chosen from the special tokens present.
#include <gtest/gtest.h>

#include "tests/parsers/tokenizer_test_support.hpp"
#include "workloads/tokenizer/chat_template.hpp"
#include "workloads/tokenizer/tokenizer.hpp"

namespace aimcsim::test {
namespace {

using workloads::TokenizerError;

std::filesystem::path temp_file(const std::string& name, const std::string& content) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "aimcsim_tokenizer_ids";
  std::filesystem::create_directories(dir);
  spit(dir / name, content);
  return dir / name;
}

std::string error_of(const std::string& content) {
  const auto p = temp_file("ids.txt", content);
  try {
    workloads::read_token_ids(p);
  } catch (const TokenizerError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind(p.string() + ": ", 0), 0u) << msg;
    return msg.substr(p.string().size() + 2);
  }
  return "no error";
}

TEST(ReadTokenIds, JsonArraysAndSeparatedIntegers) {
  EXPECT_EQ(workloads::read_token_ids(temp_file("a.json", " [1, 2,3 ]\n")),
            (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(workloads::read_token_ids(temp_file("b.txt", "1 2\n3,4\t5")),
            (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(workloads::read_token_ids(temp_file("c.json", "[]")), (std::vector<int>{}));
  EXPECT_EQ(workloads::read_token_ids(temp_file("d.txt", "")), (std::vector<int>{}));
  EXPECT_EQ(workloads::read_token_ids(temp_file("e.txt", "2147483647")),
            (std::vector<int>{2147483647}));
}

TEST(ReadTokenIds, ErrorsNamePosition) {
  EXPECT_EQ(error_of("1 2\n3 x"),
            "line 2, column 3: expected a non-negative integer token id, found 'x'");
  EXPECT_EQ(error_of("1 -2"),
            "line 1, column 3: expected a non-negative integer token id, found '-'");
  EXPECT_EQ(error_of("[1, 2"), "line 1, column 6: missing ']'");
  EXPECT_EQ(error_of("[1,,2]"), "line 1, column 4: expected a token id before ','");
  EXPECT_EQ(error_of("[1 2]"),
            "line 1, column 4: expected a non-negative integer token id or ','/']', found '2'");
  EXPECT_EQ(error_of("[1] 2"), "line 1, column 5: unexpected text after the closing ']'");
  EXPECT_EQ(error_of("3.5"),
            "line 1, column 2: expected a separator after the token id, found '.'");
  EXPECT_EQ(error_of("99999999999"), "line 1, column 1: token id is too large");
  EXPECT_THROW(workloads::read_token_ids("/nonexistent/ids.txt"), TokenizerError);
}

TEST(LoadTokenizer, MissingFilesAndFoldersAreErrors) {
  EXPECT_THROW(workloads::load_tokenizer("/nonexistent/tok.bin"), TokenizerError);
  const auto dir = std::filesystem::path(::testing::TempDir()) / "aimcsim_tok_empty_dir";
  std::filesystem::create_directories(dir);
  try {
    workloads::load_tokenizer(dir);
    FAIL();
  } catch (const TokenizerError& e) {
    EXPECT_EQ(std::string(e.what()), dir.string() + ": folder holds no tokenizer.json");
  }
  // Garbage that starts like JSON is read as tokenizer.json, anything else as llama2.c.
  EXPECT_THROW(workloads::load_tokenizer(temp_file("garbage.json", "  {not json")), TokenizerError);
  EXPECT_THROW(workloads::load_tokenizer(temp_file("garbage.bin", "\x01\x02")), TokenizerError);
}

TEST(ChatTemplate, DetectedFromTheSpecialTokens) {
  using workloads::ChatTemplate;
  auto with = [](std::vector<std::string> tokens) {
    return workloads::detect_chat_template([tokens](const std::string& t) {
      return std::find(tokens.begin(), tokens.end(), t) != tokens.end();
    });
  };
  EXPECT_EQ(with({"<|begin_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"}),
            ChatTemplate::llama3);
  EXPECT_EQ(with({"<|endoftext|>", "<|im_start|>", "<|im_end|>"}), ChatTemplate::qwen2);
  EXPECT_EQ(with({"<s>", "</s>", "<|user|>", "<|end|>", "<|assistant|>"}), ChatTemplate::phi3);
  EXPECT_EQ(with({"<unk>", "<s>", "</s>"}), ChatTemplate::llama2);
  EXPECT_EQ(with({"<unk>"}), ChatTemplate::none);
  EXPECT_EQ(workloads::apply_chat_template(ChatTemplate::llama3, "Hi"),
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
            "<|start_header_id|>assistant<|end_header_id|>\n\n");
  EXPECT_EQ(workloads::apply_chat_template(ChatTemplate::qwen2, "Hi"),
            "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
  EXPECT_EQ(workloads::apply_chat_template(ChatTemplate::phi3, "Hi"),
            "<s><|user|>\nHi<|end|>\n<|assistant|>\n");
  EXPECT_EQ(workloads::apply_chat_template(ChatTemplate::llama2, "Hi"), "<s>[INST] Hi [/INST]");
  EXPECT_EQ(workloads::apply_chat_template(ChatTemplate::none, "Hi"), "Hi");
}

}  // namespace
}  // namespace aimcsim::test

namespace {
// Found by fuzz_tokenizer: a control byte in a token-id file is shown escaped, so the error
// stays one printable line.
TEST(TokenIdsFuzzRegression, ControlByteIsShownEscaped) {
  try {
    aimcsim::workloads::parse_token_ids(std::string("\x0f"), "ids.txt");
    FAIL() << "a control byte was accepted as a token id";
  } catch (const aimcsim::workloads::TokenizerError& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.find('\x0f'), std::string::npos) << m;
    EXPECT_NE(m.find("ids.txt: line 1, column 1"), std::string::npos) << m;
  }
  try {
    aimcsim::workloads::parse_token_ids(std::string("7\x05"), "ids.txt");
    FAIL() << "a control byte after an id was accepted";
  } catch (const aimcsim::workloads::TokenizerError& e) {
    EXPECT_EQ(std::string(e.what()).find('\x05'), std::string::npos) << e.what();
  }
}
}  // namespace
