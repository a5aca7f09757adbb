// SPDX-License-Identifier: Apache-2.0
#include "workloads/model_desc.hpp"

#include <stdexcept>

namespace aimcsim::workloads {

std::vector<LinearShape> block_linears(const ModelDesc& m) {
  std::vector<LinearShape> out;
  if (m.fused_qkv) {
    out.push_back({"qkv_proj", m.hidden, m.q_dim() + 2 * m.kv_dim(), m.attention_bias});
  } else {
    out.push_back({"q_proj", m.hidden, m.q_dim(), m.attention_bias});
    out.push_back({"k_proj", m.hidden, m.kv_dim(), m.attention_bias});
    out.push_back({"v_proj", m.hidden, m.kv_dim(), m.attention_bias});
  }
  out.push_back({"o_proj", m.q_dim(), m.hidden, false});
  if (m.fused_gate_up) {
    out.push_back({"gate_up_proj", m.hidden, 2 * m.intermediate, false});
  } else {
    out.push_back({"gate_proj", m.hidden, m.intermediate, false});
    out.push_back({"up_proj", m.hidden, m.intermediate, false});
  }
  out.push_back({"down_proj", m.intermediate, m.hidden, false});
  return out;
}

LinearShape lm_head_linear(const ModelDesc& m) { return {"lm_head", m.hidden, m.vocab, false}; }

double ModelDesc::parameter_count() const {
  double n = 0;
  for (const auto& l : block_linears(*this)) n += double(l.in) * l.out;
  n *= layers;
  n += double(vocab) * hidden * (tied_embeddings ? 1 : 2);
  return n;
}

void validate(const ModelDesc& m, const std::string& origin) {
  auto need = [&](bool ok, const std::string& key, const std::string& what) {
    if (!ok) throw std::invalid_argument(origin + ": key '" + key + "': expected " + what);
  };
  need(m.hidden > 0, "hidden_size", "a positive integer");
  need(m.intermediate > 0, "intermediate_size", "a positive integer");
  need(m.layers > 0, "num_hidden_layers", "a positive integer");
  need(m.heads > 0, "num_attention_heads", "a positive integer");
  need(m.kv_heads > 0 && m.heads % m.kv_heads == 0, "num_key_value_heads",
       "a positive divisor of num_attention_heads (" + std::to_string(m.heads) + ")");
  need(m.head_dim > 0 && m.head_dim % 2 == 0, "head_dim", "a positive even integer (RoPE pairs)");
  need(m.vocab > 0, "vocab_size", "a positive integer");
  need(m.activation == "silu" || m.activation == "gelu", "hidden_act", "silu or gelu");
}

}  // namespace aimcsim::workloads
