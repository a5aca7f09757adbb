// SPDX-License-Identifier: Apache-2.0
#include "workloads/runner/float_weights.hpp"

#include <algorithm>
#include <cstdint>
#include <thread>

#include "tiles/physics/rng.hpp"
#include "tiles/physics/thread_pool.hpp"

namespace aimcsim::workloads {

FloatTensor::FloatTensor(const TensorRef& t) {
  if (t.empty()) return;
  // A float32 tensor aligned in the map is used where it lies: no copy of a large model.
  if (t.dtype == DType::f32 && reinterpret_cast<std::uintptr_t>(t.data) % alignof(float) == 0) {
    m_data = reinterpret_cast<const float*>(t.data);
    return;
  }
  m_owned = t.to_float();
  m_data = m_owned.data();
}

FloatTensor::FloatTensor(std::vector<float> values) : m_owned(std::move(values)) {
  m_data = m_owned.empty() ? nullptr : m_owned.data();
}

FloatTensor FloatTensor::borrow(const float* values) {
  FloatTensor t;
  t.m_data = values;
  return t;
}

namespace {

/// Shape from `shape_of`; weight converted from l.weight (empty: left for the caller).
FloatLinear to_float_linear_shape(const LinearWeights& l, const TensorRef& shape_of) {
  FloatLinear f;
  f.out = static_cast<int>(shape_of.shape.at(0));
  f.in = static_cast<int>(shape_of.shape.at(1));
  f.weight = FloatTensor(l.weight);
  f.bias = FloatTensor(l.bias);
  f.input_ranges = l.input_ranges;
  f.input_range_slice = l.input_range_slice;
  return f;
}

FloatLinear to_float_linear(const LinearWeights& l) { return to_float_linear_shape(l, l.weight); }

}  // namespace

FloatWeights to_float_weights(const TransformerWeights& w) {
  FloatWeights f;
  f.spec = w.spec;
  f.storage = w.storage;
  f.embedding = FloatTensor(w.embedding);
  f.final_norm = FloatTensor(w.final_norm);
  // A tied head is the embedding: share its float32 values rather than convert them twice.
  if (w.lm_head.weight.data == w.embedding.data) {
    LinearWeights head = w.lm_head;
    head.weight = TensorRef();
    f.lm_head = to_float_linear_shape(head, w.lm_head.weight);
    f.lm_head.weight = FloatTensor::borrow(f.embedding.data());
  } else {
    f.lm_head = to_float_linear(w.lm_head);
  }
  f.layers.resize(w.layers.size());
  for (std::size_t i = 0; i < w.layers.size(); ++i) {
    const LayerWeights& l = w.layers[i];
    FloatLayer& g = f.layers[i];
    g.attn_norm = FloatTensor(l.attn_norm);
    g.ffn_norm = FloatTensor(l.ffn_norm);
    const LinearWeights* src[k_block_linear_kinds] = {&l.q, &l.k, &l.v, &l.o,
                                                      &l.gate, &l.up, &l.down};
    for (int k = 0; k < k_block_linear_kinds; ++k) g.linears[k] = to_float_linear(*src[k]);
  }
  return f;
}

namespace {

/// N(0, std) values from the stream keyed by (seed, key), filled in parallel chunks whose
/// streams do not depend on the thread count.
std::vector<float> random_normal(std::size_t count, float std, std::uint64_t seed,
                                 std::uint64_t key, physics::ThreadPool& pool) {
  constexpr std::size_t chunk = 1 << 20;
  std::vector<float> v(count);
  pool.parallel_for((count + chunk - 1) / chunk, [&](std::size_t c) {
    physics::NormalStream normal(physics::derive_seed(physics::derive_seed(seed, key), c));
    const std::size_t end = std::min(count, (c + 1) * chunk);
    for (std::size_t i = c * chunk; i < end; ++i) v[i] = std * static_cast<float>(normal());
  });
  return v;
}

}  // namespace

FloatWeights random_float_weights(const TransformerSpec& spec, unsigned long long seed) {
  const ModelDesc& m = spec.desc;
  physics::ThreadPool pool(std::max(1u, std::thread::hardware_concurrency()));
  constexpr float k_std = 0.02f;  // GPT-2 / Llama initialiser_range
  std::uint64_t key = 0;
  auto linear = [&](int out, int in) {
    FloatLinear l;
    l.out = out;
    l.in = in;
    l.weight = FloatTensor(random_normal(std::size_t(out) * in, k_std, seed, key++, pool));
    return l;
  };
  auto ones = [](int n) { return FloatTensor(std::vector<float>(static_cast<std::size_t>(n), 1.0f)); };
  FloatWeights f;
  f.spec = spec;
  f.embedding = FloatTensor(random_normal(std::size_t(m.vocab) * m.hidden, k_std, seed, key++, pool));
  f.layers.resize(static_cast<std::size_t>(m.layers));
  for (auto& layer : f.layers) {
    layer.attn_norm = ones(m.hidden);
    layer.ffn_norm = ones(m.hidden);
    const int outs[k_block_linear_kinds] = {m.q_dim(), m.kv_dim(), m.kv_dim(), m.hidden,
                                            m.intermediate, m.intermediate, m.hidden};
    const int ins[k_block_linear_kinds] = {m.hidden, m.hidden, m.hidden, m.q_dim(),
                                           m.hidden, m.hidden, m.intermediate};
    for (int k = 0; k < k_block_linear_kinds; ++k) layer.linears[k] = linear(outs[k], ins[k]);
  }
  f.final_norm = ones(m.hidden);
  if (m.tied_embeddings) {
    f.lm_head.out = m.vocab;
    f.lm_head.in = m.hidden;
    f.lm_head.weight = FloatTensor::borrow(f.embedding.data());
  } else {
    f.lm_head = linear(m.vocab, m.hidden);
  }
  return f;
}

}  // namespace aimcsim::workloads
