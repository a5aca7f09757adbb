// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <map>
#include <string>

#include "sim/arch_config.hpp"
#include "sim/report/component_walk.hpp"
#include "workloads/mapper.hpp"
#include "workloads/run_records.hpp"

namespace aimcsim::report {

/// The headline figures of a run (summary.json). Units are in the names.
struct RunSummary {
  double ttft_s = 0, tpot_s = 0, e2e_latency_s = 0, tokens_per_s = 0;
  double energy_j = 0, dynamic_energy_j = 0, static_energy_j = 0, energy_per_token_j = 0;
  double peak_tops = 0, peak_tops_per_w = 0, effective_tops_per_w = 0;
  double analog_ops = 0, digital_ops = 0;
  double mvm_latency_s = 0, mvm_energy_j = 0;
  int tiles_used = 0, tiles_total = 0, chips = 0, packages = 0;
  double area_mm2 = 0, mean_tile_utilization = 0;
  double chip_area_mm2 = 0, tile_area_mm2 = 0;  ///< largest chip; one tile (router included)
  double programming_time_s = 0, programming_energy_j = 0;  ///< one-off write-verify
  long long generated_tokens = 0;
  double sim_wall_s = 0;
};

/// Simulated time until the last token of any sequence [s].
double e2e_latency_s(const workloads::RunRecords& rec);

/// Computes the summary. Peak figures are those of the analog tiles at full utilisation (one
/// full-array MVM per t_mvm, static power included), the way Le Gallo et al. 2023 report them;
/// effective TOPS/W divides all operations of the run by all of its energy.
RunSummary summarize(const RunConfig& cfg, const workloads::Mapping& mapping,
                     const workloads::RunRecords& rec, const std::map<std::string, TypeTotals>& by_type);

}  // namespace aimcsim::report
