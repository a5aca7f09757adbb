// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/run_command.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <systemc>

#include "sim/arch_config.hpp"
#include "sim/cli/error_exit.hpp"
#include "sim/cli/model_source.hpp"
#include "sim/cli/presets.hpp"
#include "sim/cli/results_dir.hpp"
#include "sim/cli/run_pipeline.hpp"
#include "sim/cli/run_checks.hpp"
#include "sim/config/config_error.hpp"
#include "sim/io/checked_file.hpp"
#include "sim/kernel/sim_time.hpp"
#include "sim/report/component_walk.hpp"
#include "sim/report/run_summary.hpp"
#include "sim/report/run_writer.hpp"
#include "sim/resource_estimate.hpp"
#include "sim/system.hpp"
#include "workloads/mapper.hpp"

namespace aimcsim::cli {
namespace fs = std::filesystem;

namespace {

std::string one_line(const report::RunSummary& s, const RunConfig& cfg, const fs::path& dir) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "aimcsim: %s %s prompt=%d decode=%d batch=%d | TTFT %.4g s, TPOT %.4g s, "
                "%.4g tok/s, %.4g J (%.4g J/token), %d chips, %d/%d tiles, %.4g mm2 | ",
                cfg.name.c_str(), cfg.workload.model.c_str(), cfg.workload.prompt_tokens,
                cfg.workload.decode_tokens, cfg.workload.batch, s.ttft_s, s.tpot_s, s.tokens_per_s,
                s.energy_j, s.energy_per_token_j, s.chips, s.tiles_used, s.tiles_total,
                s.area_mm2);
  // Names and paths come from the user: never let them drive the terminal.
  return printable_line(buf + dir.string());
}

}  // namespace

int execute_run(const RunOptions& opt) {
  const auto wall_start = std::chrono::steady_clock::now();
  config::YamlDocument doc = load_arch(opt.arch);
  for (size_t i = 0; i < opt.overrides.size(); ++i)
    doc.apply_override(opt.overrides[i], i < opt.shown.size() ? opt.shown[i] : "");
  RunConfig cfg = read_run_config(doc);
  const ModelSource model_source = resolve_model(cfg, doc);
  const workloads::ModelDesc& model = model_source.desc;
  if (!opt.ignore_budget)
    check_budget(estimate_resources(cfg, model, opt.map_only), host_budget(cfg), cfg);
  const workloads::Mapping mapping = workloads::map_model(model, cfg);
  if (!opt.map_only) check_memory_capacity(mapping, cfg);

  const std::string out_name =
      opt.output_dir.empty() ? (fs::path("results") / default_run_name(cfg, opt.map_only)).string()
                             : opt.output_dir;
  ResultsDir out(out_name, opt.output_dir.empty() ? "results folder " + out_name : "-o " + out_name);
  std::ostringstream log_text;
  auto log = make_logger(opt.log_level, log_text);
  log->info("configuration '{}' model {} ({:.3g} parameters), {} chips, {} tiles used", cfg.name,
            mapping.model.name, mapping.model.parameter_count(), mapping.chips, mapping.tiles_used);
  report::RunOutputs outputs;
  outputs.cfg = &cfg;
  outputs.mapping = &mapping;
  report::StatsCollector stats;
  report::RunSummary summary;
  if (!opt.map_only) {
    summary = simulate(cfg, mapping, outputs, stats, *log);
    summary.sim_wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    check_finite(summary, cfg);
    outputs.summary = &summary;
    log->info("simulated {:.6g} s in {:.3g} s of wall time", summary.e2e_latency_s,
              summary.sim_wall_s);
  }
  // The model travels with the results, so config.resolved.yaml re-runs from anywhere.
  if (model_source.is_file) {
    io::write_new_file(out.staging() / k_saved_model_file, model_source.text);
    cfg.values->child("workload").set("model", saved_model_value(cfg));
  }
  report::write_run_files(out.staging(), outputs);
  log->flush();
  io::write_new_file(out.staging() / "log.txt", log_text.str());
  spdlog::drop("aimcsim");
  out.commit();
  if (opt.map_only)
    std::cout << printable_line("aimcsim map: " + cfg.name + " " + mapping.model.name + " -> " +
                                std::to_string(mapping.tiles_used) + " tiles on " +
                                std::to_string(mapping.chips) + " chips, utilization " +
                                report::num(mapping.mean_utilization()) + " | " +
                                out.final_dir().string())
              << "\n";
  else
    std::cout << one_line(summary, cfg, out.final_dir()) << "\n";
  return 0;
}

}  // namespace aimcsim::cli
