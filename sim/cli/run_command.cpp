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

config::YamlDocument load_arch(const std::string& arch) {
  const std::string name = arch.empty() ? k_default_preset : arch;
  std::error_code ec;
  const auto st = fs::status(name, ec);
  // A folder or device that happens to share a preset's name does not hide the preset.
  for (const auto& p : builtin_presets())
    if (name == p.name && !fs::is_regular_file(st))
      return config::YamlDocument::load_string(p.yaml, p.file);
  if (fs::exists(st)) {
    if (!fs::is_regular_file(st))
      throw config::ConfigError(name + ": not a regular file; expected a YAML configuration "
                                "file or a built-in preset name");
    return config::YamlDocument::load_file(name);
  }
  std::string names;
  for (const auto& p : builtin_presets()) names += std::string(names.empty() ? "" : ", ") + p.name;
  throw config::ConfigError(name + ": no such file, and not a built-in preset (" + names + ")");
}

/// log.txt gets `level` (info unless asked), kept in memory and written with the other results
/// (a checked write; an interrupted run leaves no log); stderr gets warnings, or `level` when
/// one was asked for explicitly, so a plain run prints only its summary.
std::shared_ptr<spdlog::logger> make_logger(const std::string& level, std::ostringstream& log_text) {
  const auto file_level = spdlog::level::from_str(level.empty() ? "info" : level);
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  console->set_level(level.empty() ? spdlog::level::warn : file_level);
  auto file = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_text);
  file->set_level(file_level);
  auto logger = std::make_shared<spdlog::logger>("aimcsim", spdlog::sinks_init_list{console, file});
  logger->set_level(file_level);
  return logger;
}

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

/// Simulates the mapped run; a simulated time beyond the model's range becomes a ConfigError
/// naming the time-valued keys the user set.
///
/// The SystemC kernel runs on a thread of its own, which throws nothing once the coroutines
/// have run: errors travel back as an exception_ptr and are rethrown here. Debian's SystemC
/// switches its QuickThreads coroutine stacks without telling AddressSanitizer, which then
/// misjudges the bounds of the stack they ran on and reports false stack errors for any later
/// throw on it (docs/reliability.md, "Sanitizer suite"); this thread's stack stays clean.
report::RunSummary simulate(const RunConfig& cfg, const workloads::Mapping& mapping,
                            report::RunOutputs& outputs, report::StatsCollector& stats,
                            spdlog::logger& log) {
  report::RunSummary summary;
  std::exception_ptr failure;
  std::thread kernel([&] {
    try {
      sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
      // Deliberately never destroyed: SystemC unregisters modules with a linear search each,
      // quadratic in the tens of thousands of tiles, and the process ends right after the run.
      System& system = *new System("system", cfg, mapping);
      log.info("elaborated; simulating {} sequence(s)", cfg.workload.batch);
      failure = system.run_capturing();
      if (failure) return;
      const auto components = report::find_components();
      for (const auto* c : components) c->report_stats(stats);
      outputs.by_type = report::totals_by_type(components, cfg.chip.gating,
                                               report::e2e_latency_s(system.records()));
      outputs.records = &system.records();
      outputs.stats = &stats;
      summary = report::summarize(cfg, mapping, system.records(), outputs.by_type);
    } catch (...) {
      failure = std::current_exception();  // elaboration: no coroutine has run yet
    }
  });
  kernel.join();
  if (!failure) return summary;
  try {
    std::rethrow_exception(failure);
  } catch (const kernel::SimTimeOverflow& e) {
    // A time grows too long from a time, a size or a rate: name what the command line set,
    // else the configuration's time-valued keys.
    const std::string cli = describe_command_line_values(cfg);
    throw config::ConfigError(std::string(e.what()) + "; check " +
                              (cli.empty() ? "the time-valued keys: " +
                                                 describe_user_values(cfg, config::Dimension::time)
                                           : "the values set on the command line: " + cli));
  }
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
