// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The float32 reference: every linear layer as a host GEMM (OpenBLAS sgemm).

#include "workloads/runner/float_weights.hpp"
#include "workloads/runner/linear_executor.hpp"

namespace aimcsim::workloads {

/// y = W x in float32 with the checkpoint's weights: the ideal model.
class DigitalLinears : public LinearExecutor {
 public:
  explicit DigitalLinears(const FloatWeights& weights) : m_w(weights) {}
  void forward(const LinearId& id, const float* x, int n, float* y) override;
  int out_features(const LinearId& id) const { return m_w.linear(id).out; }

 private:
  const FloatWeights& m_w;
};

/// y[n x out] = x[n x in] W^T for a row-major W [out x in] (sgemm).
void gemm_xwt(const float* x, int n, int in, const float* w, int out, float* y);

}  // namespace aimcsim::workloads
