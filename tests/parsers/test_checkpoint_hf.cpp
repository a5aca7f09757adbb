// SPDX-License-Identifier: Apache-2.0
// HuggingFace folders of the three families (tiny synthetic models written by the project's
// writer): what arrives in TransformerWeights against the tensors written, the forward-pass keys
// of config.json, sharded checkpoints, and every refusal naming file, tensor or key.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/parsers/test_checkpoint_fixtures.hpp"
#include "workloads/checkpoint/loaders.hpp"

using namespace aimcsim::workloads;
using namespace aimcsim::test;

namespace {

std::vector<float> rows(const std::vector<float>& v, std::int64_t first, std::int64_t count,
                        std::int64_t row_size) {
  return {v.begin() + first * row_size, v.begin() + (first + count) * row_size};
}

/// Writes a tiny folder whose tensors are `tensors` (edited by the caller).
void write_folder(const fs::path& folder, const std::string& config,
                  const std::vector<TensorData>& tensors) {
  fs::create_directories(folder);
  write_text(folder / "config.json", config);
  write_safetensors(folder / "model.safetensors", tensors);
}

}  // namespace

TEST(HfCheckpoint, LlamaTensorsAndForwardPassKeysArrive) {
  ScratchDir dir;
  write_tiny_folder(dir / "llama", "llama", false);
  const auto written = tiny_tensors("llama", false);
  const TransformerWeights w = load_checkpoint(dir / "llama");
  EXPECT_EQ(w.format, "safetensors");
  EXPECT_EQ(w.spec.desc.family, "llama");
  EXPECT_FALSE(w.spec.desc.tied_embeddings);
  EXPECT_FALSE(w.spec.rope_interleaved);
  EXPECT_DOUBLE_EQ(w.spec.rms_eps, 1e-6);
  EXPECT_DOUBLE_EQ(w.spec.rope_theta, 500000.0);
  EXPECT_EQ(w.spec.max_seq_len, 64);
  EXPECT_EQ(w.spec.bos_token_id, 1);
  EXPECT_EQ(w.spec.eos_token_id, 2);  // the first of [2, 3]
  EXPECT_FALSE(w.spec.rope_scaling.llama3);
  ASSERT_EQ(w.layers.size(), 2u);
  const auto same = [&](const TensorRef& t, const std::string& name) {
    EXPECT_EQ(t.name, name);
    EXPECT_EQ(t.shape, find_tensor(written, name).shape) << name;
    EXPECT_EQ(t.to_float(), find_tensor(written, name).values) << name;
  };
  same(w.embedding, "model.embed_tokens.weight");
  same(w.final_norm, "model.norm.weight");
  same(w.lm_head.weight, "lm_head.weight");
  const LayerWeights& l = w.layers[1];
  same(l.attn_norm, "model.layers.1.input_layernorm.weight");
  same(l.ffn_norm, "model.layers.1.post_attention_layernorm.weight");
  same(l.q.weight, "model.layers.1.self_attn.q_proj.weight");
  same(l.k.weight, "model.layers.1.self_attn.k_proj.weight");
  same(l.v.weight, "model.layers.1.self_attn.v_proj.weight");
  same(l.o.weight, "model.layers.1.self_attn.o_proj.weight");
  same(l.gate.weight, "model.layers.1.mlp.gate_proj.weight");
  same(l.up.weight, "model.layers.1.mlp.up_proj.weight");
  same(l.down.weight, "model.layers.1.mlp.down_proj.weight");
  EXPECT_TRUE(l.q.bias.empty());
  EXPECT_TRUE(l.q.input_ranges.empty());
  EXPECT_EQ(l.q.input_range_slice, 0);
}

