// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The checkpoint's weights as float32, the precision of the reference forward pass and of the
/// values programmed into the tiles. float32 tensors that are aligned in the memory-mapped file
/// are used in place; f16 / bf16 ones are converted once.

#include <memory>
#include <vector>

#include "workloads/checkpoint/transformer_weights.hpp"
#include "workloads/runner/linear_executor.hpp"

namespace aimcsim::workloads {

/// A float32 tensor, borrowed from the checkpoint or owned.
class FloatTensor {
 public:
  FloatTensor() = default;
  explicit FloatTensor(const TensorRef& t);
  /// Owned values (tests, random models).
  explicit FloatTensor(std::vector<float> values);
  /// A view of values owned elsewhere (a tied LM head shares the embedding's).
  static FloatTensor borrow(const float* values);
  // Moves keep the owned buffer (and so m_data) valid; copies would not.
  FloatTensor(FloatTensor&&) noexcept = default;
  FloatTensor& operator=(FloatTensor&&) noexcept = default;
  FloatTensor(const FloatTensor&) = delete;
  FloatTensor& operator=(const FloatTensor&) = delete;
  const float* data() const noexcept { return m_data; }
  bool empty() const noexcept { return m_data == nullptr; }

 private:
  std::vector<float> m_owned;
  const float* m_data = nullptr;
};

/// One linear layer in float32: weight [out x in] row-major, optional bias [out], and the
/// learned DAC input ranges of an analog-trained checkpoint.
struct FloatLinear {
  int in = 0, out = 0;
  FloatTensor weight;
  FloatTensor bias;  ///< empty when the layer has none
  std::vector<float> input_ranges;  ///< per slice of input_range_slice inputs (may be empty)
  int input_range_slice = 0;
};

struct FloatLayer {
  FloatTensor attn_norm, ffn_norm;
  FloatLinear linears[k_block_linear_kinds];  ///< indexed by LinearKind
};

/// Every weight of a transformer in float32.
struct FloatWeights {
  TransformerSpec spec;
  FloatTensor embedding;  ///< [vocab x hidden]
  std::vector<FloatLayer> layers;
  FloatTensor final_norm;
  FloatLinear lm_head;
  std::shared_ptr<const void> storage;  ///< the checkpoint's memory maps, while borrowed

  const FloatLinear& linear(const LinearId& id) const {
    return id.kind == LinearKind::lm_head ? lm_head
                                          : layers[id.layer].linears[static_cast<int>(id.kind)];
  }
};

/// Converts (or borrows) every tensor of `w`.
FloatWeights to_float_weights(const TransformerWeights& w);

/// A model of the given shape with random weights (N(0, 0.02) linears, unit norms), seeded:
/// for benchmarks and timing studies where accuracy is not the question.
FloatWeights random_float_weights(const TransformerSpec& spec, unsigned long long seed);

}  // namespace aimcsim::workloads
