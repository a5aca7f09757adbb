// SPDX-License-Identifier: Apache-2.0
// Built-in model descriptions against the published HuggingFace config.json shapes, and import
// of user config.json files (good and bad) written to a temporary folder.
#include <algorithm>
#include <stdexcept>

#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"
#include "workloads/model_catalog.hpp"

using namespace aimcsim::workloads;

namespace {
void expect_linear(const LinearShape& l, const char* name, int in, int out, bool bias = false) {
  EXPECT_EQ(l.name, name);
  EXPECT_EQ(l.in, in) << name;
  EXPECT_EQ(l.out, out) << name;
  EXPECT_EQ(l.has_bias, bias) << name;
}

std::string error_of(const std::string& json) {
  aimcsim::test::TempDir dir;
  aimcsim::test::write_text(dir / "config.json", json);
  try {
    load_model((dir / "config.json").string());
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST(ModelCatalog, ListsEveryBuiltin) {
  const auto names = builtin_model_names();
  for (const char* n : {"llama-3.2-1b", "llama-3.2-1b-instruct", "phi-3-mini-4k-instruct",
                        "llama-3.1-8b", "qwen2.5-0.5b"})
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
}

TEST(ModelCatalog, Llama32_1B) {
  const ModelDesc m = load_model("llama-3.2-1b");
  EXPECT_EQ(m.hidden, 2048);
  EXPECT_EQ(m.intermediate, 8192);
  EXPECT_EQ(m.layers, 16);
  EXPECT_EQ(m.heads, 32);
  EXPECT_EQ(m.kv_heads, 8);
  EXPECT_EQ(m.head_dim, 64);
  EXPECT_EQ(m.vocab, 128256);
  EXPECT_TRUE(m.tied_embeddings);
  const auto l = block_linears(m);
  ASSERT_EQ(l.size(), 7u);
  expect_linear(l[0], "q_proj", 2048, 2048);
  expect_linear(l[1], "k_proj", 2048, 512);  // 8 kv heads x 64
  expect_linear(l[2], "v_proj", 2048, 512);
  expect_linear(l[3], "o_proj", 2048, 2048);
  expect_linear(l[4], "gate_proj", 2048, 8192);
  expect_linear(l[5], "up_proj", 2048, 8192);
  expect_linear(l[6], "down_proj", 8192, 2048);
  expect_linear(lm_head_linear(m), "lm_head", 2048, 128256);
  // Published size 1.24 B: 16 x (2 x 2048^2 + 2 x 2048 x 512 + 3 x 2048 x 8192) = 973078528,
  // + tied embedding 128256 x 2048 = 262668288 -> 1235746816.
  EXPECT_EQ(m.parameter_count(), 1235746816.0);
}

TEST(ModelCatalog, InstructHasTheBaseShapesAndNamesAreCaseInsensitive) {
  const ModelDesc a = load_model("llama-3.2-1b"), b = load_model("Llama-3.2-1B-Instruct");
  EXPECT_EQ(b.name, "llama-3.2-1b-instruct");
  EXPECT_EQ(a.parameter_count(), b.parameter_count());
  EXPECT_EQ(a.kv_dim(), b.kv_dim());
}

TEST(ModelCatalog, Phi3MiniHasFusedProjections) {
  const ModelDesc m = load_model("phi-3-mini-4k-instruct");
  EXPECT_EQ(m.family, "phi3");
  EXPECT_EQ(m.head_dim, 96);  // 3072 / 32
  const auto l = block_linears(m);
  ASSERT_EQ(l.size(), 4u);
  expect_linear(l[0], "qkv_proj", 3072, 9216);  // 3072 + 2 x 32 x 96
  expect_linear(l[1], "o_proj", 3072, 3072);
  expect_linear(l[2], "gate_up_proj", 3072, 16384);  // 2 x 8192
  expect_linear(l[3], "down_proj", 8192, 3072);
  EXPECT_FALSE(m.tied_embeddings);
  // 32 x (3072 x 9216 + 3072^2 + 3072 x 16384 + 8192 x 3072) + 2 x 32064 x 3072 = 3.82 B
  // (the published 3.8 B).
  EXPECT_EQ(m.parameter_count(), 32.0 * (3072.0 * 9216 + 3072.0 * 3072 + 3072.0 * 16384 +
                                         8192.0 * 3072) + 2.0 * 32064 * 3072);
}

TEST(ModelCatalog, Llama31_8B) {
  const ModelDesc m = load_model("llama-3.1-8b");
  EXPECT_EQ(m.head_dim, 128);  // 4096 / 32
  const auto l = block_linears(m);
  expect_linear(l[1], "k_proj", 4096, 1024);  // 8 x 128
  expect_linear(l[6], "down_proj", 14336, 4096);
  EXPECT_FALSE(m.tied_embeddings);
  // Published 8.03 B.
  EXPECT_NEAR(m.parameter_count() / 1e9, 8.03, 0.01);
}

TEST(ModelCatalog, Qwen25HasAttentionBias) {
  const ModelDesc m = load_model("qwen2.5-0.5b");
  EXPECT_TRUE(m.attention_bias);
  EXPECT_EQ(m.head_dim, 64);  // 896 / 14
  const auto l = block_linears(m);
  expect_linear(l[0], "q_proj", 896, 896, true);
  expect_linear(l[1], "k_proj", 896, 128, true);  // 2 kv heads x 64
  expect_linear(l[2], "v_proj", 896, 128, true);
  expect_linear(l[3], "o_proj", 896, 896, false);
  expect_linear(l[4], "gate_proj", 896, 4864, false);
}

TEST(ModelCatalog, ImportsHuggingFaceConfig) {
  aimcsim::test::TempDir dir;
  const std::string path = aimcsim::test::write_small_llama(dir.path());
  const ModelDesc m = load_model(path);
  EXPECT_EQ(m.name, path);
  EXPECT_EQ(m.hidden, 256);
  EXPECT_EQ(m.kv_heads, 4);
  EXPECT_EQ(m.head_dim, 64);  // 256 / 4, head_dim absent
  EXPECT_EQ(block_linears(m)[5].out, 512);
}

TEST(ModelCatalog, ImportDefaultsKvHeadsAndReadsBias) {
  const ModelDesc m = model_from_hf_config(
      R"({"model_type":"llama","hidden_size":128,"intermediate_size":256,"num_hidden_layers":1,
          "num_attention_heads":2,"vocab_size":10,"attention_bias":true})",
      "x.json");
  EXPECT_EQ(m.kv_heads, 2);
  EXPECT_TRUE(m.attention_bias);
  EXPECT_FALSE(m.tied_embeddings);
}

TEST(ModelCatalog, RejectsMissingKey) {
  const std::string e = error_of(R"({"model_type":"llama","intermediate_size":512,
      "num_hidden_layers":2,"num_attention_heads":4,"vocab_size":1000})");
  EXPECT_NE(e.find("hidden_size"), std::string::npos) << e;
  EXPECT_NE(e.find("missing"), std::string::npos) << e;
  EXPECT_NE(e.find("config.json"), std::string::npos) << e;
}

