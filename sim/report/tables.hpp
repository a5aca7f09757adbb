// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <map>
#include <string>

#include "sim/arch_config.hpp"
#include "sim/report/component_walk.hpp"
#include "sim/report/run_summary.hpp"
#include "workloads/mapper.hpp"
#include "workloads/run_records.hpp"

namespace aimcsim::report {

/// energy_table.csv: every energy parameter of the configuration (energy per action, Accelergy
/// ERT style) with its value in pJ and its source.
std::string energy_table_csv(const RunConfig& cfg);
/// area_table.csv: area per component type, instances and total.
std::string area_table_csv(const std::map<std::string, TypeTotals>& by_type, const RunConfig& cfg,
                           int chips);
/// energy_by_component.csv: dynamic and static energy, busy time per component type, plus the
/// chips' other static power; the rows add up to summary.json's energy_j, and busy_s counts each
/// component's own time (a tile's crossbar time is split into DAC integration and ADC
/// conversion), so it adds up too.
std::string energy_by_component_csv(const std::map<std::string, TypeTotals>& by_type,
                                    const RunSummary& summary, const RunConfig& cfg);
/// energy_by_layer.csv: energy by category and time per layer.
std::string energy_by_layer_csv(const workloads::RunRecords& rec);
/// token_timeline.csv: every generated token.
std::string token_timeline_csv(const workloads::RunRecords& rec);
/// mapping.csv: per linear layer: shape, blocks, tiles, utilisation, chips, digital unit.
std::string mapping_csv(const workloads::Mapping& m);
/// mapping_tiles.csv: every used tile: place, block and utilisation.
std::string mapping_tiles_csv(const workloads::Mapping& m);

}  // namespace aimcsim::report
