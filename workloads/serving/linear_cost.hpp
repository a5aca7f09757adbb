// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <vector>

#include "sim/arch_config.hpp"
#include "workloads/mapper.hpp"
#include "workloads/serving/fast_fabric.hpp"

namespace aimcsim::workloads::serving {

/// One analog linear layer for n vectors on idle tiles, as the fine model times it
/// (Sequencer::linear): the input multicast from the digital unit, per column block the chain
/// of row blocks (crossbar, partial-sum transfer, local-digital scale and add), the last tile's
/// transfer of the finished slice back to the unit. Times are offsets from the input being
/// ready at the unit [s].
struct LinearPoint {
  double first_arrival_s = 0;  ///< earliest arrival of the input at a tile
  double chain_s = 0;          ///< all output slices back at the unit
  double crossbar_s = 0;       ///< the longest tile's crossbar time (the group calendar booking)
  double tile_busy_s = 0;      ///< crossbar time summed over the tiles
  double local_busy_s = 0;     ///< local-digital time summed over the tiles
  double energy_j = 0;         ///< tiles (DAC, array, ADC, periphery, local digital) + NoC/links
  double noc_busy_s = 0, chip_link_busy_s = 0;  ///< link seconds its transfers hold
};

/// LinearPoint of linears the sequencer issues together from one unit (q, k, v; gate, up; or
/// one alone) for every n, computed on first use and kept: a step pays a lookup. Their
/// transfers serialise where they share links (scratch calendars), issued in the fine model's
/// order, exactly as on an otherwise idle chip in the fine model.
class LinearCost {
 public:
  LinearCost(std::vector<const MappedLinear*> linears, kernel::NodeId du_node,
             const RunConfig& cfg, FastFabric& fabric);
  /// The bookings the whole group's traffic for n vectors makes on idle links, ready at 0.
  void record(int n, std::vector<FastFabric::Booking>& out);
  /// Point of the `member`-th linear for n vectors.
  const LinearPoint& at(int n, int member) {
    const std::size_t i = static_cast<std::size_t>(n) * m_linears.size() + member;
    if (i >= m_points.size()) grow(n);
    return m_points[i];
  }

 private:
  void grow(int n);
  void compute(int n, LinearPoint* out);
  LinearPoint compute_one(const MappedLinear& l, double n);

  std::vector<const MappedLinear*> m_linears;
  kernel::NodeId m_du_node;
  const RunConfig* m_cfg;
  FastFabric* m_fabric;
  double m_in_bytes, m_act_bytes;
  std::vector<LinearPoint> m_points;
  // Scratch of compute_one().
  std::vector<kernel::NodeId> m_dsts;
  std::vector<int> m_slices;
  std::vector<double> m_slice_bytes, m_arrivals;
};

}  // namespace aimcsim::workloads::serving
