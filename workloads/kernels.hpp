// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "tiles/digital_unit_params.hpp"
#include "tiles/op_counts.hpp"
#include "workloads/model_desc.hpp"

namespace aimcsim::workloads {

/// Operation counts of the digital kernels of a decoder block for `n` tokens. Each function
/// states its count per token; docs/architecture.md lists them.
using tiles::DigitalUnitParams;
using tiles::OpCounts;

/// RMSNorm over d: d MACs (sum of squares), 1 rsqrt, 2d muls (normalise, gain) per token.
/// LayerNorm adds the mean: d adds and d adds (centre) more.
OpCounts norm_ops(const ModelDesc& m, const DigitalUnitParams& du, double n);
/// RoPE on q and k: per pair 4 muls + 2 adds, (heads + kv_heads) x head_dim/2 pairs per token.
OpCounts rope_ops(const ModelDesc& m, const DigitalUnitParams& du, double n);
/// Attention against `context_sum` = sum over the n tokens of their context lengths:
/// QK^T: heads x head_dim MACs per (token, position); softmax: per (token, head, position) max,
/// add (subtract max), exp, add (sum), mul (by 1/sum) plus 1 div per (token, head), and the
/// 1/sqrt(head_dim) scale as a mul; AV: heads x head_dim MACs per (token, position).
/// `heads` < m.heads computes the share of a digital unit that serves some KV groups of the layer
/// (0: all heads).
OpCounts attention_ops(const ModelDesc& m, const DigitalUnitParams& du, double n,
                       double context_sum, double heads = 0);
/// Gated MLP activation: SiLU x*sigmoid(x) = exp, add, div, mul per element, times the up
/// projection (mul); GELU (tanh form) = 1 exp, 1 div, 4 mul, 3 add. Per intermediate element.
OpCounts mlp_activation_ops(const ModelDesc& m, const DigitalUnitParams& du, double n);
/// Residual add of d elements per token.
OpCounts residual_ops(const ModelDesc& m, const DigitalUnitParams& du, double n);
/// Bias add of `width` elements per token.
OpCounts bias_ops(int width, const DigitalUnitParams& du, double n);
/// A linear layer executed digitally: in x out MACs per token.
OpCounts digital_linear_ops(const LinearShape& s, const DigitalUnitParams& du, double n);
/// Greedy sampling: vocab compares per token.
OpCounts sampling_ops(const ModelDesc& m, const DigitalUnitParams& du, double n);

/// Sum of context lengths of `n` consecutive tokens at positions p..p+n-1 (context = position+1).
double causal_context_sum(double first_position, double n);

}  // namespace aimcsim::workloads
