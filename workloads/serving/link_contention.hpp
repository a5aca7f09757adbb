// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <memory>
#include <utility>
#include <vector>

#include "sim/kernel/timeline.hpp"
#include "workloads/serving/fast_fabric.hpp"

namespace aimcsim::workloads::serving {

/// One link's share of a traffic pattern: its bookings merged into runs [s from the pattern's
/// ready time].
struct LinkSpan {
  int link;
  int slot;  ///< its calendar in LinkContention (dense: only links some footprint books)
  double offset_s, busy_s;
};
/// A traffic pattern's runs on the links it shares with other patterns, by offset.
using Footprint = std::vector<LinkSpan>;

/// Where micro-batches of one step meet on the fabric. Each traffic pattern the fast model
/// memoizes (a linear group, a transfer between units) is a user of the links it books; links
/// of more than one user (a unit's router ports, the gateway, routes crossing another block's
/// tiles) are shared. Of those a pattern keeps the ones that are among some pattern's
/// k_busiest_links (its own or another's). In steps of several micro-batches each pattern
/// books its runs on those links on persistent calendars, in order of offset: micro-batch k+1
/// waits where its traffic meets k's in the next block (or k+2's in the previous one), as
/// the fine model's per-link calendars make it.
class LinkContention {
 public:
  explicit LinkContention(int link_ids);

  /// Registers a pattern by its bookings on idle links (FastFabric::record_into).
  void add_user(const std::vector<FastFabric::Booking>& bookings);
  /// The footprint of `bookings` (a registered pattern's, on idle links from time 0).
  void footprint(std::vector<FastFabric::Booking>& bookings, Footprint& out);
  /// Books `f` from `ready_s`; returns the delay the pattern ends with [s]. `now_s`: no later
  /// booking comes before it.
  double book(const Footprint& f, double ready_s, double now_s);

 private:
  /// Links kept per pattern: its busiest ones. Where micro-batches wait is mostly one of
  /// these (a unit's router port, the gateway: the links near a multicast's root and where
  /// results converge); more links cost host time for little change (docs/serving.md).
  static constexpr std::size_t k_busiest_links = 2;

  std::vector<int> m_last_user, m_users;
  std::vector<char> m_busiest;  ///< one of some pattern's k_busiest_links
  int m_next_user = 0;
  std::vector<int> m_slot;  ///< per link: its calendar, -1 before a footprint books it
  /// Calendars of the links footprints book, few and dense so that they stay in cache.
  std::vector<kernel::Timeline> m_calendar;
  std::vector<std::pair<int, double>> m_scratch;
};

/// Footprints of one pattern per token count, computed on first use.
class FootprintMemo {
 public:
  template <class Compute>
  const Footprint& at(int n, Compute&& compute) {
    const std::size_t i = static_cast<std::size_t>(n);
    if (i >= m_by_n.size()) m_by_n.resize(i + 1);
    if (!m_by_n[i]) {
      m_by_n[i] = std::make_unique<Footprint>();
      compute(n, *m_by_n[i]);
    }
    return *m_by_n[i];
  }

 private:
  std::vector<std::unique_ptr<Footprint>> m_by_n;
};

}  // namespace aimcsim::workloads::serving
