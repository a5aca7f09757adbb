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
       config::integer_param("router_buffer_flits", "4", 1, 1024,
                             "input buffer depth per router port, in flits of link width",
                             "Park et al., DAC 2012 and DSENT/ORION baseline routers: a few "
                             "flits per port"),
       config::real_param("router_area_per_bit", Dimension::area, "um2", "2", 0,
                          "router area per buffered bit, crossbar and allocators included "
                          "(router leakage = area x chip.logic_leakage)",
                          "assumption: 14 nm flip-flop ~0.5 um2/bit, x4 for the 5x5 crossbar, "
                          "allocators and wiring, which in DSENT/ORION router breakdowns take "
                          "about as much as the buffers or more")},
      {}};
  return s;
}

NocParams NocParams::from(const config::ParamValues& v) {
  NocParams p;
  p.link_width_bits = static_cast<int>(v.integer("link_width_bits"));
  p.frequency_hz = v.real("frequency");
  p.router_latency_cycles = static_cast<int>(v.integer("router_latency_cycles"));
  p.energy_per_bit_hop_j = v.real("energy_per_bit_hop");
  p.router_buffer_flits = static_cast<int>(v.integer("router_buffer_flits"));
  p.router_area_per_bit_mm2 = v.real("router_area_per_bit");
  return p;
}

const ComponentSpec& ChipLinkParams::spec() {
  static const ComponentSpec s{
      "chip_link",
      "on-package die-to-die links between the chips of one package (UCIe-class)",
      {config::choice_param("topology", {"ring", "line", "all_to_all"}, "ring",
                            "how chips are connected (all links, on- and off-package); "
                            "transfers take the shortest path"),
       config::positive_param("bandwidth", Dimension::bandwidth, "GB/s", "64",
                              "bandwidth of one link, one direction",
                              "UCIe 1.0 standard package x16 at 32 GT/s"),
       config::real_param("latency", Dimension::time, "ns", "2", 0, "latency of one link",
                          "UCIe: ~2 ns PHY round trip (Das Sharma, Hot Interconnects 2025)"),
       config::real_param("energy_per_bit", Dimension::energy_per_bit, "pJ/bit", "0.5", 0,
                          "energy per bit per link", "UCIe 1.0 standard package target"),
       config::real_param("area", Dimension::area, "mm2", "0.5", 0, "PHY area per link end",
                          "assumption: UCIe standard-package x16 module ~1 mm of shoreline x "
                          "~0.5 mm depth"),
       config::real_param("static_power", Dimension::power, "mW", "10", 0,
                          "idle power per link end",
                          "assumption: clock lanes and receivers of an idle x16 module at ~3% "
                          "of its 0.5 pJ/bit x 512 Gb/s = 256 mW active power")},
      {}};
  return s;
}

const ComponentSpec& ChipLinkParams::board_spec() {
  static const ComponentSpec s{
      "board_link",
      "off-package links between packages on a board (SerDes-class)",
      {config::positive_param("bandwidth", Dimension::bandwidth, "GB/s", "50",
                              "bandwidth of one link, one direction",
                              "4 lanes x 100 Gb/s PAM4 SerDes (assumption: a x4 board link)"),
       config::real_param("latency", Dimension::time, "ns", "50", 0, "latency of one link",
                          "assumption: PAM4 SerDes with FEC add tens of ns per hop"),
       config::real_param("energy_per_bit", Dimension::energy_per_bit, "pJ/bit", "5", 0,
                          "energy per bit per link",
                          "assumption: long-reach 100G-class SerDes report ~5 pJ/bit"),
       config::real_param("area", Dimension::area, "mm2", "2", 0, "PHY area per link end",
                          "assumption: 4 long-reach SerDes lanes at ~0.5 mm2 each"),
       config::real_param("static_power", Dimension::power, "mW", "200", 0,
                          "idle power per link end",
                          "assumption: SerDes keep clock recovery running: ~10% of 5 pJ/bit x "
                          "400 Gb/s = 2 W active")},
      {}};
  return s;
}

ChipLinkParams ChipLinkParams::from(const config::ParamValues& v) {
  ChipLinkParams p;
  if (&v.spec() == &spec()) p.topology = v.word("topology");
  p.bandwidth_bytes_per_s = v.real("bandwidth");
  p.latency_s = v.real("latency");
  p.energy_per_bit_j = v.real("energy_per_bit");
  p.area_mm2 = v.real("area");
  p.static_power_w = v.real("static_power");
  return p;
}

}  // namespace aimcsim::interconnect
