// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The forward pass of a Llama-family decoder (RMSNorm, RoPE, grouped-query attention with a
/// KV cache, SwiGLU MLP) in float32, its linear layers delegated to a LinearExecutor (host
/// float32 or the analog tiles). Semantics: llama2.c run.c and HF LlamaForCausalLM.

#include <vector>

#include "workloads/runner/float_weights.hpp"
#include "workloads/runner/linear_executor.hpp"

namespace aimcsim::workloads {

/// One sequence at a time; a window of tokens is processed as one batch (every linear a GEMM
/// through the executor), as a prefill does.
class TransformerRunner {
 public:
  /// `max_positions`: the KV cache's length (tokens of the longest sequence).
  TransformerRunner(const FloatWeights& weights, LinearExecutor& linears, int max_positions);

  /// Starts a new sequence: positions restart at 0, the KV cache is emptied.
  void reset() { m_pos = 0; }
  int position() const noexcept { return m_pos; }
  int vocab() const noexcept { return m_vocab; }

  /// Runs `n` tokens at positions position() .. position() + n - 1 and advances. Writes the
  /// logits of every position ([n x vocab]) when `all_logits`, else of the last one ([vocab]).
  /// Throws std::invalid_argument for a token outside the vocabulary or past max_positions.
  void forward(const int* tokens, int n, bool all_logits, float* logits);

 private:
  void linear(LinearKind kind, int layer, const float* x, int n, float* y);
  void rope(float* v, int n, int heads) const;
  void attention(int layer, int n);
  void rmsnorm(const float* x, const float* weight, int n, float* out) const;

  const FloatWeights& m_w;
  LinearExecutor& m_linears;
  int m_max_positions;
  int m_vocab, m_dim, m_hidden, m_layers, m_heads, m_kv_heads, m_head_dim;
  int m_pos = 0;
  std::vector<float> m_inv_freq;  ///< RoPE inverse frequencies [head_dim / 2]
  std::vector<float> m_k_cache, m_v_cache;  ///< [layer][position][kv_dim]
  // Activations of the current window.
  std::vector<float> m_x, m_xb, m_q, m_k, m_v, m_att, m_o, m_gate, m_up, m_scores;
};

/// RoPE inverse frequencies theta^(-2i/d), i < d/2, with Llama-3 scaling when enabled
/// (HF _compute_llama3_parameters).
std::vector<float> rope_inverse_frequencies(const TransformerSpec& spec, int head_dim);

}  // namespace aimcsim::workloads
