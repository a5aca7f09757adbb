// SPDX-License-Identifier: Apache-2.0
#include "workloads/serving/du_kernels.hpp"

#include <algorithm>
#include <cmath>

#include "workloads/kernels.hpp"

namespace aimcsim::workloads::serving {

KernelCost kernel_cost(const tiles::DigitalUnitParams& p, const tiles::OpCounts& ops,
                       double sram_bytes) {
  KernelCost c;
  const double compute_s = p.compute_time_s(ops);
  c.sram_busy_s = sram_bytes / p.sram.bandwidth_bytes_per_s;
  c.busy_s = std::max(compute_s, c.sram_busy_s);
  c.sram_bytes = sram_bytes;
  c.energy_j = p.compute_energy_j(ops) + sram_bytes * 8.0 * p.sram.energy_per_bit_j;
  c.arithmetic_ops = ops.arithmetic_ops();
  return c;
}

void KernelMemo::grow(int n) {
  const std::size_t old = m_cost.size();
  m_cost.resize(std::max<std::size_t>(static_cast<std::size_t>(n) + 1, 2 * old));
  for (std::size_t i = old; i < m_cost.size(); ++i) m_cost[i] = m_make(static_cast<int>(i));
}

AttentionCost::AttentionCost(const ModelDesc& m, const tiles::DigitalUnitParams& p, double heads,
                             double sram_bytes_per_token)
    : m_p(&p), m_lanes(p.lanes), m_frequency_hz(p.frequency_hz),
      m_sram_per_token(sram_bytes_per_token) {
  const tiles::OpCounts per_token = attention_ops(m, p, 1, 0, heads);
  const tiles::OpCounts per_position = attention_ops(m, p, 0, 1, heads);
  m_cycles_n = p.lane_cycles(per_token);
  m_cycles_s = p.lane_cycles(per_position);
  m_energy_n = p.compute_energy_j(per_token);
  m_energy_s = p.compute_energy_j(per_position);
  m_ops_n = per_token.arithmetic_ops();
  m_ops_s = per_position.arithmetic_ops();
}

KernelCost AttentionCost::at(double n, double context_sum) const {
  KernelCost c;
  // DigitalUnitParams::lane_cycles_time_s, inline: this runs per shard, layer and micro-batch.
  const double compute_s =
      std::ceil((n * m_cycles_n + context_sum * m_cycles_s) / m_lanes) / m_frequency_hz;
  c.sram_bytes = n * m_sram_per_token;
  c.sram_busy_s = c.sram_bytes / m_p->sram.bandwidth_bytes_per_s;
  c.busy_s = std::max(compute_s, c.sram_busy_s);
  c.energy_j = n * m_energy_n + context_sum * m_energy_s +
               c.sram_bytes * 8.0 * m_p->sram.energy_per_bit_j;
  c.arithmetic_ops = n * m_ops_n + context_sum * m_ops_s;
  return c;
}

}  // namespace aimcsim::workloads::serving
