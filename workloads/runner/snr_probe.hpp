// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Signal-to-noise ratio of every analog linear layer against float32 on the same inputs: which
/// layers hurt most.

#include <vector>

#include "workloads/runner/digital_linears.hpp"
#include "workloads/runner/linear_executor.hpp"

namespace aimcsim::workloads {

/// Signal and noise energy of one linear layer's outputs.
struct SnrAccumulator {
  double signal = 0;  ///< sum of y_float^2
  double noise = 0;   ///< sum of (y_analog - y_float)^2
  long long vectors = 0;
  /// 10 log10(signal / noise) [dB]; +inf when the outputs are identical.
  double snr_db() const;
};

/// Forwards every call to `analog` and, for up to `probe_rows` input vectors of each call
/// (the first ones), also to the float32 `reference`, accumulating the output SNR per layer.
/// Inputs are the analog model's own activations, so each layer's SNR is its own error, not
/// the error accumulated upstream.
class SnrProbe : public LinearExecutor {
 public:
  SnrProbe(LinearExecutor& analog, DigitalLinears& reference, int layers, int probe_rows);
  void forward(const LinearId& id, const float* x, int n, float* y) override;
  /// Per LinearId::index(layers).
  const std::vector<SnrAccumulator>& layers() const noexcept { return m_acc; }
  void reset();

 private:
  LinearExecutor& m_analog;
  DigitalLinears& m_reference;
  int m_layers, m_probe_rows;
  std::vector<SnrAccumulator> m_acc;
  std::vector<float> m_ref;
};

}  // namespace aimcsim::workloads
