// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Timing of mesh NoC transfers without SystemC: XY routes, virtual cut-through unicast and
/// the sliced multicast tree. The link calendar is a parameter, `reserve(link, ready_s,
/// duration_s) -> start_s`, so the SystemC MeshNoc (a Timeline per link) and the fast serving
/// model (free or scratch calendars) run ONE implementation of the equations.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <vector>

#include "interconnect/noc_params.hpp"

namespace aimcsim::interconnect {

/// The XY route from src to dst on a mesh of `cols` columns: `length` links; link(k) is the
/// k-th from the source, as node * 4 + direction (0 E, 1 W, 2 S, 3 N). Computed arithmetically,
/// so walking part of a route costs nothing for the rest.
struct MeshRoute {
  int x0, y0, tx, sx, sy, dx, length, cols;
  int link(int k) const {
    if (k < dx) return (y0 * cols + x0 + k * sx) * 4 + (sx > 0 ? 0 : 1);
    const int y = y0 + (k - dx) * sy;
    return (y * cols + tx) * 4 + (sy > 0 ? 2 : 3);
  }
};

inline MeshRoute mesh_route(int cols, int src, int dst) {
  MeshRoute r;
  r.cols = cols;
  r.x0 = src % cols;
  r.y0 = src / cols;
  r.tx = dst % cols;
  const int ty = dst / cols;
  r.sx = r.tx >= r.x0 ? 1 : -1;
  r.sy = ty >= r.y0 ? 1 : -1;
  r.dx = std::abs(r.tx - r.x0);
  r.length = r.dx + std::abs(ty - r.y0);
  return r;
}

/// Time a transfer of `bytes` holds each link: ceil(8 bytes / link width) cycles [s].
inline double noc_serialisation_s(const NocParams& p, double bytes) {
  return std::ceil(bytes * 8.0 / p.link_width_bits) * p.cycle_s();
}

/// Head latency per hop: router_latency_cycles / f [s].
inline double noc_hop_s(const NocParams& p) { return p.router_latency_cycles * p.cycle_s(); }

/// Unicast of `bytes` along `r` from `ready_s`, cut-through: the head moves one hop per router
/// latency, each link is held for the serialisation time. Returns the tail's arrival [s].
template <class Reserve>
double mesh_unicast_s(const NocParams& p, const MeshRoute& r, double bytes, double ready_s,
                      Reserve&& reserve) {
  const double ser = noc_serialisation_s(p, bytes);
  const double hop = noc_hop_s(p);
  double head = ready_s, tail = ready_s;
  for (int k = 0; k < r.length; ++k) {
    const double start = reserve(r.link(k), head, ser);
    head = start + hop;
    tail = start + ser + hop;
  }
  return tail;
}

/// Routers of a `rows` x `cols` mesh that carried traffic, given `link_used(link)` per directed
/// link: a router is used when any link out of it carried data (a destination-only router is
/// used by its neighbour's link into it).
template <class LinkUsed>
int mesh_used_routers(int rows, int cols, LinkUsed&& link_used) {
  const int nodes = rows * cols;
  std::vector<char> used(static_cast<std::size_t>(nodes), 0);
  for (int l = 0; l < 4 * nodes; ++l) {
    if (!link_used(l)) continue;
    const int n = l / 4, col = n % cols, dir = l % 4;
    used[n] = 1;
    const int to = dir == 0 ? n + 1 : dir == 1 ? n - 1 : dir == 2 ? n + cols : n - cols;
    if (to >= 0 && to < nodes && (dir > 1 || (dir == 0 ? col + 1 < cols : col > 0))) used[to] = 1;
  }
  int count = 0;
  for (char u : used) count += u;
  return count;
}

/// Sliced multicast over the union of XY routes (a tree): every link of it is used once and
/// carries the union of the slices needed behind it. Holds per-link scratch so a multicast
/// allocates nothing once warm.
class MulticastTree {
 public:
  explicit MulticastTree(std::size_t links)
      : m_bytes(links, 0.0), m_head(links, 0.0), m_tail(links, 0.0), m_slice(links, -1) {}

  /// Destination i needs slice `slices[i]` of `slice_bytes[slice]` bytes; writes each
  /// destination's arrival to `arrivals` and adds the payload bits injected at the source and
  /// the bits x links to `bits` and `bit_hops`.
  template <class Reserve>
  void run(const NocParams& p, int cols, int src, const std::vector<int>& dsts,
           const std::vector<int>& slices, const double* slice_bytes, double ready_s,
           Reserve&& reserve, std::vector<double>& arrivals, double& bits, double& bit_hops) {
    arrivals.assign(dsts.size(), ready_s);
    // Visit destinations grouped by slice so a link counts each slice it carries once (callers
    // usually pass them grouped already).
    m_order.resize(dsts.size());
    for (std::size_t i = 0; i < dsts.size(); ++i) m_order[i] = static_cast<int>(i);
    if (!std::is_sorted(slices.begin(), slices.end()))
      std::stable_sort(m_order.begin(), m_order.end(),
                       [&](int a, int b) { return slices[a] < slices[b]; });
    m_tree.clear();
    m_leaf.assign(dsts.size(), -1);
    for (int i : m_order) {
      if (dsts[i] == src) continue;
      const MeshRoute r = mesh_route(cols, src, dsts[i]);
      const std::size_t first_new = m_tree.size();
      m_leaf[i] = r.link(r.length - 1);
      // Walk back from the destination; once a link already carries this slice, so does every
      // link between it and the source.
      for (int k = r.length - 1; k >= 0; --k) {
        const int link = r.link(k);
        if (m_slice[link] == slices[i]) break;
        if (m_bytes[link] == 0.0) m_tree.push_back({link, k > 0 ? r.link(k - 1) : -1});
        m_bytes[link] += slice_bytes[slices[i]];
        m_slice[link] = slices[i];
      }
      // The new links were found destination-first; reversed, each follows its parent, which
      // is either among them or already earlier in the tree.
      std::reverse(m_tree.begin() + static_cast<std::ptrdiff_t>(first_new), m_tree.end());
    }
    // Reserve from the source outwards: a link's head leaves after its parent's head.
    const double hop = noc_hop_s(p);
    for (const TreeLink& t : m_tree) {
      const double bytes = m_bytes[t.link];
      const double ser = noc_serialisation_s(p, bytes);
      const double ready = t.parent < 0 ? ready_s : m_head[t.parent];
      m_head[t.link] = reserve(t.link, ready, ser) + hop;
      m_tail[t.link] = m_head[t.link] + ser;
      bit_hops += bytes * 8.0;
      if (t.parent < 0) bits += bytes * 8.0;
    }
    for (std::size_t i = 0; i < dsts.size(); ++i)
      if (m_leaf[i] >= 0) arrivals[i] = m_tail[m_leaf[i]];
    for (const TreeLink& t : m_tree) m_bytes[t.link] = 0.0, m_slice[t.link] = -1;
  }

 private:
  struct TreeLink {
    int link, parent;
  };
  std::vector<double> m_bytes, m_head, m_tail;  // per link; in the tree when m_bytes > 0
  std::vector<int> m_slice;
  std::vector<TreeLink> m_tree;
  std::vector<int> m_order, m_leaf;
};

}  // namespace aimcsim::interconnect
