// SPDX-License-Identifier: Apache-2.0
#include "sim/report/run_writer.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "sim/io/checked_file.hpp"
#include "sim/report/tables.hpp"

namespace aimcsim::report {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

namespace {

void write_text(const std::filesystem::path& file, const std::string& text) {
  io::write_new_file(file, text);
}

std::string stats_txt(const StatsCollector& stats, const RunSummary& s) {
  std::ostringstream os;
  auto line = [&](const std::string& path, double v, const std::string& unit,
                  const std::string& desc) {
    os << path << " " << num(v) << " " << unit << " # " << desc << "\n";
  };
  line("run.ttft", s.ttft_s, "s", "time to first token, mean over sequences");
  line("run.tpot", s.tpot_s, "s", "time per output token after the first, mean");
  line("run.e2e_latency", s.e2e_latency_s, "s", "simulated time until the last token");
  line("run.energy", s.energy_j, "J", "dynamic + static energy");
  line("run.static_energy", s.static_energy_j, "J",
       "static power x powered time (chip.power_gating) + wake-ups");
  line("run.programming_time", s.programming_time_s, "s", "one-off write-verify of all weights");
  line("run.programming_energy", s.programming_energy_j, "J",
       "one-off write-verify of all weights");
  line("run.analog_ops", s.analog_ops, "ops", "analog MVM operations (MAC = 2)");
  line("run.digital_ops", s.digital_ops, "ops", "digital unit operations (MAC = 2)");
  for (const auto& [path, l] : stats.lines()) line(path, l.value, l.unit, l.description);
  return os.str();
}

}  // namespace

std::string summary_json(const RunSummary& s, const RunConfig& cfg) {
  nlohmann::ordered_json j;
  j["name"] = cfg.name;
  j["model"] = cfg.workload.model;
  j["prompt_tokens"] = cfg.workload.prompt_tokens;
  j["decode_tokens"] = cfg.workload.decode_tokens;
  j["batch"] = cfg.workload.batch;
  j["seed"] = cfg.workload.seed;
  j["ttft_s"] = s.ttft_s;
  j["tpot_s"] = s.tpot_s;
  j["e2e_latency_s"] = s.e2e_latency_s;
  j["tokens_per_s"] = s.tokens_per_s;
  j["generated_tokens"] = s.generated_tokens;
  j["energy_j"] = s.energy_j;
  j["dynamic_energy_j"] = s.dynamic_energy_j;
  j["static_energy_j"] = s.static_energy_j;
  j["energy_per_token_j"] = s.energy_per_token_j;
  j["peak_tops"] = s.peak_tops;
  j["peak_tops_per_w"] = s.peak_tops_per_w;
  j["effective_tops_per_w"] = s.effective_tops_per_w;
  j["mvm_latency_s"] = s.mvm_latency_s;
  j["mvm_energy_j"] = s.mvm_energy_j;
  j["tiles_used"] = s.tiles_used;
  j["tiles_total"] = s.tiles_total;
  j["mean_tile_utilization"] = s.mean_tile_utilization;
  j["chips"] = s.chips;
  j["packages"] = s.packages;
  j["area_mm2"] = s.area_mm2;
  j["chip_area_mm2"] = s.chip_area_mm2;
  j["tile_area_mm2"] = s.tile_area_mm2;
  j["programming_time_s"] = s.programming_time_s;
  j["programming_energy_j"] = s.programming_energy_j;
  j["sim_wall_s"] = s.sim_wall_s;
  return j.dump(2) + "\n";
}

void write_run_files(const std::filesystem::path& dir, const RunOutputs& out) {
  const RunConfig& cfg = *out.cfg;
  write_text(dir / "config.resolved.yaml", resolved_yaml(cfg));
  write_text(dir / "mapping.csv", mapping_csv(*out.mapping));
  write_text(dir / "mapping_tiles.csv", mapping_tiles_csv(*out.mapping));
  write_text(dir / "energy_table.csv", energy_table_csv(cfg));
  if (!out.summary) return;
  write_text(dir / "summary.json", summary_json(*out.summary, cfg));
  write_text(dir / "stats.txt", stats_txt(*out.stats, *out.summary));
  write_text(dir / "energy_by_component.csv",
             energy_by_component_csv(out.by_type, *out.summary, cfg));
  write_text(dir / "energy_by_layer.csv", energy_by_layer_csv(*out.records));
  write_text(dir / "token_timeline.csv", token_timeline_csv(*out.records));
  write_text(dir / "area_table.csv", area_table_csv(out.by_type, cfg, out.mapping->chips));
}

}  // namespace aimcsim::report
