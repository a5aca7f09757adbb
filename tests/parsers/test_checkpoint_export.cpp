// SPDX-License-Identifier: Apache-2.0
// llama2.c -> HuggingFace export: stories260K written as F32 and BF16 HF folders and read back
// through the safetensors path, tensor by tensor (q/k after undoing HF's RoPE permutation).
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/parsers/test_checkpoint_fixtures.hpp"
#include "tests/support/shared_data.hpp"
#include "workloads/checkpoint/hf_export.hpp"

using namespace aimcsim::workloads;
using namespace aimcsim::test;

TEST(HfExport, RopePermutationMatchesHfConvertScriptOnAHandExample) {
  // One head of 4 rows, one value a row: HF's permute view(1, 2, 2, 1).transpose(1, 2) takes
  // rows 0, 2 (first of each pair) then 1, 3.
  EXPECT_EQ(interleaved_to_half_rows({10, 11, 12, 13}, 1, 4, 1),
            (std::vector<float>{10, 12, 11, 13}));
  // Two heads of 4 rows of 2 values.
  const std::vector<float> rows = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  const std::vector<float> half = interleaved_to_half_rows(rows, 2, 4, 2);
  EXPECT_EQ(half, (std::vector<float>{0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15}));
  EXPECT_EQ(half_to_interleaved_rows(half, 2, 4, 2), rows);
}

class HfExportStories : public ::testing::TestWithParam<DType> {};

TEST_P(HfExportStories, ReloadedFolderHoldsTheSameModel) {
  const auto file = shared_data_file("models/stories260K.bin");
  if (file.empty()) GTEST_SKIP() << shared_data_missing("models/stories260K.bin");
  const DType dtype = GetParam();
  ScratchDir dir;
  const TransformerWeights a = load_checkpoint(file);
  export_hf_checkpoint(a, dir / "hf", dtype);
  const TransformerWeights b = load_checkpoint(dir / "hf");
  const ModelDesc &ma = a.spec.desc, &mb = b.spec.desc;
  EXPECT_EQ(mb.family, ma.family);
  EXPECT_EQ(mb.hidden, ma.hidden);
  EXPECT_EQ(mb.intermediate, ma.intermediate);
  EXPECT_EQ(mb.layers, ma.layers);
  EXPECT_EQ(mb.heads, ma.heads);
  EXPECT_EQ(mb.kv_heads, ma.kv_heads);
  EXPECT_EQ(mb.head_dim, ma.head_dim);
  EXPECT_EQ(mb.vocab, ma.vocab);
  EXPECT_EQ(mb.tied_embeddings, ma.tied_embeddings);
  EXPECT_EQ(mb.attention_bias, ma.attention_bias);
  EXPECT_EQ(mb.activation, ma.activation);
  EXPECT_EQ(b.spec.max_seq_len, a.spec.max_seq_len);
  EXPECT_EQ(b.spec.rms_eps, a.spec.rms_eps);
  EXPECT_EQ(b.spec.rope_theta, a.spec.rope_theta);
  EXPECT_EQ(b.spec.bos_token_id, a.spec.bos_token_id);
  EXPECT_EQ(b.spec.eos_token_id, a.spec.eos_token_id);
  EXPECT_EQ(b.spec.rope_scaling.llama3, a.spec.rope_scaling.llama3);
  EXPECT_TRUE(a.spec.rope_interleaved);
  EXPECT_FALSE(b.spec.rope_interleaved);
  EXPECT_EQ(b.lm_head.weight.data, b.embedding.data);

  // bf16 keeps 8 significant bits: round to nearest is within half an ulp, 2^-8 relative.
  const auto expect_same = [&](const TensorRef& x, const TensorRef& y, std::vector<float> yv) {
    ASSERT_EQ(x.shape, y.shape) << y.name;
    EXPECT_EQ(y.dtype, dtype) << y.name;
    const std::vector<float> xv = x.to_float();
    for (std::size_t i = 0; i < xv.size(); ++i) {
      if (dtype == DType::f32) {
        ASSERT_EQ(yv[i], xv[i]) << y.name << " element " << i;
      } else {
        ASSERT_EQ(yv[i], bfloat16_to_float(float_to_bfloat16(xv[i]))) << y.name << " " << i;
        ASSERT_LE(std::fabs(yv[i] - xv[i]), std::ldexp(std::fabs(xv[i]), -8)) << y.name;
      }
    }
  };
  const auto plain = [&](const TensorRef& x, const TensorRef& y) {
    expect_same(x, y, y.to_float());
  };
  const auto unpermuted = [&](const TensorRef& x, const TensorRef& y, int heads) {
    expect_same(x, y, half_to_interleaved_rows(y.to_float(), heads, mb.head_dim, y.row_size()));
  };
  plain(a.embedding, b.embedding);
  plain(a.final_norm, b.final_norm);
  ASSERT_EQ(a.layers.size(), b.layers.size());
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    const LayerWeights &x = a.layers[i], &y = b.layers[i];
    plain(x.attn_norm, y.attn_norm);
    plain(x.ffn_norm, y.ffn_norm);
    unpermuted(x.q.weight, y.q.weight, ma.heads);
    unpermuted(x.k.weight, y.k.weight, ma.kv_heads);
    plain(x.v.weight, y.v.weight);
    plain(x.o.weight, y.o.weight);
    plain(x.gate.weight, y.gate.weight);
    plain(x.up.weight, y.up.weight);
    plain(x.down.weight, y.down.weight);
  }
  // The permutation moved rows: the stored q differs from the llama2.c one.
  EXPECT_NE(a.layers[0].q.weight.to_float()[64], b.layers[0].q.weight.to_float()[64]);
}

INSTANTIATE_TEST_SUITE_P(Dtypes, HfExportStories, ::testing::Values(DType::f32, DType::bf16),
                         [](const auto& p) { return std::string(dtype_name(p.param)); });
