// SPDX-License-Identifier: Apache-2.0
#include "sim/system.hpp"

#include <string>

#include <tlm_utils/tlm_quantumkeeper.h>

namespace aimcsim {

Chip::Chip(sc_core::sc_module_name name, int index, const ChipParams& params)
    : sc_core::sc_module(name) {
  const std::string prefix = "chip" + std::to_string(index);
  tiles.reserve(params.tiles_per_chip());
  for (int t = 0; t < params.tiles_per_chip(); ++t) {
    const std::string n = "tile" + std::to_string(t);
    tiles.push_back(std::make_unique<tiles::AnalogTile>(n.c_str(), params.analog_tile,
                                                        prefix + ".tiles"));
  }
  for (int d = 0; d < params.digital_unit.count; ++d) {
    const std::string n = "du" + std::to_string(d);
    digital_units.push_back(std::make_unique<tiles::DigitalUnit>(n.c_str(), params.digital_unit,
                                                                 prefix + ".digital_units"));
  }
  memory = std::make_unique<tiles::KvCacheMemory>("kv_cache", params.kv_cache, prefix + ".kv_cache");
}

System::System(sc_core::sc_module_name name, const RunConfig& cfg,
               const workloads::Mapping& mapping)
    : sc_core::sc_module(name) {
  tlm_utils::tlm_quantumkeeper::set_global_quantum(
      sc_core::sc_time(cfg.simulation.quantum_s, sc_core::SC_SEC));
  for (int c = 0; c < mapping.chips; ++c) {
    const std::string n = "chip" + std::to_string(c);
    m_chips.push_back(std::make_unique<Chip>(n.c_str(), c, cfg.chip));
  }
  m_fabric = std::make_unique<interconnect::Fabric>("fabric", cfg.chip.noc, cfg.chip.mesh_rows,
                                                    cfg.chip.mesh_cols, cfg.system.chip_link,
                                                    mapping.chips);
  m_router = std::make_unique<kernel::Router>("router");

  // Bind targets in AddressMap order: tiles, digital units, memories, fabric.
  kernel::AddressMap addr;
  for (auto& chip : m_chips)
    for (auto& t : chip->tiles) m_router->bind_target(t->socket), ++addr.tiles;
  for (auto& chip : m_chips)
    for (auto& d : chip->digital_units) m_router->bind_target(d->socket), ++addr.digital_units;
  for (auto& chip : m_chips) m_router->bind_target(chip->memory->socket), ++addr.memories;
  m_router->bind_target(m_fabric->socket);

  m_sequencer = std::make_unique<workloads::Sequencer>("sequencer", mapping, cfg, addr);
  m_sequencer->socket.bind(m_router->target);
}

void System::run() { sc_core::sc_start(); }

}  // namespace aimcsim
