// SPDX-License-Identifier: Apache-2.0
#include "workloads/runner/transformer_runner.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include <cblas.h>

#include "workloads/runner/digital_linears.hpp"

namespace aimcsim::workloads {

std::vector<float> rope_inverse_frequencies(const TransformerSpec& spec, int head_dim) {
  std::vector<float> inv(static_cast<std::size_t>(head_dim / 2));
  const float theta = static_cast<float>(spec.rope_theta);
  for (int i = 0; i < head_dim / 2; ++i)
    inv[i] = 1.0f / std::pow(theta, static_cast<float>(2 * i) / static_cast<float>(head_dim));
  const RopeScaling& s = spec.rope_scaling;
  if (!s.llama3) return inv;
  // Wavelengths shorter than original/high_freq_factor keep their frequency, longer than
  // original/low_freq_factor are slowed down by `factor`, and those between are blended.
  const double low_wavelen = s.original_max_position / s.low_freq_factor;
  const double high_wavelen = s.original_max_position / s.high_freq_factor;
  constexpr double k_pi = 3.14159265358979323846;
  for (auto& f : inv) {
    const double wavelen = 2 * k_pi / f;
    if (wavelen < high_wavelen) continue;
    if (wavelen > low_wavelen) {
      f = static_cast<float>(f / s.factor);
      continue;
    }
    const double smooth = (s.original_max_position / wavelen - s.low_freq_factor) /
                          (s.high_freq_factor - s.low_freq_factor);
    f = static_cast<float>((1 - smooth) * f / s.factor + smooth * f);
  }
  return inv;
}

TransformerRunner::TransformerRunner(const FloatWeights& weights, LinearExecutor& linears,
                                     int max_positions)
    : m_w(weights), m_linears(linears), m_max_positions(max_positions) {
  const ModelDesc& m = weights.spec.desc;
  m_vocab = m.vocab;
  m_dim = m.hidden;
  m_hidden = m.intermediate;
  m_layers = m.layers;
  m_heads = m.heads;
  m_kv_heads = m.kv_heads;
  m_head_dim = m.head_dim;
  m_inv_freq = rope_inverse_frequencies(weights.spec, m_head_dim);
  const std::size_t kv = static_cast<std::size_t>(m_layers) * max_positions * m.kv_dim();
  m_k_cache.assign(kv, 0.0f);
  m_v_cache.assign(kv, 0.0f);
}

void TransformerRunner::linear(LinearKind kind, int layer, const float* x, int n, float* y) {
  const LinearId id{layer, kind};
  m_linears.forward(id, x, n, y);
  const FloatLinear& l = m_w.linear(id);
  if (l.bias.empty()) return;
  const float* b = l.bias.data();
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < l.out; ++j) y[std::size_t(i) * l.out + j] += b[j];
}

void TransformerRunner::rmsnorm(const float* x, const float* weight, int n, float* out) const {
  const float eps = static_cast<float>(m_w.spec.rms_eps);
  for (int i = 0; i < n; ++i) {
    const float* xi = x + std::size_t(i) * m_dim;
    float ss = 0.0f;
    for (int j = 0; j < m_dim; ++j) ss += xi[j] * xi[j];
    const float scale = 1.0f / std::sqrt(ss / static_cast<float>(m_dim) + eps);
    float* oi = out + std::size_t(i) * m_dim;
    for (int j = 0; j < m_dim; ++j) oi[j] = weight[j] * (scale * xi[j]);
  }
}

void TransformerRunner::rope(float* v, int n, int heads) const {
  const int half = m_head_dim / 2;
  const bool interleaved = m_w.spec.rope_interleaved;
  for (int i = 0; i < n; ++i) {
    const float pos = static_cast<float>(m_pos + i);
    for (int h = 0; h < heads; ++h) {
      float* x = v + (std::size_t(i) * heads + h) * m_head_dim;
      for (int p = 0; p < half; ++p) {
        const float angle = pos * m_inv_freq[p];
        const float c = std::cos(angle), s = std::sin(angle);
        // llama2.c rotates (x[2p], x[2p+1]); HF rotate_half rotates (x[p], x[p + d/2]).
        const int a = interleaved ? 2 * p : p;
        const int b = interleaved ? 2 * p + 1 : p + half;
        const float x0 = x[a], x1 = x[b];
        x[a] = x0 * c - x1 * s;
        x[b] = x0 * s + x1 * c;
      }
    }
  }
}