TEST(HfCheckpoint, TiedEmbeddingsUseTheEmbeddingAsLmHeadEvenWhenACopyIsStored) {
  ScratchDir dir;
  write_tiny_folder(dir / "tied", "llama", true);
  const TransformerWeights w = load_checkpoint(dir / "tied");
  EXPECT_EQ(w.lm_head.weight.data, w.embedding.data);
  // A stored lm_head.weight (some exporters keep it) is shape-checked and not read.
  auto tensors = tiny_tensors("llama", true);
  tensors.push_back({"lm_head.weight",
                     DType::f32,
                     {Tiny::vocab, Tiny::hidden},
                     pattern(Tiny::vocab * Tiny::hidden, 99)});
  write_folder(dir / "copy", tiny_config("llama", true), tensors);
  const TransformerWeights c = load_checkpoint(dir / "copy");
  EXPECT_EQ(c.lm_head.weight.data, c.embedding.data);
  tensors.back().shape = {Tiny::hidden, Tiny::vocab};
  write_folder(dir / "bad", tiny_config("llama", true), tensors);
  const std::string m = checkpoint_error([&] { load_checkpoint(dir / "bad"); });
  EXPECT_NE(m.find("tensor 'lm_head.weight': expected shape [16, 8], got [8, 16]"),
            std::string::npos)
      << m;
}

TEST(HfCheckpoint, Llama3RopeScalingIsRead) {
  ScratchDir dir;
  write_tiny_folder(dir / "l3", "llama", true,
                    ", \"rope_scaling\": {\"factor\": 32.0, \"high_freq_factor\": 4.0, "
                    "\"low_freq_factor\": 1.0, \"original_max_position_embeddings\": 8192, "
                    "\"rope_type\": \"llama3\"}");
  const TransformerWeights w = load_checkpoint(dir / "l3");
  EXPECT_TRUE(w.spec.rope_scaling.llama3);
  EXPECT_DOUBLE_EQ(w.spec.rope_scaling.factor, 32.0);
  EXPECT_DOUBLE_EQ(w.spec.rope_scaling.low_freq_factor, 1.0);
  EXPECT_DOUBLE_EQ(w.spec.rope_scaling.high_freq_factor, 4.0);
  EXPECT_DOUBLE_EQ(w.spec.rope_scaling.original_max_position, 8192);
}

TEST(HfCheckpoint, Phi3FusedMatricesAreSplitIntoRowViews) {
  ScratchDir dir;
  write_tiny_folder(dir / "phi3", "phi3", false, ", \"sliding_window\": 2047");
  const auto written = tiny_tensors("phi3", false);
  const TransformerWeights w = load_checkpoint(dir / "phi3");
  EXPECT_EQ(w.spec.sliding_window, 2047);
  const LayerWeights& l = w.layers[0];
  const auto qkv = find_tensor(written, "model.layers.0.self_attn.qkv_proj.weight").values;
  const auto gate_up = find_tensor(written, "model.layers.0.mlp.gate_up_proj.weight").values;
  const std::int64_t h = Tiny::hidden;
  EXPECT_EQ(l.q.weight.shape, (std::vector<std::int64_t>{Tiny::q, h}));
  EXPECT_EQ(l.k.weight.shape, (std::vector<std::int64_t>{Tiny::kv, h}));
  EXPECT_EQ(l.q.weight.to_float(), rows(qkv, 0, Tiny::q, h));
  EXPECT_EQ(l.k.weight.to_float(), rows(qkv, Tiny::q, Tiny::kv, h));
  EXPECT_EQ(l.v.weight.to_float(), rows(qkv, Tiny::q + Tiny::kv, Tiny::kv, h));
  EXPECT_EQ(l.gate.weight.to_float(), rows(gate_up, 0, Tiny::ffn, h));
  EXPECT_EQ(l.up.weight.to_float(), rows(gate_up, Tiny::ffn, Tiny::ffn, h));
  EXPECT_EQ(l.v.weight.name, "model.layers.0.self_attn.qkv_proj.weight[v]");
  EXPECT_DOUBLE_EQ(w.spec.rms_eps, 1e-6);
}

