// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "sim/config/param_values.hpp"
#include "tiles/physics/config.hpp"

namespace aimcsim::tiles {

/// `chip.analog_tile.device`: the memory device model of the functional tile.
const config::ComponentSpec& device_spec();
/// `chip.analog_tile.nonideal`: optional aihwkit IOParameters non-idealities.
const config::ComponentSpec& nonideal_spec();

/// The physics configuration of a tile from its validated `chip.analog_tile` values (device,
/// nonideal, and the functional keys of dac and adc). Throws ConfigError naming the key when the
/// physics library rejects a combination.
physics::TileConfig physics_tile_config(const config::ParamValues& tile);

}  // namespace aimcsim::tiles