void TransformerRunner::attention(int layer, int n) {
  const int kv_dim = m_kv_heads * m_head_dim, q_dim = m_heads * m_head_dim;
  const int ctx = m_pos + n;
  const std::size_t layer_base = std::size_t(layer) * m_max_positions * kv_dim;
  float* kc = m_k_cache.data() + layer_base;
  float* vc = m_v_cache.data() + layer_base;
  std::memcpy(kc + std::size_t(m_pos) * kv_dim, m_k.data(), sizeof(float) * n * kv_dim);
  std::memcpy(vc + std::size_t(m_pos) * kv_dim, m_v.data(), sizeof(float) * n * kv_dim);
  const float scale = 1.0f / std::sqrt(static_cast<float>(m_head_dim));
  const int group = m_heads / m_kv_heads;
  m_scores.resize(std::size_t(n) * ctx);
  for (int h = 0; h < m_heads; ++h) {
    const int g = h / group;
    // scores [n x ctx] = scale * Q_h K_g^T
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, ctx, m_head_dim, scale,
                m_q.data() + h * m_head_dim, q_dim, kc + g * m_head_dim, kv_dim, 0.0f,
                m_scores.data(), ctx);
    const int window = m_w.spec.sliding_window;
    for (int i = 0; i < n; ++i) {
      float* row = m_scores.data() + std::size_t(i) * ctx;
      const int visible = m_pos + i + 1;  // causal: positions 0 .. m_pos + i
      // A sliding window hides keys at positions <= p - window (HF semantics).
      const int first = window > 0 ? std::max(0, visible - window) : 0;
      const float mx = *std::max_element(row + first, row + visible);
      float sum = 0.0f;
      for (int j = first; j < visible; ++j) sum += (row[j] = std::exp(row[j] - mx));
      const float inv = 1.0f / sum;
      for (int j = first; j < visible; ++j) row[j] *= inv;
      std::fill(row, row + first, 0.0f);
      std::fill(row + visible, row + ctx, 0.0f);
    }
    // out_h [n x head_dim] = P V_g
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, m_head_dim, ctx, 1.0f,
                m_scores.data(), ctx, vc + g * m_head_dim, kv_dim, 0.0f,
                m_att.data() + h * m_head_dim, q_dim);
  }
}

void TransformerRunner::forward(const int* tokens, int n, bool all_logits, float* logits) {
  if (n <= 0) return;
  if (m_pos + n > m_max_positions)
    throw std::invalid_argument("sequence of " + std::to_string(m_pos + n) +
                                " tokens exceeds the runner's " +
                                std::to_string(m_max_positions) + " positions");
  const int q_dim = m_heads * m_head_dim, kv_dim = m_kv_heads * m_head_dim;
  const std::size_t rows = static_cast<std::size_t>(n);
  m_x.resize(rows * m_dim);
  m_xb.resize(rows * m_dim);
  m_q.resize(rows * q_dim);
  m_k.resize(rows * kv_dim);
  m_v.resize(rows * kv_dim);
  m_att.resize(rows * q_dim);
  m_o.resize(rows * m_dim);
  m_gate.resize(rows * m_hidden);
  m_up.resize(rows * m_hidden);
  const float* emb = m_w.embedding.data();
  for (int i = 0; i < n; ++i) {
    if (tokens[i] < 0 || tokens[i] >= m_vocab)
      throw std::invalid_argument("token id " + std::to_string(tokens[i]) +
                                  " is outside the vocabulary [0, " + std::to_string(m_vocab) +
                                  ")");
    std::memcpy(m_x.data() + std::size_t(i) * m_dim,
                emb + std::size_t(tokens[i]) * m_dim, sizeof(float) * m_dim);
  }
  for (int l = 0; l < m_layers; ++l) {
    const FloatLayer& layer = m_w.layers[l];
    rmsnorm(m_x.data(), layer.attn_norm.data(), n, m_xb.data());
    linear(LinearKind::q, l, m_xb.data(), n, m_q.data());
    linear(LinearKind::k, l, m_xb.data(), n, m_k.data());
    linear(LinearKind::v, l, m_xb.data(), n, m_v.data());
    rope(m_q.data(), n, m_heads);
    rope(m_k.data(), n, m_kv_heads);
    attention(l, n);
    linear(LinearKind::o, l, m_att.data(), n, m_o.data());
    for (std::size_t i = 0; i < rows * m_dim; ++i) m_x[i] += m_o[i];
    rmsnorm(m_x.data(), layer.ffn_norm.data(), n, m_xb.data());
    linear(LinearKind::gate, l, m_xb.data(), n, m_gate.data());
    linear(LinearKind::up, l, m_xb.data(), n, m_up.data());
    for (std::size_t i = 0; i < rows * m_hidden; ++i) {
      const float g = m_gate[i];
      m_gate[i] = g / (1.0f + std::exp(-g)) * m_up[i];  // SwiGLU: silu(gate) * up
    }
    linear(LinearKind::down, l, m_gate.data(), n, m_o.data());
    for (std::size_t i = 0; i < rows * m_dim; ++i) m_x[i] += m_o[i];
  }
  // Only the rows whose logits are wanted go through the final norm and the LM head.
  const int first = all_logits ? 0 : n - 1;
  const int count = n - first;
  rmsnorm(m_x.data() + std::size_t(first) * m_dim, m_w.final_norm.data(), count, m_xb.data());
  linear(LinearKind::lm_head, -1, m_xb.data(), count, logits);
  m_pos += n;
}

}  // namespace aimcsim::workloads
