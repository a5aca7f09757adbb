// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <memory>
#include <string>

#include <systemc>
#include <tlm_utils/passthrough_target_socket.h>

#include "sim/kernel/aimc_payload.hpp"
#include "sim/kernel/component.hpp"
#include "sim/kernel/timeline.hpp"
#include "tiles/conductance_state.hpp"
#include "tiles/tile_params.hpp"

namespace aimcsim::tiles {

/// Counters of one sub-block, kept inside the tile's hot state so that an MVM touches few
/// cache lines: a system holds tens of thousands of tiles.
struct BlockCounters {
  double energy_j = 0, busy_s = 0, actions = 0;
  void charge(double e, double busy, double n) { energy_j += e, busy_s += busy, actions += n; }
};

/// Static power and area of a tile's sub-blocks, computed once per chip from the parameters.
struct TileBlockCosts {
  double static_power_w = 0, area_mm2 = 0;
};

/// Everything an MVM updates in a tile: calendars and counters. The chip keeps the states of
/// all its tiles in one array, in placement order, so a token's walk over tens of thousands of
/// tiles streams through memory instead of chasing one cache line per sub-module.
struct TileState {
  kernel::Timeline crossbar, local;
  BlockCounters dac, array, adc, periphery, local_digital;
  double vectors = 0, mvms = 0, wakeups = 0;
  /// Idle gating: time the crossbar's and the local digital's power domains stayed on in gaps
  /// shorter than the timeout [s].
  double crossbar_idle_on_s = 0, local_idle_on_s = 0;
  ConductanceState* conductance = nullptr;  ///< functional mode: the tile's programmed devices
};

/// Target side of an `mvm` transaction on a tile with `params` and `state`: books the crossbar
/// and the local digital unit from the arrival time (kernel time + `delay`), charges the
/// counters, sets the payload's energy and returns the completion in `delay`. Other commands get
/// TLM_COMMAND_ERROR_RESPONSE. Shared by AnalogTile and TileBank.
void serve_mvm(const AnalogTileParams& params, TileState& state, tlm::tlm_generic_payload& trans,
               sc_core::sc_time& delay);

/// A sub-block of a tile (DAC bank, crossbar array, ADC bank, local digital) as it appears in
/// the module tree and the reports. Timing is owned by the tile, which knows how they overlap.
class TileBlock : public sc_core::sc_module, public kernel::IComponent {
 public:
  /// `powered` is the resource whose busy time the block must be powered for under `idle`
  /// gating (the crossbar for DAC, array and ADC; the local calendar for local digital);
  /// `idle_on_s` the time that resource stayed on in idle gaps; `wakeups` counts the tile's
  /// wake-ups; `instances` is the number of identical tiles whose block this module stands for
  /// (see AnalogTile).
  TileBlock(sc_core::sc_module_name name, std::string type, std::string stats_path,
            TileBlockCosts costs, const kernel::PowerGating& gating,
            const BlockCounters& counters, const kernel::Timeline& powered,
            const double& idle_on_s, const double& wakeups, long long instances);

  std::string component_type() const override { return m_type; }
  kernel::ComponentTotals totals() const override;
  long long instances() const override { return m_instances; }
  std::string stats_path() const override { return m_stats_path; }
  void report_stats(kernel::IStatsSink& sink) const override;

 private:
  std::string m_type, m_stats_path;
  long long m_instances;
  TileBlockCosts m_costs;
  const kernel::PowerGating& m_gating;
  const BlockCounters& m_counters;
  const kernel::Timeline& m_powered;
  const double& m_idle_on_s;
  const double& m_wakeups;
};

/// An analog crossbar tile: row DACs, the crossbar, the column ADC bank and local digital, as
/// sub-modules. Target of `mvm` transactions (loosely-timed b_transport): the crossbar and the
/// local digital unit each have a calendar, so MVMs of different sequences queue and a tile's
/// scaling and partial-sum accumulation overlap its next MVM. In a System the chip's TileBank
/// receives the MVMs (one target for all tiles); the tile's own socket may stay unbound.
/// A tile module may stand for `instances` identical tiles that share one state: a System
/// models all the tiles of a chip that no layer uses by one such module over a zeroed state,
/// so a mesh much larger than the model costs a TileState per node, not a module tree.
class AnalogTile : public sc_core::sc_module, public kernel::IComponent {
 public:
  tlm_utils::passthrough_target_socket_optional<AnalogTile> socket;

  /// `params` is shared by all tiles of a chip and `state` is this tile's slot in the chip's
  /// state array; both must outlive the tile. With `instances` > 1 the module stands for that
  /// many identical tiles (reports count their blocks that many times); program it only with 1.
  AnalogTile(sc_core::sc_module_name name, const AnalogTileParams& params, TileState& state,
             std::string stats_path, long long instances = 1);

  const AnalogTileParams& params() const { return m_params; }

  /// Functional mode: programs this tile's block with real weights (see ConductanceState);
  /// afterwards an `mvm` transaction that carries input and output pointers returns the noisy
  /// partial sums, timed exactly as without data. Call before sc_start().
  void program(const float* weights, int rows, int cols, std::size_t ld, std::uint64_t seed);
  /// The tile's device state; null until program() or device_state() is called.
  ConductanceState* conductance() { return m_conductance.get(); }
  /// The tile's device state, created on the first call (before sc_start(): it is a module).
  /// Programming it directly lets many tiles be programmed in parallel (different tiles share
  /// nothing); an MVM transaction then computes with it as after program().
  ConductanceState& device_state();

  std::string component_type() const override { return "analog_tile"; }
  kernel::ComponentTotals totals() const override;
  long long instances() const override { return m_instances; }
  std::string stats_path() const override { return m_stats_path; }
  void report_stats(kernel::IStatsSink& sink) const override;

  double mvm_vectors() const { return m_hot.vectors; }
  double busy_s() const { return m_hot.crossbar.busy_s(); }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

  const AnalogTileParams& m_params;
  TileState& m_hot;
  std::string m_stats_path;
  long long m_instances;
  TileBlock m_dac, m_array, m_adc, m_periphery, m_local;
  std::unique_ptr<ConductanceState> m_conductance;
};

}  // namespace aimcsim::tiles
