// SPDX-License-Identifier: Apache-2.0
#include "sim/report/run_summary.hpp"

#include <algorithm>
#include <numeric>

#include "sim/chip_area.hpp"
#include "tiles/tile_cost.hpp"

namespace aimcsim::report {

double e2e_latency_s(const workloads::RunRecords& rec) {
  return rec.finish_s.empty() ? 0.0 : *std::max_element(rec.finish_s.begin(), rec.finish_s.end());
}

namespace {
/// Weights held on tiles and the largest number of rows any tile uses.
void programmed_weights(const workloads::Mapping& m, double& weights, int& max_rows) {
  auto add = [&](const workloads::MappedLinear& l) {
    if (!l.analog) return;
    for (const auto& t : l.tiles) {
      weights += double(t.rows_used) * t.cols_used;
      max_rows = std::max(max_rows, t.rows_used);
    }
  };
  for (const auto& b : m.blocks)
    for (const auto& l : b.linears) add(l);
  add(m.lm_head);
}
}  // namespace

RunSummary summarize(const RunConfig& cfg, const workloads::Mapping& mapping,
                     const workloads::RunRecords& rec,
                     const std::map<std::string, TypeTotals>& by_type) {
  RunSummary s;
  const auto& tile = cfg.chip.analog_tile;
  const int batch = cfg.workload.batch;
  s.chips = mapping.chips;
  s.tiles_total = mapping.chips * mapping.tiles_per_chip;
  s.tiles_used = mapping.tiles_used;
  s.mean_tile_utilization = mapping.mean_utilization();

  double ttft_sum = 0;
  for (int q = 0; q < batch; ++q) ttft_sum += rec.ttft_s[q] - rec.start_s[q];
  s.ttft_s = ttft_sum / batch;
  s.e2e_latency_s = e2e_latency_s(rec);
  // TPOT: mean over the sequences that decode beyond their first token.
  double tpot = 0;
  int decoding = 0;
  for (int q = 0; q < batch; ++q) {
    const auto& serial = cfg.workload.serial_requests;
    const int steps = (serial.empty() ? cfg.workload.decode_tokens : serial[q].decode_tokens) - 1;
    if (steps <= 0) continue;
    tpot += (rec.finish_s[q] - rec.ttft_s[q]) / steps;
    ++decoding;
  }
  if (decoding > 0) s.tpot_s = tpot / decoding;
  s.generated_tokens = static_cast<long long>(rec.tokens.size());
  s.tokens_per_s = s.e2e_latency_s > 0 ? s.generated_tokens / s.e2e_latency_s : 0;

  for (const auto& [type, t] : by_type) {
    s.dynamic_energy_j += t.sum.dynamic_energy_j;
    s.static_energy_j += t.static_energy_j;
    s.area_mm2 += t.sum.area_mm2;
  }
  s.static_energy_j += mapping.chips * cfg.chip.other_total_static_power_w() * s.e2e_latency_s;
  s.area_mm2 += mapping.chips * cfg.chip.other_area_mm2;
  s.packages = cfg.system.packages(mapping.chips);
  s.chip_area_mm2 = largest_chip_area(cfg, mapping.chips).total_mm2();
  s.tile_area_mm2 = tiles::tile_area(tile).total_mm2() + cfg.chip.noc.router_area_mm2();
  double weights = 0;
  int max_rows = 0;
  programmed_weights(mapping, weights, max_rows);
  const tiles::ProgramCost prog = tiles::program_cost(tile, weights, max_rows);
  s.programming_time_s = prog.time_s;
  s.programming_energy_j = prog.energy_j;
  s.energy_j = s.dynamic_energy_j + s.static_energy_j;
  s.energy_per_token_j = s.generated_tokens > 0 ? s.energy_j / s.generated_tokens : 0;

  s.mvm_latency_s = tiles::mvm_latency_s(tile);
  s.mvm_energy_j = tiles::full_mvm_energy_j(tile);
  const double peak_ops_per_tile = tiles::peak_ops_per_s(tile);
  s.peak_tops = s.tiles_total * peak_ops_per_tile / 1e12;
  const double tile_power_w = s.mvm_energy_j / s.mvm_latency_s +
                             tiles::tile_static_power(tile).total_w() +
                             cfg.chip.noc.router_static_power_w();
  s.peak_tops_per_w = peak_ops_per_tile / tile_power_w / 1e12;
  s.analog_ops = rec.analog_ops;
  s.digital_ops = rec.digital_ops;
  s.effective_tops_per_w = s.energy_j > 0 ? (s.analog_ops + s.digital_ops) / s.energy_j / 1e12 : 0;
  return s;
}

}  // namespace aimcsim::report
