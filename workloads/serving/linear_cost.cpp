// SPDX-License-Identifier: Apache-2.0
#include "workloads/serving/linear_cost.hpp"

#include <algorithm>
#include <cmath>

#include "tiles/tile_cost.hpp"

namespace aimcsim::workloads::serving {

LinearCost::LinearCost(std::vector<const MappedLinear*> linears, kernel::NodeId du_node,
                       const RunConfig& cfg, FastFabric& fabric)
    : m_linears(std::move(linears)),
      m_du_node(du_node),
      m_cfg(&cfg),
      m_fabric(&fabric),
      // As Sequencer: DAC input bytes per element, activation bytes between units and tiles.
      m_in_bytes(std::ceil(cfg.chip.analog_tile.dac.bits / 8.0)),
      m_act_bytes(cfg.mapping.activation_bits / 8.0) {}

void LinearCost::grow(int n) {
  const std::size_t members = m_linears.size();
  const std::size_t old = m_points.size() / members;
  const std::size_t count = std::max<std::size_t>(static_cast<std::size_t>(n) + 1, 2 * old);
  m_points.resize(count * members);
  for (std::size_t i = old; i < count; ++i) compute(static_cast<int>(i), &m_points[i * members]);
}

void LinearCost::compute(int n, LinearPoint* out) {
  if (n == 0) return;
  m_fabric->begin_scratch();
  for (std::size_t i = 0; i < m_linears.size(); ++i) {
    const double noc0 = m_fabric->noc_busy_s(), link0 = m_fabric->chip_link_busy_s();
    out[i] = compute_one(*m_linears[i], n);
    out[i].noc_busy_s = m_fabric->noc_busy_s() - noc0;
    out[i].chip_link_busy_s = m_fabric->chip_link_busy_s() - link0;
  }
  m_fabric->end_scratch();
}

void LinearCost::record(int n, std::vector<FastFabric::Booking>& out) {
  out.clear();
  m_fabric->begin_scratch();
  m_fabric->record_into(&out);
  for (const MappedLinear* l : m_linears) compute_one(*l, n);
  m_fabric->record_into(nullptr);
  m_fabric->end_scratch();
}

LinearPoint LinearCost::compute_one(const MappedLinear& l, double n) {
  LinearPoint p;
  const auto& tile = m_cfg->chip.analog_tile;
  m_dsts.clear();
  m_slices.clear();
  for (const auto& t : l.tiles) m_dsts.push_back(t.node), m_slices.push_back(t.block_row);
  m_slice_bytes.clear();
  for (int r = 0; r < l.row_blocks; ++r) m_slice_bytes.push_back(n * l.tile(r, 0).rows_used * m_in_bytes);
  m_arrivals.assign(m_dsts.size(), 0.0);
  m_fabric->multicast(m_du_node, m_dsts.data(), m_slices.data(), static_cast<int>(m_dsts.size()),
                      m_slice_bytes.data(), 0.0, m_arrivals.data(), p.energy_j);
  p.first_arrival_s = *std::min_element(m_arrivals.begin(), m_arrivals.end());
  for (int c = 0; c < l.col_blocks; ++c) {
    double t_prev = 0;
    kernel::NodeId prev_node{};
    for (int r = 0; r < l.row_blocks; ++r) {
      const TilePlacement& t = l.tile(r, c);
      const double t_partial =
          r > 0 ? m_fabric->transfer(prev_node, t.node, n * t.cols_used * m_act_bytes, t_prev,
                                     p.energy_j)
                : -1;
      // The tile as tiles/analog_tile.cpp runs it, on an idle tile: crossbar from the input's
      // arrival, then the local digital unit scales its outputs and adds the upstream sums.
      const tiles::MvmCost mvm = tiles::mvm_cost(tile, t.rows_used, t.cols_used, n);
      const bool accumulate = t_partial >= 0;
      const double elements = n * t.cols_used * (accumulate ? 2 : 1);
      const tiles::LocalDigitalCost d = tiles::local_digital_cost(tile.local_digital, elements);
      const double start = m_arrivals[r * l.col_blocks + c];
      const double l_ready = std::max(start + mvm.crossbar_s, accumulate ? t_partial : 0.0);
      t_prev = l_ready + d.time_s;
      prev_node = t.node;
      p.energy_j += mvm.total_j() + d.energy_j;
      p.crossbar_s = std::max(p.crossbar_s, mvm.crossbar_s);
      p.tile_busy_s += mvm.crossbar_s;
      p.local_busy_s += d.time_s;
    }
    const TilePlacement& last = l.tile(l.row_blocks - 1, c);
    p.chain_s = std::max(p.chain_s, m_fabric->transfer(last.node, m_du_node,
                                                       n * last.cols_used * m_act_bytes, t_prev,
                                                       p.energy_j));
  }
  return p;
}

}  // namespace aimcsim::workloads::serving
