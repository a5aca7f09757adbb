// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

#include <systemc>

#include "interconnect/mesh_route.hpp"
#include "interconnect/noc_params.hpp"
#include "sim/kernel/component.hpp"
#include "sim/kernel/timeline.hpp"

namespace aimcsim::interconnect {

/// The 2-D mesh NoC of one chip. Dimension-ordered XY routing; every directed link has a
/// calendar, so packets that share a link serialise (contention). Virtual cut-through timing:
/// the head advances one hop per router latency, each link is held for the serialisation time
/// ceil(bits / link_width) cycles. Multicast walks the union of the XY routes (a tree) and uses
/// each of its links once.
class MeshNoc : public sc_core::sc_module, public kernel::IComponent {
 public:
  MeshNoc(sc_core::sc_module_name name, const NocParams& params, int rows, int cols,
          std::string stats_path);

  /// Sends `bytes` from `src` to `dst` (node indices, row-major) starting at `ready_s`; returns
  /// the tail's arrival time [s] and adds the energy to `energy_j`.
  double unicast(int src, int dst, double bytes, double ready_s, double& energy_j);
  /// Sliced multicast: destination i needs slice `slices[i]` of `slice_bytes[slice]` bytes. The
  /// routes form a tree; every link of it is used once and carries the union of the slices
  /// needed behind it (the whole payload near the source, one slice at a leaf). Writes each
  /// destination's arrival time to `arrivals`.
  void multicast(int src, const std::vector<int>& dsts, const std::vector<int>& slices,
                 const double* slice_bytes, double ready_s, std::vector<double>& arrivals,
                 double& energy_j);

  /// Number of links on the XY route between two nodes (Manhattan distance).
  int hops(int src, int dst) const;

  std::string component_type() const override { return "noc"; }
  kernel::ComponentTotals totals() const override;
  std::string stats_path() const override { return m_stats_path; }
  void report_stats(kernel::IStatsSink& sink) const override;

 private:
  NocParams m_params;
  int m_rows, m_cols;
  std::string m_stats_path;
  std::vector<kernel::Timeline> m_links;  // node * 4 + direction (0 E, 1 W, 2 S, 3 N)
  double m_bits = 0, m_bit_hops = 0, m_transfers = 0, m_energy_j = 0;
  MulticastTree m_tree;  // multicast scratch
};

}  // namespace aimcsim::interconnect