TEST(ModelCatalog, RejectsWrongType) {
  const std::string e = error_of(R"({"model_type":"llama","hidden_size":"256",
      "intermediate_size":512,"num_hidden_layers":2,"num_attention_heads":4,"vocab_size":1000})");
  EXPECT_NE(e.find("hidden_size"), std::string::npos) << e;
  EXPECT_NE(e.find("expected an integer in [1, 65536]"), std::string::npos) << e;
  const std::string b = error_of(R"({"model_type":"llama","hidden_size":256,
      "intermediate_size":512,"num_hidden_layers":2,"num_attention_heads":4,"vocab_size":1000,
      "tie_word_embeddings":"yes"})");
  EXPECT_NE(b.find("tie_word_embeddings"), std::string::npos) << b;
}

TEST(ModelCatalog, RejectsUnknownModelType) {
  const std::string e = error_of(R"({"model_type":"gpt2","hidden_size":256})");
  EXPECT_NE(e.find("model_type"), std::string::npos) << e;
  EXPECT_NE(e.find("gpt2"), std::string::npos) << e;
}

TEST(ModelCatalog, RejectsImpossibleShapesAndBadJson) {
  const std::string kv = error_of(R"({"model_type":"llama","hidden_size":256,
      "intermediate_size":512,"num_hidden_layers":2,"num_attention_heads":4,
      "num_key_value_heads":3,"vocab_size":1000})");
  EXPECT_NE(kv.find("num_key_value_heads"), std::string::npos) << kv;
  EXPECT_NE(error_of("{not json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_of(R"({"model_type":"llama","hidden_size":0})").find("hidden_size"),
            std::string::npos);
}

TEST(ModelCatalog, UnknownNameListsTheBuiltins) {
  try {
    load_model("no-such-model");
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    const std::string s = e.what();
    EXPECT_NE(s.find("no-such-model"), std::string::npos) << s;
    EXPECT_NE(s.find("llama-3.2-1b"), std::string::npos) << s;
  }
}
