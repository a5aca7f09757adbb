// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Tiny synthetic checkpoints for the checkpoint tests: a HuggingFace folder of each family with
/// deterministic values, written by the project's safetensors writer, and a scratch folder.

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "workloads/checkpoint/safetensors_writer.hpp"
#include "workloads/checkpoint/transformer_weights.hpp"

namespace aimcsim::test {

namespace fs = std::filesystem;
using workloads::DType;
using workloads::TensorData;

/// A fresh folder under the system temp dir, removed with its content at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    std::string t = (fs::temp_directory_path() / "aimcsim-ckpt-XXXXXX").string();
    if (!::mkdtemp(t.data())) throw std::runtime_error("mkdtemp failed");
    m_path = t;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
  const fs::path& path() const { return m_path; }
  fs::path operator/(const std::string& name) const { return m_path / name; }

 private:
  fs::path m_path;
};

inline void write_text(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
}

inline std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Deterministic distinct values: tensor `salt`, element i.
inline std::vector<float> pattern(std::int64_t n, int salt) {
  std::vector<float> v(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i)
    v[static_cast<std::size_t>(i)] =
        static_cast<float>(std::sin(0.37 * static_cast<double>(i) + 1.3 * salt) * 0.5);
  return v;
}

/// Shapes of the tiny models: hidden 8, intermediate 12, 2 layers, 2 heads of 4, 1 kv head,
/// vocabulary 16.
struct Tiny {
  static constexpr int hidden = 8, ffn = 12, layers = 2, heads = 2, kv_heads = 1, head_dim = 4,
                       vocab = 16;
  static constexpr int q = heads * head_dim, kv = kv_heads * head_dim;
};

/// config.json of a tiny model of `family` with `extra` fields appended (",\"k\": v").
inline std::string tiny_config(const std::string& family, bool tied,
                               const std::string& extra = "") {
  return "{\"model_type\": \"" + family +
         "\", \"hidden_size\": 8, \"intermediate_size\": 12, "
         "\"num_hidden_layers\": 2, \"num_attention_heads\": 2, \"num_key_value_heads\": 1, "
         "\"vocab_size\": 16, \"hidden_act\": \"silu\", \"rms_norm_eps\": 1e-06, "
         "\"rope_theta\": 500000.0, \"max_position_embeddings\": 64, \"bos_token_id\": 1, "
         "\"eos_token_id\": [2, 3], \"tie_word_embeddings\": " +
         std::string(tied ? "true" : "false") + extra + "}";
}

/// Every tensor of a tiny `family` model in HF naming (Phi-3 fused, Qwen2 with q/k/v biases).
inline std::vector<TensorData> tiny_tensors(const std::string& family, bool tied,
                                            DType dtype = DType::f32) {
  std::vector<TensorData> out;
  int salt = 0;
  const auto add = [&](const std::string& name, std::vector<std::int64_t> shape) {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    out.push_back({name, dtype, shape, pattern(n, ++salt)});
  };
  const std::int64_t h = Tiny::hidden, f = Tiny::ffn, q = Tiny::q, kv = Tiny::kv;
  add("model.embed_tokens.weight", {Tiny::vocab, h});
  for (int i = 0; i < Tiny::layers; ++i) {
    const std::string p = "model.layers." + std::to_string(i) + ".";
    add(p + "input_layernorm.weight", {h});
    add(p + "post_attention_layernorm.weight", {h});
    if (family == "phi3") {
      add(p + "self_attn.qkv_proj.weight", {q + 2 * kv, h});
      add(p + "mlp.gate_up_proj.weight", {2 * f, h});
    } else {
      add(p + "self_attn.q_proj.weight", {q, h});
      add(p + "self_attn.k_proj.weight", {kv, h});
      add(p + "self_attn.v_proj.weight", {kv, h});
      add(p + "mlp.gate_proj.weight", {f, h});
      add(p + "mlp.up_proj.weight", {f, h});
    }
    if (family == "qwen2") {
      add(p + "self_attn.q_proj.bias", {q});
      add(p + "self_attn.k_proj.bias", {kv});
      add(p + "self_attn.v_proj.bias", {kv});
    }
    add(p + "self_attn.o_proj.weight", {h, q});
    add(p + "mlp.down_proj.weight", {h, f});
  }
  add("model.norm.weight", {h});
  if (!tied) add("lm_head.weight", {Tiny::vocab, h});
  return out;
}

/// Writes a tiny HF folder (config.json + model.safetensors) into `folder`.
inline void write_tiny_folder(const fs::path& folder, const std::string& family, bool tied,
                              const std::string& extra_config = "", DType dtype = DType::f32) {
  fs::create_directories(folder);
  write_text(folder / "config.json", tiny_config(family, tied, extra_config));
  workloads::write_safetensors(folder / "model.safetensors", tiny_tensors(family, tied, dtype));
}

/// The tensor of `tensors` named `name` (fails the test when absent).
inline const TensorData& find_tensor(const std::vector<TensorData>& tensors,
                                     const std::string& name) {
  for (const auto& t : tensors)
    if (t.name == name) return t;
  throw std::runtime_error("fixture has no tensor " + name);
}

/// The message of the CheckpointError `f` throws, or "" (and a test failure) when it does not.
template <class F>
std::string checkpoint_error(F&& f) {
  try {
    f();
  } catch (const workloads::CheckpointError& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    return m;
  }
  ADD_FAILURE() << "expected a CheckpointError";
  return "";
}

}  // namespace aimcsim::test