TEST(HfCheckpoint, Qwen2CarriesQkvBiases) {
  ScratchDir dir;
  write_tiny_folder(dir / "qwen", "qwen2", true, ", \"use_sliding_window\": false");
  const auto written = tiny_tensors("qwen2", true);
  const TransformerWeights w = load_checkpoint(dir / "qwen");
  const LayerWeights& l = w.layers[1];
  EXPECT_EQ(l.q.bias.to_float(),
            find_tensor(written, "model.layers.1.self_attn.q_proj.bias").values);
  EXPECT_EQ(l.k.bias.to_float(),
            find_tensor(written, "model.layers.1.self_attn.k_proj.bias").values);
  EXPECT_EQ(l.v.bias.to_float(),
            find_tensor(written, "model.layers.1.self_attn.v_proj.bias").values);
  EXPECT_TRUE(l.o.bias.empty());
  EXPECT_EQ(w.lm_head.weight.data, w.embedding.data);
}

TEST(HfCheckpoint, Bf16AndF16TensorsReadAsTheirRoundedValues) {
  ScratchDir dir;
  for (const DType t : {DType::bf16, DType::f16}) {
    const fs::path folder = dir / dtype_name(t);
    write_tiny_folder(folder, "llama", true, "", t);
    const TransformerWeights w = load_checkpoint(folder);
    const auto exact =
        find_tensor(tiny_tensors("llama", true), "model.layers.0.mlp.down_proj.weight");
    const std::vector<float> got = w.layers[0].down.weight.to_float();
    EXPECT_EQ(w.layers[0].down.weight.dtype, t);
    for (std::size_t i = 0; i < got.size(); ++i)
      EXPECT_EQ(got[i], t == DType::bf16 ? bfloat16_to_float(float_to_bfloat16(exact.values[i]))
                                         : half_to_float(float_to_half(exact.values[i])));
  }
}

TEST(HfCheckpoint, MixedDtypesAreAccepted) {
  ScratchDir dir;
  auto tensors = tiny_tensors("llama", false);
  const DType kinds[] = {DType::f32, DType::bf16, DType::f16};
  for (std::size_t i = 0; i < tensors.size(); ++i) tensors[i].dtype = kinds[i % 3];
  write_folder(dir / "mixed", tiny_config("llama", false), tensors);
  const TransformerWeights w = load_checkpoint(dir / "mixed");
  EXPECT_EQ(w.embedding.dtype, DType::f32);
  EXPECT_EQ(w.layers[0].attn_norm.dtype, DType::bf16);
  EXPECT_EQ(w.layers[0].ffn_norm.dtype, DType::f16);
}

TEST(HfCheckpoint, MissingOrMisshapenTensorsAreNamedWithTheExpectedShape) {
  ScratchDir dir;
  auto tensors = tiny_tensors("llama", false);
  tensors.erase(std::find_if(tensors.begin(), tensors.end(), [](const TensorData& t) {
    return t.name == "model.layers.1.self_attn.k_proj.weight";
  }));
  write_folder(dir / "missing", tiny_config("llama", false), tensors);
  std::string m = checkpoint_error([&] { load_checkpoint(dir / "missing"); });
  EXPECT_NE(m.find("model.safetensors: tensor 'model.layers.1.self_attn.k_proj.weight' is "
                   "missing; expected shape [4, 8]"),
            std::string::npos)
      << m;
  tensors = tiny_tensors("llama", false);
  for (auto& t : tensors)
    if (t.name == "model.layers.0.mlp.up_proj.weight") t.shape = {Tiny::hidden, Tiny::ffn};
  write_folder(dir / "shape", tiny_config("llama", false), tensors);
  m = checkpoint_error([&] { load_checkpoint(dir / "shape"); });
  EXPECT_NE(m.find("model.safetensors: tensor 'model.layers.0.mlp.up_proj.weight': expected "
                   "shape [12, 8], got [8, 12]"),
            std::string::npos)
      << m;
  // A tensor of an integer dtype where a weight is expected.
  tensors = tiny_tensors("llama", false);
  write_folder(dir / "dtype", tiny_config("llama", false), tensors);
  auto bytes = read_bytes(dir / "dtype" / "model.safetensors");
  const auto at = bytes.find(R"("model.norm.weight":{"dtype":"F32")");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(bytes.find("F32", at), 3, "I32");
  write_text(dir / "dtype" / "model.safetensors", bytes);
  m = checkpoint_error([&] { load_checkpoint(dir / "dtype"); });
  EXPECT_NE(m.find("tensor 'model.norm.weight': dtype I32 is not supported"), std::string::npos)
      << m;
}

