// SPDX-License-Identifier: Apache-2.0
#include "interconnect/mesh_noc.hpp"
#include "sim/kernel/sim_time.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace aimcsim::interconnect {

MeshNoc::MeshNoc(sc_core::sc_module_name name, const NocParams& params, int rows, int cols,
                 std::string stats_path)
    : sc_core::sc_module(name),
      m_params(params),
      m_rows(rows),
      m_cols(cols),
      m_stats_path(std::move(stats_path)),
      m_links(static_cast<size_t>(rows) * cols * 4),
      m_tree(m_links.size()) {}

int MeshNoc::hops(int src, int dst) const {
  return std::abs(src % m_cols - dst % m_cols) + std::abs(src / m_cols - dst / m_cols);
}

double MeshNoc::unicast(int src, int dst, double bytes, double ready_s, double& energy_j) {
  if (src == dst || bytes <= 0) return ready_s;
  const MeshRoute r = mesh_route(m_cols, src, dst);
  const double now = kernel::now_s();
  const double tail = mesh_unicast_s(m_params, r, bytes, ready_s, [&](int link, double t, double d) {
    return m_links[link].reserve(t, d, now);
  });
  const double e = bytes * 8.0 * r.length * m_params.energy_per_bit_hop_j;
  m_bits += bytes * 8.0;
  m_bit_hops += bytes * 8.0 * r.length;
  m_transfers += 1;
  m_energy_j += e;
  energy_j += e;
  return tail;
}

void MeshNoc::multicast(int src, const std::vector<int>& dsts, const std::vector<int>& slices,
                        const double* slice_bytes, double ready_s, std::vector<double>& arrivals,
                        double& energy_j) {
  const double now = kernel::now_s();
  double bits = 0, bit_hops = 0;
  m_tree.run(m_params, m_cols, src, dsts, slices, slice_bytes, ready_s,
             [&](int link, double t, double d) { return m_links[link].reserve(t, d, now); },
             arrivals, bits, bit_hops);
  const double e = bit_hops * m_params.energy_per_bit_hop_j;
  m_bits += bits;
  m_bit_hops += bit_hops;
  m_transfers += 1;
  m_energy_j += e;
  energy_j += e;
}

kernel::ComponentTotals MeshNoc::totals() const {
  kernel::ComponentTotals t;
  t.dynamic_energy_j = m_energy_j;
  const int nodes = m_rows * m_cols;
  for (int l = 0; l < 4 * nodes; ++l) t.busy_s += m_links[l].busy_s();
  const double used_routers =
      mesh_used_routers(m_rows, m_cols, [&](int l) { return m_links[l].busy_s() > 0; });
  const double routers = nodes;
  t.area_mm2 = routers * m_params.router_area_mm2();
  t.instances = nodes;
  const bool gate_unused = m_params.gating.mode != kernel::PowerGating::Mode::none;
  t.static_power_w = (gate_unused ? used_routers : routers) * m_params.router_static_power_w();
  t.used = used_routers > 0;
  return t;
}

void MeshNoc::report_stats(kernel::IStatsSink& sink) const {
  sink.add(m_stats_path, "transfers", m_transfers, "count", "unicast and multicast transfers");
  sink.add(m_stats_path, "bits", m_bits, "bit", "payload bits injected");
  sink.add(m_stats_path, "bit_hops", m_bit_hops, "bit", "bits x links traversed");
  sink.add(m_stats_path, "energy", m_energy_j, "J", "dynamic energy");
  sink.add(m_stats_path, "link_busy", totals().busy_s, "s", "summed busy time of all links");
}

}  // namespace aimcsim::interconnect
