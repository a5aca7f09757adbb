// SPDX-License-Identifier: Apache-2.0
#include "interconnect/noc_params.hpp"

namespace aimcsim::interconnect {

using config::ComponentSpec;
using config::Dimension;

const ComponentSpec& NocParams::spec() {
  static const ComponentSpec s{
      "noc",
      "2-D mesh network-on-chip, XY routing, one router per tile",
      {config::integer_param("link_width_bits", "8", 1, 4096, "data bits per link per cycle",
                             "LG23: 8 parallel 1-bit channels per core-to-core link"),
       config::positive_param("frequency", Dimension::frequency, "MHz", "400", "link clock",
                              "LG23: 3.2 Gb/s max link rate = 8 x 400 MHz"),
       config::integer_param("router_latency_cycles", "1", 0, 1000, "cycles per hop",
                             "Park et al., DAC 2012: 1-cycle router+link per hop"),
       config::real_param("energy_per_bit_hop", Dimension::energy_per_bit, "pJ/bit", "0.066", 0,
                          "energy of one bit over one router and link",
                          "Park et al., DAC 2012: 892 Gb/s at 531 mW = 0.6 pJ/bit (45 nm), x0.11"),
       config::real_param("router_area", Dimension::area, "mm2", "0", 0, "area per router",
                          "inside the HERMES core area (see local_digital.area)"),
       config::real_param("router_static_power", Dimension::power, "mW", "0", 0,
                          "leakage per router", "inside the measured HERMES core figures")},
      {}};
  return s;
}

NocParams NocParams::from(const config::ParamValues& v) {
  NocParams p;
  p.link_width_bits = static_cast<int>(v.integer("link_width_bits"));
  p.frequency_hz = v.real("frequency");
  p.router_latency_cycles = static_cast<int>(v.integer("router_latency_cycles"));
  p.energy_per_bit_hop_j = v.real("energy_per_bit_hop");
  p.router_area_mm2 = v.real("router_area");
  p.router_static_power_w = v.real("router_static_power");
  return p;
}

const ComponentSpec& ChipLinkParams::spec() {
  static const ComponentSpec s{
      "chip_link",
      "chip-to-chip links (die-to-die or board)",
      {config::choice_param("topology", {"ring", "line", "all_to_all"}, "ring",
                            "how chips are connected; transfers take the shortest path"),
       config::positive_param("bandwidth", Dimension::bandwidth, "GB/s", "64",
                              "bandwidth of one link, one direction",
                              "UCIe 1.0 standard package x16 at 32 GT/s"),
       config::real_param("latency", Dimension::time, "ns", "2", 0, "latency of one link",
                          "UCIe: ~2 ns PHY round trip (Das Sharma, Hot Interconnects 2025)"),
       config::real_param("energy_per_bit", Dimension::energy_per_bit, "pJ/bit", "0.5", 0,
                          "energy per bit per link", "UCIe 1.0 standard package target"),
       config::real_param("area", Dimension::area, "mm2", "0", 0, "PHY area per link end",
                          "not modelled by default: no 14 nm UCIe PHY area at hand"),
       config::real_param("static_power", Dimension::power, "mW", "0", 0, "idle power per link",
                          "not modelled by default")},
      {}};
  return s;
}

ChipLinkParams ChipLinkParams::from(const config::ParamValues& v) {
  ChipLinkParams p;
  p.topology = v.word("topology");
  p.bandwidth_bytes_per_s = v.real("bandwidth");
  p.latency_s = v.real("latency");
  p.energy_per_bit_j = v.real("energy_per_bit");
  p.area_mm2 = v.real("area");
  p.static_power_w = v.real("static_power");
  return p;
}

}  // namespace aimcsim::interconnect
