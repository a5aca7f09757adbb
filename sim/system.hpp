// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <exception>
#include <memory>
#include <vector>

#include <systemc>

#include "interconnect/fabric.hpp"
#include "sim/arch_config.hpp"
#include "sim/kernel/router.hpp"
#include "tiles/analog_tile.hpp"
#include "tiles/digital_unit.hpp"
#include "tiles/kv_cache_memory.hpp"
#include "tiles/tile_bank.hpp"
#include "interconnect/die_links.hpp"
#include "workloads/mapper.hpp"
#include "workloads/sequencer.hpp"

namespace aimcsim {

/// One chip's modules (tiles, digital units, KV memory) under "system.chipN". Every mesh node
/// has a TileState (the TileBank serves MVMs on it), but only the nodes the mapping places a
/// block on get an AnalogTile module; the chip's other tiles, identical and idle, are one
/// module standing for all of them (AnalogTile instances), so reports count them as before.
class Chip : public sc_core::sc_module {
 public:
  /// `mapped[n]` says whether the mapping places a weight block on node n (one per mesh node).
  Chip(sc_core::sc_module_name name, int index, const ChipParams& params,
       tiles::PackageDram& dram, const std::vector<bool>& mapped);
  std::vector<tiles::TileState> tile_states;  ///< sized once: tiles keep references
  tiles::TileState idle_state;                ///< the unmapped tiles' (never touched)
  /// Modules of the mapped tiles in node order, then the one of the unmapped tiles if any.
  std::vector<std::unique_ptr<tiles::AnalogTile>> tiles;
  std::vector<tiles::AnalogTile*> tile_at;  ///< per node: its own module, or null if unmapped
  std::unique_ptr<tiles::TileBank> tile_bank;  ///< the target of the tiles' MVMs
  std::vector<std::unique_ptr<tiles::DigitalUnit>> digital_units;
  std::unique_ptr<tiles::KvCacheMemory> memory;
  /// Die-to-die links of a multi-die chip (system.multi_die_package); null on one die.
  std::unique_ptr<interconnect::DieLinks> die_links;
};

/// The elaborated system: chips, fabric, router and sequencer, wired for one mapped run.
/// Exactly one per process (SystemC elaborates once).
class System : public sc_core::sc_module {
 public:
  System(sc_core::sc_module_name name, const RunConfig& cfg, const workloads::Mapping& mapping);

  /// Runs the simulation to completion; rethrows the first error a sequence raised.
  void run();
  /// Runs the simulation to completion and returns the first error a sequence raised (null if
  /// none) without throwing it: for callers that must not throw on a thread whose stack the
  /// SystemC coroutines have used (see sim/cli/run_command.cpp).
  std::exception_ptr run_capturing();

  const workloads::RunRecords& records() const { return m_sequencer->records(); }
  /// The sequencer (trace serving starts its scheduler through Sequencer::serve).
  workloads::Sequencer& sequencer() { return *m_sequencer; }
  int chips() const { return static_cast<int>(m_chips.size()); }
  /// The KV-cache memory of chip `c`.
  const tiles::KvCacheMemory& kv_memory(int c) const { return *m_chips[c]->memory; }
  /// The module of a placed tile (every placement of the mapping has one).
  tiles::AnalogTile& tile(const workloads::TilePlacement& t) {
    return *m_chips[t.node.chip]->tile_at[t.node.node];
  }

  /// Functional mode: programs the tiles of `linear` with `weights` ([out x in] row-major, as an
  /// nn.Linear), tile (r, c) seeded with derive_seed(seed, r * col_blocks + c) as
  /// physics::AnalogMatrix does, and drifts them to `t_inference_s`.
  void program_linear(const workloads::MappedLinear& linear, const float* weights,
                      std::uint64_t seed, double t_inference_s);
  /// Functional MVM of `batch` vectors x ([batch x in]) through the mapped tiles: one TLM `mvm`
  /// transaction carrying the data per tile, partial sums accumulated digitally into y
  /// ([batch x out]). Returns the simulated time [s] at which the last tile finished, when
  /// issued at the current kernel time.
  double functional_mvm(const workloads::MappedLinear& linear, const float* x, long long batch,
                        float* y);

 private:
  std::vector<tiles::PackageDram> m_drams;  ///< one per package; sized once (chips refer to them)
  std::vector<std::unique_ptr<Chip>> m_chips;
  std::unique_ptr<interconnect::Fabric> m_fabric;
  std::unique_ptr<kernel::Router> m_router;
  std::unique_ptr<workloads::Sequencer> m_sequencer;
};

}  // namespace aimcsim
