// SPDX-License-Identifier: Apache-2.0
#include "tiles/memory_params.hpp"

namespace aimcsim::tiles {

using config::ComponentSpec;
using config::Dimension;

namespace {

const ComponentSpec& kv_sram_spec() {
  static const ComponentSpec s{
      "kv_sram",
      "on-chip SRAM holding the KV cache",
      {config::real_param("capacity", Dimension::bytes, "MiB", "4", 0, "KV-cache SRAM capacity",
                          "assumption (HERMES has no KV SRAM); 4 MiB fits 1k tokens of a "
                          "16-layer, 512-wide-KV model at 8 bit"),
       config::positive_param("bandwidth", Dimension::bandwidth, "GB/s", "102.4",
                              "read+write bandwidth", "256 B/cycle at 400 MHz (assumption)"),
       config::real_param("energy_per_bit", Dimension::energy_per_bit, "pJ/bit", "0.17", 0,
                          "access energy",
                          "Horowitz ISSCC 2014: 100 pJ per 64-bit read of 1 MB SRAM (45 nm), x0.11"),
       config::positive_param("density", Dimension::none, "Mbit/mm2", "3.2",
                              "macro density incl. periphery",
                              "TSMC 16 nm 128 Mb SRAM on 42.6 mm2 (Chen et al., JSSC 50(1), 2015)"),
       config::real_param("leakage_per_mbit", Dimension::power, "uW", "50", 0,
                          "retention leakage per Mbit",
                          "assumption: 14 nm 6T cell ~30 pA at 0.85 V (~25 pW/bit) x2 for "
                          "periphery = 50 uW/Mbit")},
      {}};
  return s;
}

const ComponentSpec& dram_spec() {
  static const ComponentSpec s{
      "dram",
      "one off-chip DRAM stack; a package has system.memory_stacks_per_package of them, shared "
      "by its chips (KV spill, embeddings, digitally executed weights)",
      {config::text_param("kind", "HBM2", "technology name, for reports"),
       config::real_param("capacity", Dimension::bytes, "GiB", "8", 0, "capacity",
                          "one 8-high HBM2 stack"),
       config::positive_param("bandwidth", Dimension::bandwidth, "GB/s", "256",
                              "peak bandwidth", "HBM2: 1024 pins x 2 Gb/s"),
       config::real_param("latency", Dimension::time, "ns", "100", 0, "access latency",
                          "typical HBM2 row-miss read latency (assumption)"),
       config::real_param("energy_per_bit", Dimension::energy_per_bit, "pJ/bit", "3.97", 0,
                          "access energy",
                          "O'Connor et al., MICRO 2017, HBM2: 1.21 act + 2.24 data + 0.30 I/O"),
       config::real_param("static_power", Dimension::power, "mW", "500", 0,
                          "background power of one stack (standby and refresh)",
                          "assumption: 8 channels x ~50 mA standby x 1.2 V (JEDEC IDD2N class) "
                          "+ refresh; O'Connor 2017 gives access energy only")},
      {}};
  return s;
}

}  // namespace

const ComponentSpec& KvCacheParams::spec() {
  static const ComponentSpec s{"kv_cache",
                               "KV-cache memory: on-chip SRAM first, spill to off-chip DRAM",
                               {},
                               {{"sram", &kv_sram_spec()}, {"dram", &dram_spec()}}};
  return s;
}

KvCacheParams KvCacheParams::from(const config::ParamValues& v) {
  KvCacheParams p;
  p.sram = SramParams::from(v.child("sram"));
  const auto& d = v.child("dram");
  p.dram.kind = d.word("kind");
  p.dram.capacity_bytes = d.real("capacity");
  p.dram.bandwidth_bytes_per_s = d.real("bandwidth");
  p.dram.latency_s = d.real("latency");
  p.dram.energy_per_bit_j = d.real("energy_per_bit");
  p.dram.static_power_w = d.real("static_power");
  return p;
}

}  // namespace aimcsim::tiles
