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
      m_tree_bytes(m_links.size(), 0.0),
      m_tree_head(m_links.size(), 0.0),
      m_tree_tail(m_links.size(), 0.0),
      m_tree_slice(m_links.size(), -1) {}

int MeshNoc::hops(int src, int dst) const {
  return std::abs(src % m_cols - dst % m_cols) + std::abs(src / m_cols - dst / m_cols);
}

MeshNoc::Route MeshNoc::route(int src, int dst) const {
  Route r;
  r.cols = m_cols;
  r.x0 = src % m_cols;
  r.y0 = src / m_cols;
  r.tx = dst % m_cols;
  const int ty = dst / m_cols;
  r.sx = r.tx >= r.x0 ? 1 : -1;
  r.sy = ty >= r.y0 ? 1 : -1;
  r.dx = std::abs(r.tx - r.x0);
  r.length = r.dx + std::abs(ty - r.y0);
  return r;
}

double MeshNoc::serialisation_s(double bytes) const {
  return std::ceil(bytes * 8.0 / m_params.link_width_bits) * m_params.cycle_s();
}

double MeshNoc::unicast(int src, int dst, double bytes, double ready_s, double& energy_j) {
  if (src == dst || bytes <= 0) return ready_s;
  const Route r = route(src, dst);
  const double ser = serialisation_s(bytes);
  const double hop = m_params.router_latency_cycles * m_params.cycle_s();
  const double now = kernel::now_s();
  double head = ready_s, tail = ready_s;
  for (int k = 0; k < r.length; ++k) {
    const double start = m_links[r.link(k)].reserve(head, ser, now);
    head = start + hop;
    tail = start + ser + hop;
  }
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
  arrivals.assign(dsts.size(), ready_s);
  // Visit destinations grouped by slice so a link counts each slice it carries once (callers
  // usually pass them grouped already).
  m_order.resize(dsts.size());
  for (size_t i = 0; i < dsts.size(); ++i) m_order[i] = static_cast<int>(i);
  if (!std::is_sorted(slices.begin(), slices.end()))
    std::stable_sort(m_order.begin(), m_order.end(),
                     [&](int a, int b) { return slices[a] < slices[b]; });
  m_tree.clear();
  m_leaf.assign(dsts.size(), -1);
  for (int i : m_order) {
    if (dsts[i] == src) continue;
    const Route r = route(src, dsts[i]);
    const size_t first_new = m_tree.size();
    m_leaf[i] = r.link(r.length - 1);
    // Walk back from the destination; once a link already carries this slice, so does every
    // link between it and the source.
    for (int k = r.length - 1; k >= 0; --k) {
      const int link = r.link(k);
      if (m_tree_slice[link] == slices[i]) break;
      if (m_tree_bytes[link] == 0.0) m_tree.push_back({link, k > 0 ? r.link(k - 1) : -1, k});
      m_tree_bytes[link] += slice_bytes[slices[i]];
      m_tree_slice[link] = slices[i];
    }
    // The new links were found destination-first; reversed, each follows its parent, which
    // is either among them or already earlier in the tree.
    std::reverse(m_tree.begin() + static_cast<std::ptrdiff_t>(first_new), m_tree.end());
  }
  // Reserve from the source outwards: a link's head leaves after its parent's head.
  const double hop = m_params.router_latency_cycles * m_params.cycle_s();
  const double now = kernel::now_s();
  double bits = 0, bit_hops = 0;
  for (const TreeLink& t : m_tree) {
    const double bytes = m_tree_bytes[t.link];
    const double ser = serialisation_s(bytes);
    const double ready = t.parent < 0 ? ready_s : m_tree_head[t.parent];
    m_tree_head[t.link] = m_links[t.link].reserve(ready, ser, now) + hop;
    m_tree_tail[t.link] = m_tree_head[t.link] + ser;
    bit_hops += bytes * 8.0;
    if (t.parent < 0) bits += bytes * 8.0;
  }
  for (size_t i = 0; i < dsts.size(); ++i)
    if (m_leaf[i] >= 0) arrivals[i] = m_tree_tail[m_leaf[i]];
  for (const TreeLink& t : m_tree) m_tree_bytes[t.link] = 0.0, m_tree_slice[t.link] = -1;
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
  // A router is used when any link out of it carried data (a destination-only router is used
  // by its neighbour's link into it).
  std::vector<char> used(nodes, 0);
  for (int l = 0; l < 4 * nodes; ++l) {
    if (m_links[l].busy_s() <= 0) continue;
    t.busy_s += m_links[l].busy_s();
    const int n = l / 4, col = n % m_cols, dir = l % 4;
    used[n] = 1;
    const int to = dir == 0 ? n + 1 : dir == 1 ? n - 1 : dir == 2 ? n + m_cols : n - m_cols;
    if (to >= 0 && to < nodes && (dir > 1 || (dir == 0 ? col + 1 < m_cols : col > 0))) used[to] = 1;
  }
  const double routers = nodes;
  double used_routers = 0;
  for (char u : used) used_routers += u;
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
