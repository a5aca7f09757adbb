// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/run_command.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <systemc>

#include "sim/arch_config.hpp"
#include "sim/cli/presets.hpp"
#include "sim/cli/results_dir.hpp"
#include "sim/config/config_error.hpp"
#include "sim/report/component_walk.hpp"
#include "sim/report/run_summary.hpp"
#include "sim/report/run_writer.hpp"
#include "sim/system.hpp"
#include "workloads/mapper.hpp"
#include "workloads/model_catalog.hpp"

namespace aimcsim::cli {
namespace fs = std::filesystem;

namespace {

config::YamlDocument load_arch(const std::string& arch) {
  const std::string name = arch.empty() ? k_default_preset : arch;
  if (fs::exists(name)) return config::YamlDocument::load_file(name);
  for (const auto& p : builtin_presets())
    if (name == p.name) return config::YamlDocument::load_string(p.yaml, p.file);
  std::string names;
  for (const auto& p : builtin_presets()) names += std::string(names.empty() ? "" : ", ") + p.name;
  throw config::ConfigError(name + ": no such file, and not a built-in preset (" + names + ")");
}

/// log.txt gets `level` (info unless asked); stderr gets warnings, or `level` when one was asked
/// for explicitly, so a plain run prints only its summary.
std::shared_ptr<spdlog::logger> make_logger(const std::string& level, const fs::path& log_file) {
  const auto file_level = spdlog::level::from_str(level.empty() ? "info" : level);
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  console->set_level(level.empty() ? spdlog::level::warn : file_level);
  auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(log_file.string(), true);
  file->set_level(file_level);
  auto logger = std::make_shared<spdlog::logger>("aimcsim", spdlog::sinks_init_list{console, file});
  logger->set_level(file_level);
  return logger;
}

std::string one_line(const report::RunSummary& s, const RunConfig& cfg, const fs::path& dir) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "aimcsim: %s %s prompt=%d decode=%d batch=%d | TTFT %.4g s, TPOT %.4g s, "
                "%.4g tok/s, %.4g J (%.4g J/token), %d chips, %d/%d tiles, %.4g mm2 | %s",
                cfg.name.c_str(), cfg.workload.model.c_str(), cfg.workload.prompt_tokens,
                cfg.workload.decode_tokens, cfg.workload.batch, s.ttft_s, s.tpot_s, s.tokens_per_s,
                s.energy_j, s.energy_per_token_j, s.chips, s.tiles_used, s.tiles_total,
                s.area_mm2, dir.string().c_str());
  return buf;
}

}  // namespace

int execute_run(const RunOptions& opt) {
  const auto wall_start = std::chrono::steady_clock::now();
  RunConfig cfg;
  workloads::Mapping mapping;
  try {
    config::YamlDocument doc = load_arch(opt.arch);
    for (size_t i = 0; i < opt.overrides.size(); ++i)
      doc.apply_override(opt.overrides[i], i < opt.shown.size() ? opt.shown[i] : "");
    cfg = read_run_config(doc);
    workloads::ModelDesc model;
    try {
      model = workloads::load_model(cfg.workload.model);
    } catch (const std::invalid_argument& e) {
      throw config::ConfigError(cfg.values->child("workload").value("model").origin +
                                ": key 'workload.model': " + e.what());
    }
    mapping = workloads::map_model(model, cfg);
    if (!opt.map_only) workloads::check_kv_capacity(mapping, cfg);
  } catch (const config::ConfigError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }

  const fs::path final_dir =
      opt.output_dir.empty() ? fs::path("results") / default_run_name(cfg, opt.map_only)
                             : fs::path(opt.output_dir);
  ResultsDir out(final_dir);
  try {
    auto log = make_logger(opt.log_level, out.staging() / "log.txt");
    log->info("configuration '{}' model {} ({:.3g} parameters), {} chips, {} tiles used",
              cfg.name, mapping.model.name, mapping.model.parameter_count(), mapping.chips,
              mapping.tiles_used);
    report::RunOutputs outputs;
    outputs.cfg = &cfg;
    outputs.mapping = &mapping;
    if (opt.map_only) {
      report::write_run_files(out.staging(), outputs);
      log->flush();
      out.commit();
      std::cout << "aimcsim map: " << cfg.name << " " << mapping.model.name << " -> "
                << mapping.tiles_used << " tiles on " << mapping.chips << " chips, utilization "
                << report::num(mapping.mean_utilization()) << " | " << final_dir.string() << "\n";
      return 0;
    }
    sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
    // Deliberately never destroyed: SystemC unregisters modules with a linear search each,
    // quadratic in the tens of thousands of tiles, and the process ends right after the run.
    System& system = *new System("system", cfg, mapping);
    log->info("elaborated; simulating {} sequence(s)", cfg.workload.batch);
    system.run();
    const auto components = report::find_components();
    report::StatsCollector stats;
    for (const auto* c : components) c->report_stats(stats);
    outputs.by_type = report::totals_by_type(components, cfg.chip.gating,
                                             report::e2e_latency_s(system.records()));
    outputs.records = &system.records();
    outputs.stats = &stats;
    report::RunSummary summary =
        report::summarize(cfg, mapping, system.records(), outputs.by_type);
    summary.sim_wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    outputs.summary = &summary;
    report::write_run_files(out.staging(), outputs);
    log->info("simulated {:.6g} s in {:.3g} s of wall time", summary.e2e_latency_s, summary.sim_wall_s);
    log->flush();
    spdlog::drop("aimcsim");
    out.commit();
    std::cout << one_line(summary, cfg, final_dir) << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace aimcsim::cli
