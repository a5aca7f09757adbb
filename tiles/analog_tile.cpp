// SPDX-License-Identifier: Apache-2.0
#include "tiles/analog_tile.hpp"

#include <algorithm>

#include "tiles/tile_cost.hpp"
#include "sim/kernel/sim_time.hpp"

namespace aimcsim::tiles {

namespace {
/// Static power and area of block 0 dac, 1 array, 2 adc, 3 local digital, 4 periphery (the
/// calibration residual: energy only, its area and leakage are in the blocks that hold it).
TileBlockCosts block_costs(const AnalogTileParams& t, int block) {
  const TileArea a = tile_area(t);
  const TileStaticPower p = tile_static_power(t);
  switch (block) {
    case 0: return {p.dac_w, a.dac_mm2};
    case 1: return {p.array_w, a.array_mm2};
    case 2: return {p.adc_w, a.adc_mm2};
    case 4: return {0.0, 0.0};
    default: return {p.local_digital_w, a.local_digital_mm2};
  }
}

/// One MVM on a tile: books the crossbar, then the local digital unit; returns its end [s].
double run_mvm(const AnalogTileParams& params, TileState& hot, kernel::AimcPayload& p,
               double ready_s, double now) {
  // Functional mode: the payload carries the vectors; timing below does not depend on them.
  if (p.input && p.output) {
    if (!hot.conductance)
      SC_REPORT_ERROR("aimcsim/tile", "functional MVM on a tile that was never programmed");
    else
      hot.conductance->mvm(p.input, p.vectors, p.output);
  }
  const MvmCost c = mvm_cost(params, p.rows_used, p.cols_used, double(p.vectors));
  // Idle gating: a tile idle for longer than its timeout before `ready_s` gated and wakes
  // first; through a shorter gap it stayed on.
  double wake_s = 0;
  if (params.gating.idle_gap(ready_s, hot.crossbar.last_end_s(), hot.crossbar_idle_on_s)) {
    wake_s = params.gating.wake_time_s;
    hot.wakeups += 1;
  }
  const double start = hot.crossbar.reserve(ready_s, wake_s + c.crossbar_s, now) + wake_s;
  const double conversions = double(p.vectors) * params.input_phases *
                             params.dac.conversions_per_phase();
  // Busy time by block adds up to the crossbar's less its wake-ups: the DACs drive the rows
  // during integration, the ADCs convert after it; the array is passive (its time is the DACs').
  hot.dac.charge(c.dac_j, c.integration_s, conversions * p.rows_used);
  hot.array.charge(c.array_j, 0.0, double(p.vectors) * params.input_phases);
  hot.adc.charge(c.adc_j, c.crossbar_s - c.integration_s,
                 conversions * p.cols_used * params.columns_per_weight);
  hot.periphery.charge(c.periphery_j, 0.0, double(p.vectors) * params.input_phases);
  // Local digital: affine scale/offset of every output and, in a chain, the add of the upstream
  // tile's partial sums once they have arrived. It overlaps the crossbar's next MVM.
  const bool accumulate = p.partial_sum_ready_s >= 0;
  const double outputs = double(p.vectors) * p.cols_used;
  const double elements = outputs * (accumulate ? 2 : 1);
  const LocalDigitalCost d = local_digital_cost(params.local_digital, elements);
  const double l_ready = std::max(start + c.crossbar_s, accumulate ? p.partial_sum_ready_s : 0.0);
  // Its power domain follows the same timeout; its wake-up overlaps the crossbar's MVM.
  params.gating.idle_gap(l_ready, hot.local.last_end_s(), hot.local_idle_on_s);
  const double l_start = hot.local.reserve(l_ready, d.time_s, now);
  hot.local_digital.charge(d.energy_j, d.time_s, elements);
  hot.vectors += double(p.vectors);
  hot.mvms += 1;
  p.energy_j = c.total_j() + d.energy_j;
  return l_start + d.time_s;
}
}  // namespace

TileBlock::TileBlock(sc_core::sc_module_name name, std::string type, std::string stats_path,
                     TileBlockCosts costs, const kernel::PowerGating& gating,
                     const BlockCounters& counters, const kernel::Timeline& powered,
                     const double& idle_on_s, const double& wakeups, long long instances)
    : sc_core::sc_module(name),
      m_type(std::move(type)),
      m_stats_path(std::move(stats_path)),
      m_instances(instances),
      m_costs(costs),
      m_gating(gating),
      m_counters(counters),
      m_powered(powered),
      m_idle_on_s(idle_on_s),
      m_wakeups(wakeups) {}

kernel::ComponentTotals TileBlock::totals() const {
  kernel::ComponentTotals t;
  t.dynamic_energy_j = m_counters.energy_j;
  t.static_power_w = m_costs.static_power_w;
  t.busy_s = m_counters.busy_s;
  t.area_mm2 = m_costs.area_mm2;
  t.used = m_counters.actions > 0;
  t.gateable = true;
  t.powered_busy_s = m_powered.busy_s();
  t.idle_on_s = m_idle_on_s;
  t.last_end_s = m_powered.last_end_s();
  t.idle_timeout_s = m_gating.idle_timeout_s;
  // Only blocks that leak sit behind a sleep switch (the PCM array holds its state unpowered).
  if (m_costs.static_power_w > 0)
    t.wake_energy_j = m_wakeups * m_gating.wake_energy_j_per_mm2 * m_costs.area_mm2;
  return t;
}

void TileBlock::report_stats(kernel::IStatsSink& sink) const {
  sink.add(m_stats_path, "energy", m_counters.energy_j, "J", "dynamic energy");
  sink.add(m_stats_path, "actions", m_counters.actions, "count", "conversions or operations");
}

AnalogTile::AnalogTile(sc_core::sc_module_name name, const AnalogTileParams& params,
                       TileState& state, std::string stats_path, long long instances)
    : sc_core::sc_module(name),
      socket("socket"),
      m_params(params),
      m_hot(state),
      m_stats_path(stats_path),
      m_instances(instances),
      m_dac("dac", "analog_tile.dac", stats_path + ".dac", block_costs(params, 0), params.gating,
            m_hot.dac, m_hot.crossbar, m_hot.crossbar_idle_on_s, m_hot.wakeups, instances),
      m_array("array", "analog_tile.array", stats_path + ".array", block_costs(params, 1),
              params.gating, m_hot.array, m_hot.crossbar, m_hot.crossbar_idle_on_s, m_hot.wakeups,
              instances),
      m_adc("adc", "analog_tile.adc", stats_path + ".adc", block_costs(params, 2), params.gating,
            m_hot.adc, m_hot.crossbar, m_hot.crossbar_idle_on_s, m_hot.wakeups, instances),
      m_periphery("periphery", "analog_tile.periphery", stats_path + ".periphery",
                  block_costs(params, 4), params.gating, m_hot.periphery, m_hot.crossbar,
                  m_hot.crossbar_idle_on_s, m_hot.wakeups, instances),
      m_local("local_digital", "analog_tile.local_digital", stats_path + ".local_digital",
              block_costs(params, 3), params.gating, m_hot.local_digital, m_hot.local,
              m_hot.local_idle_on_s, m_hot.wakeups, instances) {
  socket.register_b_transport(this, &AnalogTile::b_transport);
}

void AnalogTile::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  serve_mvm(m_params, m_hot, trans, delay);
}

