// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace aimcsim::workloads {

/// Upper bounds of a model description. Each is several times the largest published dense
/// decoder (Llama-3.1-405B: hidden 16384, intermediate 53248, 126 layers, 128 heads of 128,
/// 4.05e11 weights; vocabularies reach 262144): room for design-space studies, while every
/// product below fits 64-bit integers and every shape fits `int`.
struct ModelLimits {
  static constexpr std::int64_t hidden = 65536;
  static constexpr std::int64_t intermediate = 262144;
  static constexpr std::int64_t layers = 1024;
  static constexpr std::int64_t heads = 1024;
  static constexpr std::int64_t head_dim = 1024;
  static constexpr std::int64_t vocab = 4194304;
  static constexpr std::int64_t context = std::int64_t{1} << 24;  ///< max_position_embeddings
  /// heads x head_dim and kv_heads x head_dim (the q / k / v widths).
  static constexpr std::int64_t attention_width = 262144;
  /// Weights of all linear layers and the embedding: 4.4e12 = 2^42, ~10x Llama-3.1-405B.
  static constexpr std::int64_t weights = std::int64_t{1} << 42;
};

/// A decoder-only transformer as the simulator needs it: shapes, not weights.
struct ModelDesc {
  std::string name;
  std::string family;         ///< llama, phi3 or qwen2
  int hidden = 0;             ///< d_model
  int intermediate = 0;       ///< MLP inner width
  int layers = 0;
  int heads = 0;
  int kv_heads = 0;
  int head_dim = 0;           ///< hidden / heads unless the config says otherwise
  int vocab = 0;
  bool tied_embeddings = false;
  int max_context = 0;  ///< max_position_embeddings [tokens]; 0 = not given
  bool attention_bias = false;  ///< bias on q, k, v projections (Qwen2)
  bool fused_qkv = false;       ///< one qkv_proj matrix (Phi-3)
  bool fused_gate_up = false;   ///< one gate_up_proj matrix (Phi-3)
  std::string activation = "silu";  ///< silu or gelu
  std::string norm = "rmsnorm";     ///< rmsnorm or layernorm

  /// Widths of the q and of the k (or v) projections; validate() has checked that they fit.
  int q_dim() const { return heads * head_dim; }
  int kv_dim() const { return kv_heads * head_dim; }
  /// Weights of all linear layers incl. the LM head (embedding counted once when tied).
  double parameter_count() const;
  /// The same count in exact 64-bit arithmetic, for a model within ModelLimits' per-field bounds.
  std::int64_t weight_count() const;
};

/// A weight matrix of one transformer layer (or the LM head): inputs x outputs.
struct LinearShape {
  std::string name;  ///< q_proj, k_proj, ..., qkv_proj, gate_up_proj, down_proj, lm_head
  int in = 0;
  int out = 0;
  bool has_bias = false;
};

/// The linear layers of one transformer block, in execution order.
std::vector<LinearShape> block_linears(const ModelDesc& m);
/// The LM head (hidden -> vocab).
LinearShape lm_head_linear(const ModelDesc& m);

/// Checks shapes against each other and against ModelLimits, in 64-bit arithmetic so that no
/// field combination overflows; throws std::invalid_argument "origin: key 'name': expected ..."
/// on an impossible or out-of-bounds model.
void validate(const ModelDesc& m, const std::string& origin);

}  // namespace aimcsim::workloads
