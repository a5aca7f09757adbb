// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <memory>
#include <vector>

#include <systemc>

#include "interconnect/fabric.hpp"
#include "sim/arch_config.hpp"
#include "sim/kernel/router.hpp"
#include "tiles/analog_tile.hpp"
#include "tiles/digital_unit.hpp"
#include "tiles/kv_cache_memory.hpp"
#include "workloads/mapper.hpp"
#include "workloads/sequencer.hpp"

namespace aimcsim {

/// One chip's modules (tiles, digital units, KV memory) under "system.chipN".
class Chip : public sc_core::sc_module {
 public:
  Chip(sc_core::sc_module_name name, int index, const ChipParams& params);
  std::vector<std::unique_ptr<tiles::AnalogTile>> tiles;
  std::vector<std::unique_ptr<tiles::DigitalUnit>> digital_units;
  std::unique_ptr<tiles::KvCacheMemory> memory;
};

/// The elaborated system: chips, fabric, router and sequencer, wired for one mapped run.
/// Exactly one per process (SystemC elaborates once).
class System : public sc_core::sc_module {
 public:
  System(sc_core::sc_module_name name, const RunConfig& cfg, const workloads::Mapping& mapping);

  /// Runs the simulation to completion.
  void run();

  const workloads::RunRecords& records() const { return m_sequencer->records(); }
  int chips() const { return static_cast<int>(m_chips.size()); }

 private:
  std::vector<std::unique_ptr<Chip>> m_chips;
  std::unique_ptr<interconnect::Fabric> m_fabric;
  std::unique_ptr<kernel::Router> m_router;
  std::unique_ptr<workloads::Sequencer> m_sequencer;
};

}  // namespace aimcsim
