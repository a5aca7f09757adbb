// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "sim/config/param_values.hpp"

namespace aimcsim::interconnect {

/// 2-D mesh network-on-chip with XY routing.
struct NocParams {
  int link_width_bits = 8;
  double frequency_hz = 400e6;
  int router_latency_cycles = 1;
  double energy_per_bit_hop_j = 0;
  double router_area_mm2 = 0;
  double router_static_power_w = 0;

  double cycle_s() const { return 1.0 / frequency_hz; }
  double link_bandwidth_bytes_per_s() const { return link_width_bits * frequency_hz / 8.0; }

  static const config::ComponentSpec& spec();
  static NocParams from(const config::ParamValues& v);
};

/// Point-to-point links between chips.
struct ChipLinkParams {
  std::string topology = "ring";  ///< ring, line or all_to_all
  double bandwidth_bytes_per_s = 0;
  double latency_s = 0;
  double energy_per_bit_j = 0;
  double area_mm2 = 0;
  double static_power_w = 0;

  static const config::ComponentSpec& spec();
  static ChipLinkParams from(const config::ParamValues& v);
};

}  // namespace aimcsim::interconnect
