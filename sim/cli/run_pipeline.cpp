// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/run_pipeline.hpp"

#include <filesystem>
#include <thread>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <systemc>

#include "sim/cli/presets.hpp"
#include "sim/cli/run_checks.hpp"
#include "sim/config/config_error.hpp"
#include "sim/kernel/sim_time.hpp"
#include "sim/report/component_walk.hpp"
#include "sim/system.hpp"

namespace aimcsim::cli {
namespace fs = std::filesystem;

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
                            spdlog::logger& log, const BeforeRun& before_run) {
  report::RunSummary summary;
  std::exception_ptr failure;
  std::thread kernel([&] {
    try {
      sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
      // Deliberately never destroyed: SystemC unregisters modules with a linear search each,
      // quadratic in the tens of thousands of tiles, and the process ends right after the run.
      System& system = *new System("system", cfg, mapping);
      if (before_run) before_run(system);
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

}  // namespace aimcsim::cli