TEST(HfCheckpoint, UnknownTensorsAreRefusedAndTrainingBuffersIgnored) {
  ScratchDir dir;
  auto tensors = tiny_tensors("llama", false);
  tensors.push_back({"model.layers.0.self_attn.rotary_emb.inv_freq", DType::f32, {2}, {1, 2}});
  tensors.push_back({"model.layers.0.self_attn.q_proj.x_min", DType::f32, {1}, {-1}});
  tensors.push_back({"model.layers.0.self_attn.q_proj.x_max", DType::f32, {1}, {1}});
  tensors.push_back(
      {"model.layers.0.self_attn.q_proj.input_range_update_idx", DType::f32, {1}, {5}});
  write_folder(dir / "buffers", tiny_config("llama", false), tensors);
  EXPECT_NO_THROW(load_checkpoint(dir / "buffers"));
  tensors.push_back({"model.layers.0.self_attn.o_proj.bias", DType::f32, {8}, pattern(8, 1)});
  write_folder(dir / "extra", tiny_config("llama", false), tensors);
  const std::string m = checkpoint_error([&] { load_checkpoint(dir / "extra"); });
  EXPECT_NE(m.find("tensor 'model.layers.0.self_attn.o_proj.bias' is not part of a llama model "
                   "with this config.json"),
            std::string::npos)
      << m;
}

TEST(HfCheckpoint, ConfigKeysTheRunnerCannotComputeAreRefused) {
  ScratchDir dir;
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"gpt2", "", "key 'model_type': expected llama, phi3 or qwen2, got \"gpt2\""},
      {"phi3",
       ", \"rope_scaling\": {\"type\": \"longrope\", \"long_factor\": [1], "
       "\"short_factor\": [1]}",
       "key 'rope_scaling.type': 'longrope' RoPE scaling is not supported for phi3"},
      {"phi3", ", \"rope_scaling\": {\"type\": \"su\"}", "key 'rope_scaling.type': 'su'"},
      {"phi3", ", \"partial_rotary_factor\": 0.5", "key 'partial_rotary_factor': expected 1"},
      {"llama", ", \"rope_scaling\": {\"rope_type\": \"yarn\", \"factor\": 4.0}",
       "key 'rope_scaling.rope_type': 'yarn'"},
      {"llama", ", \"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": -1}",
       "key 'rope_scaling.factor': expected a number in (0"},
      {"qwen2", ", \"use_sliding_window\": true", "key 'use_sliding_window': expected false"},
      {"llama", ", \"rms_norm_eps\": \"small\"", "key 'rms_norm_eps': expected a number"},
      {"llama", ", \"eos_token_id\": 99", "key 'eos_token_id': expected an integer in [0, 15]"},
      {"llama", ", \"afm_max_input_size\": 0", "key 'afm_max_input_size': expected -1 (one"},
      {"llama", ", \"afm_max_input_size\": -2", "key 'afm_max_input_size': expected -1 (one"},
      {"llama", ", \"afm_max_input_size\": 18446744073709551615",
       "key 'afm_max_input_size': expected -1 (one"},
  };
  for (const auto& [family, extra, expected] : cases) {
    const std::string fam = family == "gpt2" ? "llama" : family;
    std::string config = tiny_config(fam, false, extra);
    if (family == "gpt2") config.replace(config.find("\"llama\""), 7, "\"gpt2\"");
    // A key tiny_config already holds is removed first (repeated keys are refused).
    for (const char* key : {"\"eos_token_id\": [2, 3], ", "\"rms_norm_eps\": 1e-06, "})
      if (extra.find(std::string(key).substr(0, std::string(key).find(':'))) != std::string::npos)
        config.replace(config.find(key), std::string(key).size(), "");
    write_folder(dir / "c", config, tiny_tensors(fam, false));
    const std::string m = checkpoint_error([&] { load_checkpoint(dir / "c"); });
    EXPECT_NE(m.find("config.json: " + expected), std::string::npos) << m;
  }
}

