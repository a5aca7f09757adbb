// SPDX-License-Identifier: Apache-2.0
#include "tiles/analog_tile.hpp"

#include <algorithm>

#include "tiles/tile_cost.hpp"
#include "sim/kernel/sim_time.hpp"

namespace aimcsim::tiles {

TileBlock::TileBlock(sc_core::sc_module_name name, std::string type, std::string stats_path,
                     double static_power_w, double area_mm2, const BlockCounters& counters)
    : sc_core::sc_module(name),
      m_type(std::move(type)),
      m_stats_path(std::move(stats_path)),
      m_static_power_w(static_power_w),
      m_area_mm2(area_mm2),
      m_counters(counters) {}

kernel::ComponentTotals TileBlock::totals() const {
  return {m_counters.energy_j, m_static_power_w, m_counters.busy_s, m_area_mm2};
}

void TileBlock::report_stats(kernel::IStatsSink& sink) const {
  sink.add(m_stats_path, "energy", m_counters.energy_j, "J", "dynamic energy");
  sink.add(m_stats_path, "actions", m_counters.actions, "count", "conversions or operations");
}

AnalogTile::AnalogTile(sc_core::sc_module_name name, const AnalogTileParams& params,
                       TileState& state, std::string stats_path)
    : sc_core::sc_module(name),
      socket("socket"),
      m_params(params),
      m_hot(state),
      m_stats_path(stats_path),
      m_dac("dac", "analog_tile.dac", stats_path + ".dac", 0, 0, m_hot.dac),
      m_array("array", "analog_tile.array", stats_path + ".array", 0, 0, m_hot.array),
      m_adc("adc", "analog_tile.adc", stats_path + ".adc", 0, 0, m_hot.adc),
      m_local("local_digital", "analog_tile.local_digital", stats_path + ".local_digital",
              params.local_digital.static_power_w, params.local_digital.area_mm2,
              m_hot.local_digital) {
  socket.register_b_transport(this, &AnalogTile::b_transport);
}

void AnalogTile::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  auto* p = trans.get_extension<kernel::AimcPayload>();
  const double now = kernel::now_s();
  const double ready = now + kernel::seconds(delay);
  double done = ready;
  if (p && p->command == kernel::Command::mvm) {
    done = do_mvm(*p, ready);
  } else {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  delay = kernel::delay_until(done, now);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

void AnalogTile::program(const float* weights, int rows, int cols, std::size_t ld,
                         std::uint64_t seed) {
  // The device state is a module: it can only join the hierarchy during elaboration.
  if (!m_conductance && sc_core::sc_is_running())
    SC_REPORT_FATAL("aimcsim/tile", "program tiles before the simulation starts");
  if (!m_conductance)
    m_conductance = std::make_unique<ConductanceState>("conductance", m_params.functional);
  m_conductance->program(weights, rows, cols, ld, seed);
}

double AnalogTile::do_mvm(kernel::AimcPayload& p, double ready_s) {
  // Functional mode: the payload carries the vectors; timing below does not depend on them.
  if (p.input && p.output) {
    if (!m_conductance)
      SC_REPORT_ERROR("aimcsim/tile", "functional MVM on a tile that was never programmed");
    else
      m_conductance->mvm(p.input, p.vectors, p.output);
  }
  const double now = kernel::now_s();
  const MvmCost c = mvm_cost(m_params, p.rows_used, p.cols_used, double(p.vectors));
  const double start = m_hot.crossbar.reserve(ready_s, c.crossbar_s, now);
  const double conversions = double(p.vectors) * m_params.input_phases *
                             m_params.dac.conversions_per_phase();
  m_hot.dac.charge(c.dac_j, c.crossbar_s, conversions * p.rows_used);
  m_hot.array.charge(c.array_j, c.crossbar_s, double(p.vectors) * m_params.input_phases);
  m_hot.adc.charge(c.adc_j, c.crossbar_s, conversions * p.cols_used * m_params.columns_per_weight);
  // Local digital: affine scale/offset of every output and, in a chain, the add of the upstream
  // tile's partial sums once they have arrived. It overlaps the crossbar's next MVM.
  const bool accumulate = p.partial_sum_ready_s >= 0;
  const double outputs = double(p.vectors) * p.cols_used;
  const double elements = outputs * (accumulate ? 2 : 1);
  const LocalDigitalCost d = local_digital_cost(m_params.local_digital, elements);
  const double l_ready = std::max(start + c.crossbar_s, accumulate ? p.partial_sum_ready_s : 0.0);
  const double l_start = m_hot.local.reserve(l_ready, d.time_s, now);
  m_hot.local_digital.charge(d.energy_j, d.time_s, elements);
  m_hot.vectors += double(p.vectors);
  m_hot.mvms += 1;
  p.energy_j = c.total_j() + d.energy_j;
  return l_start + d.time_s;
}

kernel::ComponentTotals AnalogTile::totals() const {
  return {0.0, m_params.static_power_w, m_hot.crossbar.busy_s(), m_params.area_mm2};
}

void AnalogTile::report_stats(kernel::IStatsSink& sink) const {
  sink.add(m_stats_path, "count", 1, "tiles", "analog tiles");
  sink.add(m_stats_path, "used", m_hot.vectors > 0 ? 1 : 0, "tiles", "tiles that ran an MVM");
  sink.add(m_stats_path, "mvm_transactions", m_hot.mvms, "count", "MVM transactions received");
  sink.add(m_stats_path, "mvm_vectors", m_hot.vectors, "count", "input vectors multiplied");
  sink.add(m_stats_path, "crossbar_busy", m_hot.crossbar.busy_s(), "s", "crossbar busy time");
}

}  // namespace aimcsim::tiles
