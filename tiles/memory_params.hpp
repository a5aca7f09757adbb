// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "sim/config/param_values.hpp"
#include "tiles/digital_unit_params.hpp"

namespace aimcsim::tiles {

/// Off-chip DRAM (HBM/LPDDR) of a chip: KV-cache spill, embedding table, digital weights.
struct DramParams {
  std::string kind;
  double capacity_bytes = 0;
  double bandwidth_bytes_per_s = 0;
  double latency_s = 0;
  double energy_per_bit_j = 0;
  double static_power_w = 0;
};

/// KV-cache memory of a chip: on-chip SRAM first, spill to DRAM.
struct KvCacheParams {
  SramParams sram;
  DramParams dram;

  static const config::ComponentSpec& spec();
  static KvCacheParams from(const config::ParamValues& v);
};

}  // namespace aimcsim::tiles
