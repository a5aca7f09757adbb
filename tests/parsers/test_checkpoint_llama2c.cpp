// SPDX-License-Identifier: Apache-2.0
// llama2.c checkpoints: the shared stories260K (values checked at offsets computed here from the
// layout in ../shared/data/README.md) and synthetic files for the classifier flag, truncation,
// trailing bytes and impossible headers.
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/parsers/test_checkpoint_fixtures.hpp"
#include "tests/support/shared_data.hpp"
#include "workloads/checkpoint/loaders.hpp"

using namespace aimcsim::workloads;
using namespace aimcsim::test;

namespace {

float float_at(const std::string& bytes, std::uint64_t offset) {
  float v;
  std::memcpy(&v, bytes.data() + offset, 4);
  return v;
}

/// A llama2.c file: header, then `floats` float32 values i * 0.001 (so each position is
/// recognisable), then `extra` raw bytes.
std::string llama2c_bytes(const std::vector<std::int32_t>& header, std::int64_t floats,
                          const std::string& extra = "") {
  std::string out(reinterpret_cast<const char*>(header.data()), header.size() * 4);
  for (std::int64_t i = 0; i < floats; ++i) {
    const float v = static_cast<float>(i) * 0.001f;
    out.append(reinterpret_cast<const char*>(&v), 4);
  }
  return out + extra;
}

/// Floats a llama2.c file of these dimensions holds (README layout), with wcls when `separate`.
std::int64_t llama2c_floats(std::int64_t dim, std::int64_t hidden, std::int64_t layers,
                            std::int64_t heads, std::int64_t kv_heads, std::int64_t vocab,
                            std::int64_t seq, bool separate) {
  const std::int64_t kv = dim * kv_heads / heads, hd = dim / heads;
  return vocab * dim + layers * (2 * dim + 2 * dim * dim + 2 * kv * dim + 3 * hidden * dim) + dim +
         2 * seq * hd / 2 + (separate ? vocab * dim : 0);
}

}  // namespace

TEST(Llama2cCheckpoint, Stories260kShapesSpecAndValuesAtTheReadmeOffsets) {
  const auto file = shared_data_file("models/stories260K.bin");
  if (file.empty()) GTEST_SKIP() << shared_data_missing("models/stories260K.bin");
  const TransformerWeights w = load_checkpoint(file);
  const ModelDesc& m = w.spec.desc;
  EXPECT_EQ(w.format, "llama2c");
  EXPECT_EQ(m.family, "llama");
  EXPECT_EQ(m.hidden, 64);
  EXPECT_EQ(m.intermediate, 172);
  EXPECT_EQ(m.layers, 5);
  EXPECT_EQ(m.heads, 8);
  EXPECT_EQ(m.kv_heads, 4);
  EXPECT_EQ(m.head_dim, 8);
  EXPECT_EQ(m.vocab, 512);
  EXPECT_TRUE(m.tied_embeddings);
  EXPECT_EQ(w.spec.max_seq_len, 512);
  EXPECT_TRUE(w.spec.rope_interleaved);
  EXPECT_EQ(w.spec.bos_token_id, 1);
  EXPECT_EQ(w.spec.eos_token_id, 2);
  EXPECT_DOUBLE_EQ(w.spec.rms_eps, 1e-5);
  EXPECT_DOUBLE_EQ(w.spec.rope_theta, 10000.0);
  ASSERT_EQ(w.layers.size(), 5u);
  EXPECT_EQ(w.lm_head.weight.data, w.embedding.data);  // shared classifier

  // Offsets [floats] from the README: embedding 512x64, rms_att 5x64, wq 5x64x64, wk 5x32x64,
  // wv 5x32x64, wo 5x64x64, rms_ffn 5x64, w1 5x172x64, w2 5x64x172, w3 5x172x64, rms_final 64.
  const std::string bytes = read_bytes(file);
  const auto at = [&](std::int64_t floats) { return float_at(bytes, 28 + 4 * floats); };
  const std::int64_t emb = 0, rms_att = 512 * 64, wq = rms_att + 5 * 64, wk = wq + 5 * 4096,
                     wv = wk + 5 * 2048, wo = wv + 5 * 2048, rms_ffn = wo + 5 * 4096,
                     w1 = rms_ffn + 5 * 64, w2 = w1 + 5 * 172 * 64, w3 = w2 + 5 * 172 * 64,
                     rms_final = w3 + 5 * 172 * 64;
  EXPECT_EQ(rms_final + 64 + 2 * 512 * 4, (1056540 - 28) / 4);  // the RoPE tables end the file
  const LayerWeights& l3 = w.layers[3];
  EXPECT_EQ(w.embedding.to_float()[100 * 64 + 5], at(emb + 100 * 64 + 5));
  EXPECT_EQ(l3.attn_norm.to_float()[7], at(rms_att + 3 * 64 + 7));
  EXPECT_EQ(l3.q.weight.to_float()[4095], at(wq + 3 * 4096 + 4095));
  EXPECT_EQ(l3.k.weight.to_float()[33], at(wk + 3 * 2048 + 33));
  EXPECT_EQ(l3.v.weight.to_float()[2047], at(wv + 3 * 2048 + 2047));
  EXPECT_EQ(l3.o.weight.to_float()[1], at(wo + 3 * 4096 + 1));
  EXPECT_EQ(l3.ffn_norm.to_float()[63], at(rms_ffn + 3 * 64 + 63));
  EXPECT_EQ(l3.gate.weight.to_float()[172 * 64 - 1], at(w1 + 3 * 172 * 64 + 172 * 64 - 1));
  EXPECT_EQ(l3.down.weight.to_float()[171], at(w2 + 3 * 172 * 64 + 171));
  EXPECT_EQ(l3.up.weight.to_float()[64], at(w3 + 3 * 172 * 64 + 64));
  EXPECT_EQ(w.final_norm.to_float()[0], at(rms_final));
  EXPECT_EQ(l3.k.weight.shape, (std::vector<std::int64_t>{32, 64}));
  EXPECT_EQ(l3.down.weight.shape, (std::vector<std::int64_t>{64, 172}));
}

