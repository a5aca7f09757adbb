// SPDX-License-Identifier: Apache-2.0
// Analog Foundation Models checkpoints: a tiny AFM-style state dict written with PyTorch (as
// AIHWKIT-Lightning's AnalogLinear stores it: weight, input_range per input slice, and the
// training buffers input_range_update_idx / x_min / x_max), converted by
// scripts/convert-afm-checkpoint.py and loaded; every linear's ranges must arrive. Skipped when
// /usr/bin/python3 cannot import torch. The loader's own checks of the ranges use files written
// by the C++ writer and always run.
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include <sys/wait.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/parsers/test_checkpoint_fixtures.hpp"
#include "workloads/checkpoint/loaders.hpp"

using namespace aimcsim::workloads;
using namespace aimcsim::test;

namespace {

/// Exit code of `command` (stdout and stderr into `log`).
int run(const std::string& command, const fs::path& log) {
  const int status = std::system((command + " >" + log.string() + " 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool torch_available() {
  return std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") == 0;
}

// The tiny AFM-style state dict of tests/support/afm_state_dict.py (Llama, hidden 8,
// intermediate 12, 2 layers, vocabulary 16): by default tied, two shards and an rpu_config
// with max_input_size 4; with --single one untied pytorch_model.bin with one range per layer.
std::string generator() {
  return "/usr/bin/python3 " + std::string(AIMCSIM_SOURCE_DIR) + "/tests/support/afm_state_dict.py";
}

}  // namespace

TEST(AfmCheckpoint, ConvertedStateDictDeliversEveryLinearsInputRanges) {
  if (!torch_available())
    GTEST_SKIP() << "/usr/bin/python3 cannot import torch (Debian package "
                    "python3-torch); the AFM converter cannot run";
  ScratchDir dir;
  ASSERT_EQ(run(generator() + " " + (dir / "afm").string(),
                dir / "gen.log"),
            0)
      << read_bytes(dir / "gen.log");
  const std::string converter =
      std::string(AIMCSIM_SOURCE_DIR) + "/scripts/convert-afm-checkpoint.py";
  // The state dict itself is refused with the converter to run.
  std::string m = checkpoint_error([&] { load_checkpoint(dir / "afm"); });
  EXPECT_NE(m.find("convert-afm-checkpoint.py"), std::string::npos) << m;
  ASSERT_EQ(run("/usr/bin/python3 " + converter + " " + (dir / "afm").string() + " " +
                    (dir / "out").string(),
                dir / "conv.log"),
            0)
      << read_bytes(dir / "conv.log");
  const auto expected = nlohmann::json::parse(read_bytes(dir / "afm" / "expected.json"));
  const auto config = nlohmann::json::parse(read_bytes(dir / "out" / "config.json"));
  EXPECT_EQ(config.at("afm_max_input_size"), 4);  // from rpu_config

  const TransformerWeights w = load_checkpoint(dir / "out");
  const auto check = [&](const LinearWeights& l, const std::string& name) {
    const std::vector<float> want = expected.at("ranges").at(name).get<std::vector<float>>();
    EXPECT_EQ(l.input_ranges, want) << name;
    EXPECT_EQ(l.input_range_slice, 4) << name;
    if (name != "lm_head") {
      EXPECT_EQ(l.weight.to_float(),
                expected.at("tensors").at(name + ".weight").get<std::vector<float>>())
          << name;
    }
  };
  int checked = 0;
  for (int i = 0; i < 2; ++i) {
    const LayerWeights& l = w.layers[static_cast<std::size_t>(i)];
    const std::string p = "model.layers." + std::to_string(i) + ".";
    const std::pair<const LinearWeights*, const char*> linears[] = {
        {&l.q, "self_attn.q_proj"}, {&l.k, "self_attn.k_proj"}, {&l.v, "self_attn.v_proj"},
        {&l.o, "self_attn.o_proj"}, {&l.gate, "mlp.gate_proj"}, {&l.up, "mlp.up_proj"},
        {&l.down, "mlp.down_proj"}};
    for (const auto& [lin, name] : linears) check(*lin, p + name), ++checked;
    EXPECT_EQ(l.down.input_ranges.size(), 3u);  // ceil(12 / 4)
  }
  check(w.lm_head, "lm_head");
  EXPECT_EQ(checked + 1, 15);
  EXPECT_EQ(w.lm_head.weight.data, w.embedding.data);
  EXPECT_EQ(w.embedding.to_float(),
            expected.at("tensors").at("model.embed_tokens.weight").get<std::vector<float>>());

  // An explicit max_input_size that contradicts the stored range counts is refused.
  EXPECT_EQ(run("/usr/bin/python3 " + converter + " " + (dir / "afm").string() + " " +
                    (dir / "out2").string() + " --max-input-size 8",
                dir / "bad.log"),
            2);
  EXPECT_NE(read_bytes(dir / "bad.log").find("expected 1 = ceil(8 inputs / max_input_size 8)"),
            std::string::npos)
      << read_bytes(dir / "bad.log");
}

TEST(AfmCheckpoint, OneRangePerLayerWithoutRpuConfigAndShardedOutput) {
  if (!torch_available())
    GTEST_SKIP() << "/usr/bin/python3 cannot import torch (Debian package "
                    "python3-torch); the AFM converter cannot run";
  ScratchDir dir;
  ASSERT_EQ(run(generator() + " " + (dir / "afm").string() + " --single",
                dir / "gen.log"),
            0)
      << read_bytes(dir / "gen.log");
  const std::string converter =
      std::string(AIMCSIM_SOURCE_DIR) + "/scripts/convert-afm-checkpoint.py";
  // --shard-bytes 1000: the 4-byte weights of this model fill several shards and an index.
  ASSERT_EQ(run("/usr/bin/python3 " + converter + " " + (dir / "afm").string() + " " +
                    (dir / "out").string() + " --shard-bytes 1000",
                dir / "conv.log"),
            0)
      << read_bytes(dir / "conv.log");
  ASSERT_TRUE(fs::exists(dir / "out" / "model.safetensors.index.json"));
  std::set<std::string> shards;
  const auto index =
      nlohmann::json::parse(read_bytes(dir / "out" / "model.safetensors.index.json"));
  for (const auto& [name, shard] : index.at("weight_map").items())
    shards.insert(shard.get<std::string>());
  EXPECT_GT(shards.size(), 1u);
  EXPECT_FALSE(fs::exists(dir / "out" / "model.safetensors"));
  const auto config = nlohmann::json::parse(read_bytes(dir / "out" / "config.json"));
  EXPECT_EQ(config.at("afm_max_input_size"), -1);  // inferred: one range per layer
  const auto expected = nlohmann::json::parse(read_bytes(dir / "afm" / "expected.json"));
  const TransformerWeights w = load_checkpoint(dir / "out");
  EXPECT_EQ(w.layers[1].down.input_ranges,
            expected.at("ranges").at("model.layers.1.mlp.down_proj").get<std::vector<float>>());
  EXPECT_EQ(w.layers[1].down.input_range_slice, 12);  // the whole input of down_proj
  EXPECT_EQ(w.layers[0].q.input_range_slice, 8);
  EXPECT_EQ(w.lm_head.input_ranges, expected.at("ranges").at("lm_head").get<std::vector<float>>());
  EXPECT_EQ(w.lm_head.weight.to_float(),
            expected.at("tensors").at("lm_head.weight").get<std::vector<float>>());

  // Learned weight clipping changes the forward pass: refused by name.
  write_text(dir / "clip.py",
             "import sys, torch\n"
             "p = sys.argv[1] + '/pytorch_model.bin'\n"
             "sd = torch.load(p, weights_only=True)\n"
             "sd['model.layers.0.mlp.up_proj.learnable_weight_clip'] = torch.ones(1, 12)\n"
             "torch.save(sd, p)\n");
  ASSERT_EQ(run("/usr/bin/python3 " + (dir / "clip.py").string() + " " + (dir / "afm").string(),
                dir / "clip.log"),
            0)
      << read_bytes(dir / "clip.log");
  EXPECT_EQ(run("/usr/bin/python3 " + converter + " " + (dir / "afm").string() + " " +
                    (dir / "out3").string(),
                dir / "bad.log"),
            2);
  EXPECT_NE(read_bytes(dir / "bad.log")
                .find("model.layers.0.mlp.up_proj.learnable_weight_clip: "
                      "learned weight clipping"),
            std::string::npos)
      << read_bytes(dir / "bad.log");
}

TEST(AfmCheckpoint, LoaderChecksRangeCountsValuesAndTheConfigKey) {
  ScratchDir dir;
  // Phi-3 fused: the qkv ranges belong to q, k and v alike (one input).
  auto tensors = tiny_tensors("phi3", true);
  tensors.push_back(
      {"model.layers.0.self_attn.qkv_proj.input_range", DType::f32, {2}, {1.5f, 2.5f}});
  tensors.push_back({"model.layers.1.mlp.down_proj.input_range", DType::bf16, {3}, {1, 2, 3}});
  fs::create_directories(dir / "phi");
  write_text(dir / "phi" / "config.json", tiny_config("phi3", true, ", \"afm_max_input_size\": 5"));
  write_safetensors(dir / "phi" / "model.safetensors", tensors);
  const TransformerWeights w = load_checkpoint(dir / "phi");
  for (const LinearWeights* l : {&w.layers[0].q, &w.layers[0].k, &w.layers[0].v}) {
    EXPECT_EQ(l->input_ranges, (std::vector<float>{1.5f, 2.5f}));
    EXPECT_EQ(l->input_range_slice, 5);
  }
  EXPECT_EQ(w.layers[1].down.input_ranges, (std::vector<float>{1, 2, 3}));  // ceil(12 / 5)
  EXPECT_TRUE(w.layers[1].q.input_ranges.empty());

  // -1: one range for the whole input; the slice is the layer's input width.
  write_text(dir / "phi" / "config.json",
             tiny_config("phi3", true, ", \"afm_max_input_size\": -1"));
  tensors.resize(tensors.size() - 2);
  tensors.push_back({"model.layers.0.mlp.down_proj.input_range", DType::f32, {1}, {4.0f}});
  write_safetensors(dir / "phi" / "model.safetensors", tensors);
  const TransformerWeights one = load_checkpoint(dir / "phi");
  EXPECT_EQ(one.layers[0].down.input_range_slice, Tiny::ffn);

  const auto error_with = [&](const std::string& config_extra, const std::vector<float>& values) {
    auto t = tiny_tensors("llama", true);
    t.push_back({"model.layers.1.self_attn.o_proj.input_range",
                 DType::f32,
                 {static_cast<std::int64_t>(values.size())},
                 values});
    fs::create_directories(dir / "l");
    write_text(dir / "l" / "config.json", tiny_config("llama", true, config_extra));
    write_safetensors(dir / "l" / "model.safetensors", t);
    return checkpoint_error([&] { load_checkpoint(dir / "l"); });
  };
  std::string m = error_with(", \"afm_max_input_size\": 4", {1, 2, 3});
  EXPECT_NE(m.find("model.safetensors: tensor 'model.layers.1.self_attn.o_proj.input_range': "
                   "expected shape [2] (ceil(8 inputs / max_input_size 4))"),
            std::string::npos)
      << m;
  m = error_with(", \"afm_max_input_size\": 4", {1, 0});
  EXPECT_NE(m.find("element 1 is 0; expected a finite positive input range"), std::string::npos)
      << m;
  m = error_with("", {1, 2});
  EXPECT_NE(m.find("config.json: key 'afm_max_input_size': missing"), std::string::npos) << m;
}

TEST(AfmCheckpoint, SliceSizesFollowAihwkitLightning) {
  EXPECT_EQ(afm_input_slice_sizes(100, 2), (std::vector<int>{50, 50}));
  EXPECT_EQ(afm_input_slice_sizes(10, 3), (std::vector<int>{4, 3, 3}));
  EXPECT_EQ(afm_input_slice_sizes(3072, 6), (std::vector<int>(6, 512)));
  EXPECT_EQ(afm_input_slice_sizes(7, 1), (std::vector<int>{7}));
  EXPECT_THROW(afm_input_slice_sizes(3, 4), std::invalid_argument);
}