void AnalogTile::program(const float* weights, int rows, int cols, std::size_t ld,
                         std::uint64_t seed) {
  device_state().program(weights, rows, cols, ld, seed);
}

ConductanceState& AnalogTile::device_state() {
  // The device state is a module: it can only join the hierarchy during elaboration.
  if (m_instances != 1)
    SC_REPORT_FATAL("aimcsim/tile", "a module standing for several unmapped tiles cannot be "
                                    "programmed");
  if (!m_conductance && sc_core::sc_is_running())
    SC_REPORT_FATAL("aimcsim/tile", "program tiles before the simulation starts");
  if (!m_conductance) {
    m_conductance = std::make_unique<ConductanceState>("conductance", m_params.functional);
    m_hot.conductance = m_conductance.get();
  }
  return *m_conductance;
}

void serve_mvm(const AnalogTileParams& params, TileState& state, tlm::tlm_generic_payload& trans,
               sc_core::sc_time& delay) {
  auto* p = trans.get_extension<kernel::AimcPayload>();
  if (!p || p->command != kernel::Command::mvm) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  const double now = kernel::now_s();
  const double done = run_mvm(params, state, *p, now + kernel::seconds(delay), now);
  delay = kernel::delay_until(done, now);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

kernel::ComponentTotals AnalogTile::totals() const {
  // The tile is a container: energy, static power, area and busy time are its blocks'.
  kernel::ComponentTotals t;
  t.used = m_hot.vectors > 0;
  return t;
}

void AnalogTile::report_stats(kernel::IStatsSink& sink) const {
  sink.add(m_stats_path, "count", double(m_instances), "tiles", "analog tiles");
  sink.add(m_stats_path, "used", m_hot.vectors > 0 ? double(m_instances) : 0, "tiles",
           "tiles that ran an MVM");
  sink.add(m_stats_path, "mvm_transactions", m_hot.mvms, "count", "MVM transactions received");
  sink.add(m_stats_path, "mvm_vectors", m_hot.vectors, "count", "input vectors multiplied");
  sink.add(m_stats_path, "crossbar_busy", m_hot.crossbar.busy_s(), "s", "crossbar busy time");
  sink.add(m_stats_path, "wakeups", m_hot.wakeups, "count", "wake-ups from idle power gating");
}

}  // namespace aimcsim::tiles
