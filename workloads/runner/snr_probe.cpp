// SPDX-License-Identifier: Apache-2.0
#include "workloads/runner/snr_probe.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aimcsim::workloads {

double SnrAccumulator::snr_db() const {
  if (noise <= 0) return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal / noise);
}

SnrProbe::SnrProbe(LinearExecutor& analog, DigitalLinears& reference, int layers, int probe_rows)
    : m_analog(analog), m_reference(reference), m_layers(layers), m_probe_rows(probe_rows) {
  reset();
}

void SnrProbe::reset() {
  m_acc.assign(static_cast<std::size_t>(m_layers) * k_block_linear_kinds + 1, SnrAccumulator{});
}

void SnrProbe::forward(const LinearId& id, const float* x, int n, float* y) {
  m_analog.forward(id, x, n, y);
  const int rows = std::min(n, m_probe_rows);
  if (rows <= 0) return;
  m_ref.resize(static_cast<std::size_t>(rows) * m_reference.out_features(id));
  m_reference.forward(id, x, rows, m_ref.data());
  SnrAccumulator& acc = m_acc[static_cast<std::size_t>(id.index(m_layers))];
  const std::size_t count = m_ref.size();
  for (std::size_t i = 0; i < count; ++i) {
    const double r = m_ref[i], d = double(y[i]) - r;
    acc.signal += r * r;
    acc.noise += d * d;
  }
  acc.vectors += rows;
}

}  // namespace aimcsim::workloads
