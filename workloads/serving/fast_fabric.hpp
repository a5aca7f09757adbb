// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <array>
#include <vector>

#include "interconnect/chip_link_route.hpp"
#include "interconnect/fabric_routing.hpp"
#include "interconnect/mesh_route.hpp"
#include "sim/kernel/timeline.hpp"

namespace aimcsim::workloads::serving {

/// The fast model's data movement: the mesh and chip-link equations of interconnect/
/// (mesh_route.hpp, chip_link_route.hpp, fabric_routing.hpp: the code the SystemC Fabric runs)
/// on calendars that are either free (every link available at once: transfers between layers
/// are uncontended) or scratch calendars cleared by begin_scratch (the links a linear layer's
/// own multicast, partial sums and results share, so that traffic serialises as in the fine
/// model). Counts link busy seconds and marks the links used, for utilisation and static power.
class FastFabric {
 public:
  FastFabric(const interconnect::NocParams& noc, int mesh_rows, int mesh_cols,
             const interconnect::ChipLinkSetup& links, int chips);

  /// From now on links serialise on calendars that start empty.
  void begin_scratch();
  /// Back to free links.
  void end_scratch();
  /// One booking on a scratch calendar: mesh link ids first (chip * nodes * 4 + node * 4 +
  /// direction), then chip links (noc_links() + from * chips + to).
  struct Booking {
    int link;
    double start_s, busy_s;
  };
  /// While on (in scratch mode), every booking is appended to `out`; nullptr stops.
  void record_into(std::vector<Booking>* out) { m_record = out; }
  /// Mesh and chip-link calendars together (the range of Booking::link).
  int link_ids() const { return static_cast<int>(m_noc_cal.size() + m_link_cal.size()); }

  double transfer(kernel::NodeId src, kernel::NodeId dst, double bytes, double ready_s,
                  double& energy_j);
  void multicast(kernel::NodeId src, const kernel::NodeId* dsts, const int* slices, int count,
                 const double* slice_bytes, double ready_s, double* arrivals, double& energy_j);

  // The legs fabric_routing.hpp drives.
  double noc_unicast(int chip, int a, int b, double bytes, double ready_s, double& energy_j);
  void noc_multicast(int chip, int root, const std::vector<int>& dsts,
                     const std::vector<int>& slices, const double* slice_bytes, double ready_s,
                     std::vector<double>& arrivals, double& energy_j);
  double link_transfer(int a, int b, double bytes, double ready_s, double& energy_j);

  double noc_busy_s() const { return m_noc_busy_s; }       ///< link seconds booked so far
  double chip_link_busy_s() const { return m_link_busy_s; }
  /// Routers of chip `c` whose links carried traffic (see interconnect::mesh_used_routers).
  int used_routers(int chip) const;
  int noc_links() const { return m_chips * m_links_per_chip; }  ///< directed mesh links
  bool chip_link_used(int from, int to) const { return m_chip_link_used[from * m_chips + to]; }
  const interconnect::ChipLinkRoute& route() const { return m_route; }

 private:
  double reserve(std::vector<kernel::Timeline>& cal, std::vector<char>& used, int link,
                 double ready_s, double duration_s, double& busy_s);

  interconnect::NocParams m_noc;
  int m_rows, m_cols, m_chips, m_links_per_chip;
  interconnect::ChipLinkRoute m_route;
  interconnect::MulticastTree m_tree;
  interconnect::FabricMulticast m_multicast;
  bool m_scratch = false;
  std::vector<Booking>* m_record = nullptr;
  std::vector<kernel::Timeline> m_noc_cal, m_link_cal;  // scratch calendars
  std::vector<int> m_touched_noc, m_touched_link;
  std::vector<char> m_noc_used, m_chip_link_used;
  double m_noc_busy_s = 0, m_link_busy_s = 0;
  double m_board_bit_hops = 0, m_link_bit_hops = 0;
};

}  // namespace aimcsim::workloads::serving
