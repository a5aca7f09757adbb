// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

namespace aimcsim::workloads {

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
  bool attention_bias = false;  ///< bias on q, k, v projections (Qwen2)
  bool fused_qkv = false;       ///< one qkv_proj matrix (Phi-3)
  bool fused_gate_up = false;   ///< one gate_up_proj matrix (Phi-3)
  std::string activation = "silu";  ///< silu or gelu
  std::string norm = "rmsnorm";     ///< rmsnorm or layernorm

  int q_dim() const { return heads * head_dim; }
  int kv_dim() const { return kv_heads * head_dim; }
  /// Weights of all linear layers incl. the LM head (embedding counted once when tied).
  double parameter_count() const;
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

/// Checks shapes; throws std::invalid_argument naming the field on an impossible model.
void validate(const ModelDesc& m, const std::string& origin);

}  // namespace aimcsim::workloads
