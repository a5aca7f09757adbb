// SPDX-License-Identifier: Apache-2.0
#include "sim/chip_area.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <cstdio>

#include "interconnect/chip_links.hpp"
#include "sim/config/config_error.hpp"
#include "tiles/tile_cost.hpp"

namespace aimcsim {

ChipArea chip_area(const RunConfig& cfg, int on_package_ends, int off_package_ends) {
  const ChipParams& c = cfg.chip;
  ChipArea a;
  a.tiles_mm2 = c.tiles_per_chip() * tiles::tile_area(c.analog_tile).total_mm2();
  a.routers_mm2 = c.tiles_per_chip() * c.noc.router_area_mm2();
  a.digital_units_mm2 =
      c.digital_unit.count * (c.digital_unit.logic_area_mm2() + c.digital_unit.sram.area_mm2());
  a.kv_sram_mm2 = c.kv_cache.sram.area_mm2();
  a.links_mm2 = on_package_ends * cfg.system.chip_link.area_mm2 +
                off_package_ends * cfg.system.board_link.area_mm2;
  a.other_mm2 = c.other_area_mm2;
  a.dies = dies_for(cfg, a.total_mm2());
  a.die_links_mm2 = 2.0 * (a.dies - 1) * cfg.system.chip_link.area_mm2;
  return a;
}

int dies_for(const RunConfig& cfg, double base_mm2) {
  if (!cfg.system.multi_die_package) return 1;
  const double max_mm2 = cfg.chip.max_area_mm2, phy_mm2 = cfg.system.chip_link.area_mm2;
  // Each added die brings max_area of room and costs two PHYs; if they fill it, no count fits.
  if (2 * phy_mm2 >= max_mm2)
    config::fail_value(cfg.values->child("system").child("chip_link"), "area",
                       "expected less than half of chip.max_area (" + std::to_string(max_mm2) +
                           " mm2) for system.multi_die_package: two die-to-die PHYs per die");
  int d = std::max(1, static_cast<int>(std::ceil(base_mm2 / max_mm2)));
  while (base_mm2 + 2.0 * (d - 1) * phy_mm2 > d * max_mm2) ++d;
  return d;
}

ChipArea largest_chip_area(const RunConfig& cfg, int chips) {
  ChipArea best = chip_area(cfg, 0, 0);
  // Link ends repeat with the package pattern: the first two packages and the last chip cover
  // every case of the ring, line and all-to-all topologies.
  const int cpp = cfg.system.chips_per_package;
  for (int c = 0; c < chips; ++c) {
    if (c >= 2 * cpp && c != chips - 1) continue;
    const auto ends = interconnect::link_ends(cfg.system.chip_link.topology, chips, cpp, c);
    const ChipArea a = chip_area(cfg, ends.first, ends.second);
    if (a.total_mm2() > best.total_mm2()) best = a;
  }
  return best;
}

void check_die_area(const RunConfig& cfg, int chips) {
  if (cfg.system.multi_die_package) return;
  const ChipArea a = largest_chip_area(cfg, chips);
  if (a.total_mm2() <= cfg.chip.max_area_mm2) return;
  const ChipParams& c = cfg.chip;
  char what[640];
  std::snprintf(what, sizeof what,
                "a chip takes %.1f mm2 = %d tiles x %.3f mm2 (chip.mesh.rows x cols, "
                "chip.analog_tile rows, cols, adc, dac, local_digital, device_area) + routers "
                "%.1f (chip.noc) + digital units %.1f (chip.digital_unit count, lanes, sram) + KV "
                "SRAM %.1f (chip.kv_cache.sram.capacity) + link PHYs %.1f (system.chip_link.area, "
                "system.board_link.area) + other %.1f (chip.other_area); expected at most %.0f "
                "mm2, or system.multi_die_package: true",
                a.total_mm2(), c.tiles_per_chip(), tiles::tile_area(c.analog_tile).total_mm2(),
                a.routers_mm2, a.digital_units_mm2, a.kv_sram_mm2, a.links_mm2, a.other_mm2,
                c.max_area_mm2);
  config::fail_value(cfg.values->child("chip"), "max_area", what);
}

}  // namespace aimcsim