TEST(HfCheckpoint, ShardedFoldersFollowTheIndex) {
  ScratchDir dir;
  const fs::path f = dir / "sharded";
  fs::create_directories(f);
  write_text(f / "config.json", tiny_config("llama", false));
  auto tensors = tiny_tensors("llama", false);
  const std::size_t half = tensors.size() / 2;
  const std::vector<TensorData> a(tensors.begin(), tensors.begin() + static_cast<long>(half)),
      b(tensors.begin() + static_cast<long>(half), tensors.end());
  write_safetensors(f / "model-00001-of-00002.safetensors", a);
  write_safetensors(f / "model-00002-of-00002.safetensors", b);
  const auto index = [&](const std::string& first_shard_name) {
    std::string map;
    for (std::size_t i = 0; i < tensors.size(); ++i)
      map += (i ? "," : "") +
             ("\"" + tensors[i].name + "\": \"" +
              (i < half ? first_shard_name : "model-00002-of-00002.safetensors") + "\"");
    return "{\"metadata\": {\"total_size\": 1}, \"weight_map\": {" + map + "}}";
  };
  write_text(f / "model.safetensors.index.json", index("model-00001-of-00002.safetensors"));
  const TransformerWeights w = load_checkpoint(f);
  EXPECT_EQ(w.layers[1].down.weight.to_float(),
            find_tensor(tensors, "model.layers.1.mlp.down_proj.weight").values);
  EXPECT_EQ(w.embedding.to_float(), find_tensor(tensors, "model.embed_tokens.weight").values);

  write_text(f / "model.safetensors.index.json", index("../elsewhere.safetensors"));
  std::string m = checkpoint_error([&] { load_checkpoint(f); });
  EXPECT_NE(m.find("model.safetensors.index.json: key 'weight_map.model.embed_tokens.weight': "
                   "shard '../elsewhere.safetensors'; expected a file name inside the folder"),
            std::string::npos)
      << m;
  write_text(f / "model.safetensors.index.json", index("model-00002-of-00002.safetensors"));
  m = checkpoint_error([&] { load_checkpoint(f); });
  EXPECT_NE(m.find("is listed in model-00002-of-00002.safetensors, which does not hold it"),
            std::string::npos)
      << m;
  write_text(f / "model.safetensors.index.json", index("gone.safetensors"));
  m = checkpoint_error([&] { load_checkpoint(f); });
  EXPECT_NE(m.find("gone.safetensors: cannot open"), std::string::npos) << m;
}

TEST(HfCheckpoint, ALoneSafetensorsFileIsReadWithTheConfigBesideIt) {
  ScratchDir dir;
  write_tiny_folder(dir / "m", "qwen2", false);
  const TransformerWeights w = load_checkpoint(dir / "m" / "model.safetensors");
  EXPECT_EQ(w.spec.desc.family, "qwen2");
  fs::remove(dir / "m" / "config.json");
  const std::string m = checkpoint_error([&] { load_checkpoint(dir / "m" / "model.safetensors"); });
  EXPECT_NE(m.find("model.safetensors: a safetensors file needs the config.json of its model"),
            std::string::npos)
      << m;
}
