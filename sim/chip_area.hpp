// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "sim/arch_config.hpp"

namespace aimcsim {

/// Area of one chip, bottom-up [mm2] (docs/architecture.md, "Area"):
///   chip = tiles x (tile + router) + digital units x (logic + SRAM) + KV SRAM + link PHYs
///          + die-to-die PHYs + other
/// With system.multi_die_package the chip is `dies` dies of at most chip.max_area each, joined
/// in a chain by dies - 1 on-package links (system.chip_link): 2 (dies - 1) PHYs.
struct ChipArea {
  double tiles_mm2 = 0, routers_mm2 = 0, digital_units_mm2 = 0, kv_sram_mm2 = 0, links_mm2 = 0,
         die_links_mm2 = 0, other_mm2 = 0;
  int dies = 1;
  double total_mm2() const {
    return tiles_mm2 + routers_mm2 + digital_units_mm2 + kv_sram_mm2 + links_mm2 +
           die_links_mm2 + other_mm2;
  }
};

/// Dies of a chip whose area without die-to-die PHYs is `base_mm2`: 1 unless
/// system.multi_die_package; then the fewest d >= 1 with
/// base + 2 (d - 1) x chip_link.area <= d x chip.max_area.
int dies_for(const RunConfig& cfg, double base_mm2);

/// Area of a chip with `on_package_ends` on-package and `off_package_ends` board link PHYs.
ChipArea chip_area(const RunConfig& cfg, int on_package_ends, int off_package_ends);

/// Area of the largest chip of a system of `chips` chips (the one with the most link PHYs).
ChipArea largest_chip_area(const RunConfig& cfg, int chips);

/// Throws ConfigError naming chip.max_area and the keys that set the area when a chip of a
/// system of `chips` chips is larger than chip.max_area, unless system.multi_die_package.
void check_die_area(const RunConfig& cfg, int chips);

}  // namespace aimcsim
