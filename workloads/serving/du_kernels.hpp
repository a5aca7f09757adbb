// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <functional>
#include <vector>

#include "tiles/digital_unit_params.hpp"
#include "workloads/model_desc.hpp"

namespace aimcsim::workloads::serving {

/// One digital-unit transaction as tiles/digital_unit.cpp costs it: busy max(compute time,
/// SRAM bytes / SRAM bandwidth), energy compute + 8 x SRAM bytes x E_bit.
struct KernelCost {
  double busy_s = 0;
  double energy_j = 0;       ///< compute + operand SRAM
  double sram_bytes = 0;     ///< operand traffic (the unit's SRAM)
  double sram_busy_s = 0;    ///< SRAM bytes / SRAM bandwidth
  double arithmetic_ops = 0;
};

/// The cost of `ops` with `sram_bytes` of operands on a unit of `p`.
KernelCost kernel_cost(const tiles::DigitalUnitParams& p, const tiles::OpCounts& ops,
                       double sram_bytes);

/// A kernel's cost for n tokens, computed on first use and kept (index n).
class KernelMemo {
 public:
  using Make = std::function<KernelCost(int n)>;
  explicit KernelMemo(Make make) : m_make(std::move(make)) {}
  const KernelCost& at(int n) {
    if (static_cast<std::size_t>(n) >= m_cost.size()) grow(n);
    return m_cost[n];
  }

 private:
  void grow(int n);
  Make m_make;
  std::vector<KernelCost> m_cost;
};

/// Attention on the unit serving `heads` heads, for n tokens whose context lengths sum to S:
/// the operation counts of workloads/kernels.cpp are linear in n and S, so the unit's lane
/// cycles and energy are kept per token and per context position and combined per call.
class AttentionCost {
 public:
  AttentionCost(const ModelDesc& m, const tiles::DigitalUnitParams& p, double heads,
                double sram_bytes_per_token);
  KernelCost at(double n, double context_sum) const;

 private:
  const tiles::DigitalUnitParams* m_p;
  double m_lanes, m_frequency_hz;
  double m_cycles_n, m_cycles_s, m_energy_n, m_energy_s, m_ops_n, m_ops_s, m_sram_per_token;
};

}  // namespace aimcsim::workloads::serving
