// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "sim/config/param_values.hpp"
#include "sim/kernel/power_gating.hpp"

namespace aimcsim::interconnect {

/// 2-D mesh network-on-chip with XY routing.
struct NocParams {
  int link_width_bits = 8;
  double frequency_hz = 400e6;
  int router_latency_cycles = 1;
  double energy_per_bit_hop_j = 0;
  int router_buffer_flits = 4;         ///< input buffer depth per port [flits of link width]
  double router_area_per_bit_mm2 = 0;  ///< area per buffered bit, crossbar and allocators included
  double logic_leakage_w_per_mm2 = 0;  ///< chip.logic_leakage, copied by the config reader
  kernel::PowerGating gating;          ///< chip.power_gating, copied by the config reader

  double cycle_s() const { return 1.0 / frequency_hz; }
  /// Area of one 5-port router [mm2]: 5 ports x buffer_flits x link_width x area_per_bit.
  double router_area_mm2() const {
    return 5.0 * router_buffer_flits * link_width_bits * router_area_per_bit_mm2;
  }
  /// Leakage of one router [W]: its area x chip.logic_leakage.
  double router_static_power_w() const { return router_area_mm2() * logic_leakage_w_per_mm2; }
  double link_bandwidth_bytes_per_s() const { return link_width_bits * frequency_hz / 8.0; }

  static const config::ComponentSpec& spec();
  static NocParams from(const config::ParamValues& v);
};

/// Point-to-point links between chips, one class (on-package die-to-die or off-package board).
struct ChipLinkParams {
  std::string topology = "ring";  ///< ring, line or all_to_all
  double bandwidth_bytes_per_s = 0;
  double latency_s = 0;
  double energy_per_bit_j = 0;
  double area_mm2 = 0;        ///< PHY area per link end, on the chip
  double static_power_w = 0;  ///< idle power per link end

  /// On-package die-to-die links (UCIe-class defaults).
  static const config::ComponentSpec& spec();
  /// Off-package board links (SerDes-class defaults).
  static const config::ComponentSpec& board_spec();
  static ChipLinkParams from(const config::ParamValues& v);
};

}  // namespace aimcsim::interconnect
