// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The seam between the transformer forward pass and whatever multiplies its weight matrices:
/// float32 on the host (the reference), or the mapped analog tiles of the simulated chip.

#include <string>

namespace aimcsim::workloads {

/// The linear layers of a block in execution order, and the LM head.
enum class LinearKind { q, k, v, o, gate, up, down, lm_head };
constexpr int k_block_linear_kinds = 7;  ///< q .. down

/// One linear layer of the model: block `layer` (-1 for the LM head) and its kind.
struct LinearId {
  int layer = -1;
  LinearKind kind = LinearKind::lm_head;
  /// Dense index: layer * 7 + kind for block linears, layers * 7 for the LM head.
  int index(int layers) const {
    return kind == LinearKind::lm_head ? layers * k_block_linear_kinds
                                       : layer * k_block_linear_kinds + static_cast<int>(kind);
  }
};

/// HF name of a kind: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, lm_head.
const char* linear_name(LinearKind kind);
/// "block3.q_proj" or "lm_head".
std::string linear_label(const LinearId& id);

/// Computes y = W x for a batch of vectors of one linear layer (bias excluded: the runner adds
/// it digitally, as the chip's digital units do).
class LinearExecutor {
 public:
  virtual ~LinearExecutor() = default;
  /// `x` row-major [n x in], `y` row-major [n x out] (overwritten).
  virtual void forward(const LinearId& id, const float* x, int n, float* y) = 0;
};

}  // namespace aimcsim::workloads
