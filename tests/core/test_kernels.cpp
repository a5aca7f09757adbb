// SPDX-License-Identifier: Apache-2.0
// Operation counts of the digital kernels (workloads/kernels) for Llama-3.2-1B shapes
// (hidden 2048, 32 heads x 64, 8 kv heads, intermediate 8192, vocab 128256), against the
// per-token formulas of docs/architecture.md, with the default precisions (attention fp16,
// softmax fp32, norm fp32, elementwise fp16).
#include <gtest/gtest.h>

#include "workloads/kernels.hpp"
#include "workloads/model_catalog.hpp"

using namespace aimcsim::workloads;
using aimcsim::tiles::DigitalOp;
using aimcsim::tiles::Precision;

namespace {
const ModelDesc& llama() {
  static const ModelDesc m = load_model("llama-3.2-1b");
  return m;
}
const DigitalUnitParams du{};
}  // namespace

TEST(Kernels, CausalContextSum) {
  EXPECT_EQ(causal_context_sum(0, 4), 10);   // 1 + 2 + 3 + 4
  EXPECT_EQ(causal_context_sum(5, 3), 21);   // 6 + 7 + 8
  EXPECT_EQ(causal_context_sum(511, 1), 512);
  EXPECT_EQ(causal_context_sum(0, 512), 131328);  // 512 x 513 / 2
}

TEST(Kernels, RmsNorm) {
  const auto o = norm_ops(llama(), du, 3);
  EXPECT_EQ(o.get(Precision::fp32, DigitalOp::mac), 3 * 2048);
  EXPECT_EQ(o.get(Precision::fp32, DigitalOp::rsqrt), 3);
  EXPECT_EQ(o.get(Precision::fp32, DigitalOp::mul), 3 * 2 * 2048);
  EXPECT_EQ(o.get(Precision::fp32, DigitalOp::add), 0);
}

TEST(Kernels, Rope) {
  // (32 + 8) heads x 32 pairs = 1280 pairs: 4 muls and 2 adds each.
  const auto o = rope_ops(llama(), du, 2);
  EXPECT_EQ(o.get(Precision::fp16, DigitalOp::mul), 2 * 4 * 1280);
  EXPECT_EQ(o.get(Precision::fp16, DigitalOp::add), 2 * 2 * 1280);
}

TEST(Kernels, AttentionOneDecodeToken) {
  // One token at context 100: QK^T and AV = 2 x 100 x 32 x 64 = 409600 MACs; softmax per
  // (head, position): 2 mul, 1 max, 2 add, 1 exp; 1 div per head.
  const auto o = attention_ops(llama(), du, 1, 100);
  EXPECT_EQ(o.get(Precision::fp16, DigitalOp::mac), 409600);
  EXPECT_EQ(o.get(Precision::fp32, DigitalOp::mul), 6400);
  EXPECT_EQ(o.get(Precision::fp32, DigitalOp::max), 3200);
  EXPECT_EQ(o.get(Precision::fp32, DigitalOp::add), 6400);
  EXPECT_EQ(o.get(Precision::fp32, DigitalOp::exp), 3200);
  EXPECT_EQ(o.get(Precision::fp32, DigitalOp::div), 32);
  EXPECT_EQ(o.arithmetic_ops(), 2 * 409600 + 6400 + 3200 + 6400 + 3200 + 32);
}

TEST(Kernels, SiluMlpActivation) {
  // Per intermediate element: exp, add, div, mul (SiLU) + mul (gate x up).
  const auto o = mlp_activation_ops(llama(), du, 2);
  const double e = 2 * 8192;
  EXPECT_EQ(o.get(Precision::fp16, DigitalOp::exp), e);
  EXPECT_EQ(o.get(Precision::fp16, DigitalOp::add), e);
  EXPECT_EQ(o.get(Precision::fp16, DigitalOp::div), e);
  EXPECT_EQ(o.get(Precision::fp16, DigitalOp::mul), 2 * e);
}

TEST(Kernels, ResidualBiasSamplingAndDigitalLinear) {
  EXPECT_EQ(residual_ops(llama(), du, 5).get(Precision::fp16, DigitalOp::add), 5 * 2048);
  EXPECT_EQ(bias_ops(512, du, 3).get(Precision::fp16, DigitalOp::add), 1536);
  EXPECT_EQ(sampling_ops(llama(), du, 1).get(Precision::fp16, DigitalOp::max), 128256);
  // Digital LM head, one token: 2048 x 128256 = 262668288 MACs.
  const auto o = digital_linear_ops(lm_head_linear(llama()), du, 1);
  EXPECT_EQ(o.get(Precision::fp16, DigitalOp::mac), 262668288.0);
}