TEST(Llama2cCheckpoint, NegativeVocabularyMeansASeparateClassifierAfterTheRopeTables) {
  ScratchDir dir;
  const std::int64_t n = llama2c_floats(8, 12, 2, 2, 1, 16, 4, true);
  write_text(dir / "m.bin", llama2c_bytes({8, 12, 2, 2, 1, -16, 4}, n));
  const TransformerWeights w = load_checkpoint(dir / "m.bin");
  EXPECT_FALSE(w.spec.desc.tied_embeddings);
  EXPECT_EQ(w.spec.desc.vocab, 16);
  EXPECT_EQ(w.spec.desc.kv_heads, 1);
  // wcls is the last 16 x 8 floats of the file.
  const std::vector<float> cls = w.lm_head.weight.to_float();
  ASSERT_EQ(cls.size(), 128u);
  EXPECT_EQ(cls.front(), static_cast<float>(n - 128) * 0.001f);
  EXPECT_EQ(cls.back(), static_cast<float>(n - 1) * 0.001f);
  EXPECT_NE(w.lm_head.weight.data, w.embedding.data);
}

TEST(Llama2cCheckpoint, TruncatedFilesNameTheTensorThatFallsShort) {
  ScratchDir dir;
  const std::int64_t n = llama2c_floats(8, 12, 2, 2, 1, 16, 4, true);
  const std::string full = llama2c_bytes({8, 12, 2, 2, 1, -16, 4}, n);
  write_text(dir / "cut.bin", full.substr(0, full.size() - 4));
  std::string m = checkpoint_error([&] { load_llama2c(dir / "cut.bin"); });
  EXPECT_NE(m.find("cut.bin: truncated: tensor 'wcls'"), std::string::npos) << m;
  // Cut inside w2 of layer 1: embedding 128, rms 16, wq 128, wk 64, wv 64, wo 128, rms 16,
  // w1 192, w2 layer 0 96 floats precede it.
  const std::int64_t w2_layer1 = 128 + 16 + 128 + 64 + 64 + 128 + 16 + 192 + 96;
  write_text(dir / "cut2.bin", full.substr(0, static_cast<std::size_t>(28 + 4 * w2_layer1 + 8)));
  m = checkpoint_error([&] { load_llama2c(dir / "cut2.bin"); });
  EXPECT_NE(m.find("tensor 'w2.1'"), std::string::npos) << m;
  write_text(dir / "short.bin", full.substr(0, 20));
  m = checkpoint_error([&] { load_llama2c(dir / "short.bin"); });
  EXPECT_NE(m.find("short.bin: 20 bytes; expected a llama2.c checkpoint"), std::string::npos) << m;
}

