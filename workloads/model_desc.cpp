// SPDX-License-Identifier: Apache-2.0
#include "workloads/model_desc.hpp"

#include <cstdint>
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

double ModelDesc::parameter_count() const { return static_cast<double>(weight_count()); }

std::int64_t ModelDesc::weight_count() const {
  std::int64_t per_layer = 0;
  for (const auto& l : block_linears(*this)) per_layer += std::int64_t{l.in} * l.out;
  return per_layer * layers + std::int64_t{vocab} * hidden * (tied_embeddings ? 1 : 2);
}

void validate(const ModelDesc& m, const std::string& origin) {
  auto need = [&](bool ok, const std::string& key, const std::string& what) {
    if (!ok) throw std::invalid_argument(origin + ": key '" + key + "': expected " + what);
  };
  auto in_range = [&](int v, std::int64_t max, const char* key) {
    need(v > 0 && v <= max, key,
         "an integer in [1, " + std::to_string(max) + "], got " + std::to_string(v));
  };
  // Each field alone first: then every product below is at most 2^48 and cannot overflow.
  in_range(m.hidden, ModelLimits::hidden, "hidden_size");
  in_range(m.intermediate, ModelLimits::intermediate, "intermediate_size");
  in_range(m.layers, ModelLimits::layers, "num_hidden_layers");
  in_range(m.heads, ModelLimits::heads, "num_attention_heads");
  in_range(m.vocab, ModelLimits::vocab, "vocab_size");
  need(m.kv_heads > 0 && m.heads % m.kv_heads == 0, "num_key_value_heads",
       "a positive divisor of num_attention_heads (" + std::to_string(m.heads) + "), got " +
           std::to_string(m.kv_heads));
  need(m.head_dim > 0 && m.head_dim % 2 == 0 && m.head_dim <= ModelLimits::head_dim, "head_dim",
       "a positive even integer (RoPE pairs) <= " + std::to_string(ModelLimits::head_dim) +
           ", got " + std::to_string(m.head_dim));
  const std::int64_t q_width = std::int64_t{m.heads} * m.head_dim;
  need(q_width <= ModelLimits::attention_width, "head_dim",
       "num_attention_heads x head_dim <= " + std::to_string(ModelLimits::attention_width) +
           ", got " + std::to_string(m.heads) + " x " + std::to_string(m.head_dim) + " = " +
           std::to_string(q_width));
  need(m.activation == "silu" || m.activation == "gelu", "hidden_act", "silu or gelu");
  const std::int64_t weights = m.weight_count();
  if (weights > ModelLimits::weights)
    throw std::invalid_argument(
        origin + ": keys 'hidden_size', 'intermediate_size', 'num_hidden_layers', 'vocab_size' "
        "give " + std::to_string(weights) + " weights; expected at most 2^42 = 4.4e12 "
        "(~10x Llama-3.1-405B)");
}

}  // namespace aimcsim::workloads
