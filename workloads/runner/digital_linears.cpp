// SPDX-License-Identifier: Apache-2.0
#include "workloads/runner/digital_linears.hpp"

#include <cblas.h>

namespace aimcsim::workloads {

void gemm_xwt(const float* x, int n, int in, const float* w, int out, float* y) {
  // OpenBLAS splits sgemm over the output, never over the inner dimension, so every element
  // is summed in the same order whatever the thread count.
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, out, in, 1.0f, x, in, w, in, 0.0f, y,
              out);
}

void DigitalLinears::forward(const LinearId& id, const float* x, int n, float* y) {
  const FloatLinear& l = m_w.linear(id);
  gemm_xwt(x, n, l.in, l.weight.data(), l.out, y);
}

const char* linear_name(LinearKind kind) {
  switch (kind) {
    case LinearKind::q: return "q_proj";
    case LinearKind::k: return "k_proj";
    case LinearKind::v: return "v_proj";
    case LinearKind::o: return "o_proj";
    case LinearKind::gate: return "gate_proj";
    case LinearKind::up: return "up_proj";
    case LinearKind::down: return "down_proj";
    case LinearKind::lm_head: return "lm_head";
  }
  return "?";
}

std::string linear_label(const LinearId& id) {
  if (id.kind == LinearKind::lm_head) return "lm_head";
  return "block" + std::to_string(id.layer) + "." + linear_name(id.kind);
}

}  // namespace aimcsim::workloads