TEST(Llama2cCheckpoint, TrailingBytesAreRefused) {
  ScratchDir dir;
  const std::int64_t n = llama2c_floats(8, 12, 2, 2, 1, 16, 4, false);
  write_text(dir / "tail.bin", llama2c_bytes({8, 12, 2, 2, 1, 16, 4}, n, "xyz"));
  const std::string m = checkpoint_error([&] { load_llama2c(dir / "tail.bin"); });
  EXPECT_NE(m.find("tail.bin: 3 bytes after the last tensor"), std::string::npos) << m;
  write_text(dir / "ok.bin", llama2c_bytes({8, 12, 2, 2, 1, 16, 4}, n));
  EXPECT_NO_THROW(load_llama2c(dir / "ok.bin"));
}

TEST(Llama2cCheckpoint, ImpossibleHeadersNameTheField) {
  ScratchDir dir;
  const std::vector<std::pair<std::vector<std::int32_t>, std::string>> cases = {
      {{0, 12, 2, 2, 1, 16, 4}, "header field dim: expected an integer in [1, 65536], got 0"},
      {{8, 12, 2, 3, 1, 16, 4}, "header field n_heads: expected a divisor of dim (8), got 3"},
      {{8, 12, 2, 4, 3, 16, 4},
       "header field n_kv_heads: expected a divisor of n_heads (4), got 3"},
      {{8, 12, 2, 2, 1, 0, 4}, "header field vocab_size"},
      {{8, 12, 2, 2, 1, 16, -4}, "header field seq_len"},
      {{8, 12, 2000000, 2, 1, 16, 4}, "header field n_layers: expected an integer in [1, 1024]"},
      {{8, 12, 2, 8, 1, 16, 4}, "key 'head_dim': expected a positive even integer"},
  };
  for (const auto& [header, expected] : cases) {
    write_text(dir / "h.bin", llama2c_bytes(header, 0));
    const std::string m = checkpoint_error([&] { load_llama2c(dir / "h.bin"); });
    EXPECT_NE(m.find(expected), std::string::npos) << m;
    EXPECT_NE(m.find("h.bin"), std::string::npos) << m;
  }
}

TEST(LoadCheckpoint, RefusesMissingPathsAndPyTorchFilesWithTheConverterToRun) {
  ScratchDir dir;
  std::string m = checkpoint_error([&] { load_checkpoint(dir / "nothing.bin"); });
  EXPECT_NE(m.find("nothing.bin: no such file or folder"), std::string::npos) << m;
  write_text(dir / "pytorch_model.bin", std::string("PK\x03\x04", 4) + "rest of a zip");
  m = checkpoint_error([&] { load_checkpoint(dir / "pytorch_model.bin"); });
  EXPECT_NE(m.find("scripts/convert-afm-checkpoint.py"), std::string::npos) << m;
  write_text(dir / "weights.bin", std::string("PK\x03\x04", 4) + "zip under another name");
  m = checkpoint_error([&] { load_checkpoint(dir / "weights.bin"); });
  EXPECT_NE(m.find("PyTorch state dict"), std::string::npos) << m;
  // A folder with the state dict but no safetensors says the same.
  write_text(dir / "config.json", tiny_config("llama", true));
  m = checkpoint_error([&] { load_checkpoint(dir.path()); });
  EXPECT_NE(m.find("convert-afm-checkpoint.py"), std::string::npos) << m;
  fs::create_directories(dir / "empty");
  m = checkpoint_error([&] { load_checkpoint(dir / "empty"); });
  EXPECT_NE(m.find("empty: no config.json"), std::string::npos) << m;
}
