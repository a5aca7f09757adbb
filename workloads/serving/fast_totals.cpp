// SPDX-License-Identifier: Apache-2.0
// FastChip::totals: the static energy of the same instances the elaborated System reports
// (sim/system.cpp, sim/report/component_walk.cpp, run_summary.cpp), with the same power gating.
#include <algorithm>

#include "sim/chip_area.hpp"
#include "sim/report/component_walk.hpp"
#include "tiles/tile_cost.hpp"
#include "workloads/serving/fast_chip.hpp"
#include "workloads/serving/fast_chip_parts.hpp"

namespace aimcsim::workloads::serving {

namespace {
/// A block that never gates while idle: on for the span once used (or always under `none`).
double ungated_j(const kernel::PowerGating& g, double static_w, bool used, double span_s) {
  kernel::ComponentTotals t;
  t.static_power_w = static_w;
  t.used = used;
  return report::static_energy_j(t, g, span_s);
}
}  // namespace

ChipTotals FastChip::totals(double span_s) {
  ChipTotals out;
  const kernel::PowerGating& g = m_cfg.chip.gating;
  const auto& tile = m_cfg.chip.analog_tile;
  const auto& dp = m_cfg.chip.digital_unit;
  out.dynamic_energy_j = m_dynamic_j;
  out.events = m_events;
  double static_j = 0, constant_static_j = 0;
  // Static energy of a block that never gates while idle: constant power over the span.
  auto constant_j = [&](const kernel::PowerGating& gating, double w, bool used, double span) {
    const double j = ungated_j(gating, w, used, span);
    constant_static_j += j;
    return j;
  };

  // Mapped tiles, one group per linear: every tile leaks for its own busy time plus the
  // group's idle time kept on (a tile of the group waits when the group does).
  const tiles::TileStaticPower tp = tiles::tile_static_power(tile);
  const tiles::TileArea ta = tiles::tile_area(tile);
  long long mapped_tiles = 0;
  auto add_linear = [&](const Linear& l) {
    if (!l.mapped->analog) return;
    const double tiles = double(l.mapped->tiles.size());
    mapped_tiles += static_cast<long long>(l.mapped->tiles.size());
    const double crossbar_w = tp.dac_w + tp.adc_w + tp.array_w;
    kernel::ComponentTotals t;
    t.used = l.group.bookings > 0;
    t.gateable = true;
    t.idle_on_s = l.group.idle_on_s;
    t.last_end_s = l.group.calendar.last_end_s();
    t.idle_timeout_s = tile.gating.idle_timeout_s;
    // Per tile: its mean crossbar (local-digital) busy time plus the group's wake-ups.
    t.static_power_w = crossbar_w;
    t.powered_busy_s = tiles > 0 ? l.tile_busy_s / tiles : 0;
    t.wake_energy_j = l.group.wakeups * tile.gating.wake_energy_j_per_mm2 * (ta.dac_mm2 + ta.adc_mm2);
    static_j += tiles * report::static_energy_j(t, tile.gating, span_s);
    t.static_power_w = tp.local_digital_w;
    t.powered_busy_s = tiles > 0 ? l.local_busy_s / tiles : 0;
    t.wake_energy_j = l.group.wakeups * tile.gating.wake_energy_j_per_mm2 * ta.local_digital_mm2;
    static_j += tiles * report::static_energy_j(t, tile.gating, span_s);
  };
  for (const auto& b : m_blocks)
    for (const auto& l : b->linears) add_linear(*l);
  add_linear(*m_lm_head);
  // Unmapped tiles: never used.
  const long long all_tiles = static_cast<long long>(m_map.chips) * m_map.tiles_per_chip;
  const double unmapped_j =
      double(all_tiles - mapped_tiles) * ungated_j(g, tp.total_w(), false, span_s);
  static_j += unmapped_j;
  constant_static_j += unmapped_j;

  // Digital units (gated while idle) and their operand SRAMs (never gated).
  double du_busy = 0;
  for (std::size_t d = 0; d < m_du.size(); ++d) {
    const GatedCalendar& u = m_du[d];
    kernel::ComponentTotals t;
    t.static_power_w = dp.static_power_w();
    t.used = u.bookings > 0;
    t.gateable = true;
    t.powered_busy_s = u.calendar.busy_s();
    t.idle_on_s = u.idle_on_s;
    t.last_end_s = u.calendar.last_end_s();
    t.idle_timeout_s = dp.gating.idle_timeout_s;
    t.wake_energy_j = u.wakeups * dp.gating.wake_energy_j_per_mm2 * dp.logic_area_mm2();
    static_j += report::static_energy_j(t, dp.gating, span_s);
    static_j += constant_j(g, dp.sram.static_power_w(), m_du_sram_bytes[d] > 0, span_s);
    du_busy += u.calendar.busy_s();
  }

  // KV SRAM per chip, DRAM per package: never gated.
  double mem_busy = 0;
  const auto& kv = m_cfg.chip.kv_cache;
  for (const auto& p : m_kv.sram_ports()) {
    static_j += constant_j(g, kv.sram.static_power_w(), p.bytes > 0, span_s);
    mem_busy += p.calendar.busy_s();
  }
  const double dram_w = m_cfg.system.memory_stacks_per_package * kv.dram.static_power_w;
  for (const auto& p : m_kv.dram_ports()) {
    static_j += constant_j(g, dram_w, p.bytes > 0, span_s);
    mem_busy += p.calendar.busy_s();
  }

  // Routers (MeshNoc::totals), chip-link PHYs (ChipLinks::totals), die links, other area.
  const bool gate_unused = g.mode != kernel::PowerGating::Mode::none;
  const auto& noc = m_cfg.chip.noc;
  const int nodes = m_cfg.chip.mesh_rows * m_cfg.chip.mesh_cols;
  for (int c = 0; c < m_map.chips; ++c) {
    const int used = m_fabric.used_routers(c);
    const double w = (gate_unused ? used : nodes) * noc.router_static_power_w();
    static_j += constant_j(g, w, used > 0, span_s);
  }
  const auto& route = m_fabric.route();
  const std::string& topology = route.setup().on_package.topology;
  double phy_w = 0;
  bool links_used = false;
  int links = 0;
  for (int a = 0; a < m_map.chips; ++a)
    for (int b = a + 1; b < m_map.chips; ++b) {
      if (!interconnect::chips_linked(topology, m_map.chips, a, b)) continue;
      const bool busy = m_fabric.chip_link_used(a, b) || m_fabric.chip_link_used(b, a);
      links_used = links_used || busy;
      links += 2;
      if (!gate_unused || busy) phy_w += 2 * route.params(a, b).static_power_w;
    }
  static_j += constant_j(g, phy_w, links_used, span_s);
  for (int c = 0; c < m_map.chips; ++c) {
    const auto ends = interconnect::link_ends(topology, m_map.chips,
                                              m_cfg.system.chips_per_package, c);
    const int dies = chip_area(m_cfg, ends.first, ends.second).dies;
    const double w = 2.0 * (dies - 1) * m_cfg.system.chip_link.static_power_w;
    static_j += constant_j(g, w, dies > 1, span_s);
  }
  const double other_w = m_map.chips * m_cfg.chip.other_total_static_power_w();
  static_j += constant_j(g, other_w, true, span_s);
  out.static_energy_j = static_j;
  // The part that does not depend on when the chip worked, as a mean power (the time series
  // adds it evenly; what gating saves is spread by busy time).
  out.ungated_static_w = span_s > 0 ? constant_static_j / span_s : 0.0;

  const double span = span_s > 0 ? span_s : 1.0;
  Utilisation& u = out.utilisation;
  u.tiles = mapped_tiles > 0 ? m_tile_busy_s / (double(mapped_tiles) * span) : 0;
  u.digital_units = m_du.empty() ? 0 : du_busy / (double(m_du.size()) * span);
  u.noc = m_noc_busy_s / (double(m_fabric.noc_links()) * span);
  u.memory = mem_busy / (double(m_kv.sram_ports().size() + m_kv.dram_ports().size()) * span);
  u.chip_links = links > 0 ? m_link_busy_s / (links * span) : 0;  // directed links
  return out;
}

}  // namespace aimcsim::workloads::serving
