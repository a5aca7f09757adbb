// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/serve_command.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <systemc>

#include "sim/arch_config.hpp"
#include "sim/cli/error_exit.hpp"
#include "sim/cli/llm_session.hpp"
#include "sim/cli/model_source.hpp"
#include "sim/cli/progress_bar.hpp"
#include "sim/cli/results_dir.hpp"
#include "sim/cli/run_pipeline.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/quantity.hpp"
#include "sim/config/text_check.hpp"
#include "sim/io/checked_file.hpp"
#include "sim/report/run_writer.hpp"
#include "sim/report/serve_report.hpp"
#include "sim/system.hpp"
#include "workloads/mapper.hpp"
#include "workloads/serving/fast_chip.hpp"
#include "workloads/serving/scheduler.hpp"
#include "workloads/serving/time_series.hpp"
#include "workloads/trace/trace.hpp"

namespace aimcsim::cli {
namespace fs = std::filesystem;
using workloads::serving::ServeResult;
using workloads::serving::StepExecutor;

CLI::App* add_serve_command(CLI::App& app, ServeOptions& opt) {
  auto* cmd = app.add_subcommand(
      "serve", "replay an LLM inference trace on the chip: TTFT/TPOT percentiles, throughput, "
               "energy per token");
  cmd->add_option("arch", opt.arch, "architecture YAML file or built-in preset");
  cmd->add_option("--model", opt.model, "built-in model, a HuggingFace config.json or its folder");
  cmd->add_option("--trace", opt.trace, "the trace file (docs/serving.md, \"Trace formats\")")
      ->required();
  cmd->add_option("--trace-format", opt.format, "auto (default), azure, mooncake, splitwise, native");
  cmd->add_option("--time-scale", opt.time_scale,
                  "multiply arrival times by X (0.5: the same requests twice as fast)");
  cmd->add_option("--max-requests", opt.max_requests, "replay at most N requests");
  cmd->add_option("--start", opt.start, "skip the trace's first T (e.g. 600s, 10min)");
  cmd->add_option("--duration", opt.duration, "replay D of trace time from --start (e.g. 5min)");
  cmd->add_flag("--skip-bad-rows", opt.skip_bad_rows,
                "count and report malformed rows instead of stopping at the first");
  cmd->add_option("--mode", opt.mode, "fast (per layer, default) or fine (per tile): serving.mode");
  cmd->add_option("-p,--param", opt.overrides, "override a configuration key: dotted.key=value")
      ->allow_extra_args(false);
  cmd->add_option("-o,--output", opt.output_dir,
                  "results folder (default results/<name>-<model>-serve-<trace>)");
  cmd->add_option("--log-level", opt.log_level, "trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  return cmd;
}

namespace {

double parse_time_option(const std::string& text, const char* option) {
  const auto v = config::parse_quantity(text, config::Dimension::time, "s");
  if (!v || !std::isfinite(*v) || *v < 0)
    throw config::ConfigError(std::string(option) + " '" + config::printable(text) +
                              "': expected a non-negative time (" +
                              config::accepted_units(config::Dimension::time) + ")");
  return *v;
}

workloads::trace::TraceReadOptions trace_options(const ServeOptions& opt) {
  workloads::trace::TraceReadOptions o;
  try {
    o.format = workloads::trace::parse_trace_format(opt.format);
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(e.what());  // names --trace-format
  }
  o.skip_bad_rows = opt.skip_bad_rows;
  if (!opt.time_scale.empty()) {
    char* end = nullptr;
    o.time_scale = std::strtod(opt.time_scale.c_str(), &end);
    if (end == opt.time_scale.c_str() || *end != '\0' || !std::isfinite(o.time_scale) ||
        o.time_scale <= 0)
      throw config::ConfigError("--time-scale '" + config::printable(opt.time_scale) +
                                "': expected a positive number");
  }
  if (!opt.max_requests.empty()) {
    char* end = nullptr;
    errno = 0;
    const long long n = std::strtoll(opt.max_requests.c_str(), &end, 10);
    if (end == opt.max_requests.c_str() || *end != '\0' || n < 1 || errno == ERANGE)
      throw config::ConfigError("--max-requests '" + config::printable(opt.max_requests) +
                                "': expected a positive integer");
    o.max_requests = n;
  }
  if (!opt.start.empty()) o.start_s = parse_time_option(opt.start, "--start");
  if (!opt.duration.empty()) {
    o.duration_s = parse_time_option(opt.duration, "--duration");
    if (o.duration_s <= 0)
      throw config::ConfigError("--duration '" + config::printable(opt.duration) +
                                "': expected a positive time");
  }
  return o;
}

/// Replicas the system serves with: system.replicas, or (0) as many copies as system.chips
/// holds. `copy_chips` is what one copy needs (mapped with automatic chips).
int replica_count(const RunConfig& cfg, int copy_chips) {
  const auto& system = cfg.values->child("system");
  if (cfg.system.chips > 0 && cfg.system.replicas != 1) {
    const int fit = cfg.system.chips / std::max(1, copy_chips);
    const int wanted = cfg.system.replicas > 0 ? cfg.system.replicas : fit;
    if (wanted < 1 || wanted > fit)
      config::fail_value(system, "replicas",
                         "system.chips = " + std::to_string(cfg.system.chips) + " holds " +
                             std::to_string(fit) + " copies of " + std::to_string(copy_chips) +
                             " chips; expected at most that many replicas (or more chips)");
    return wanted;
  }
  return cfg.system.replicas > 0 ? cfg.system.replicas : 1;
}

/// The mapping of one copy. With one replica the copy spans system.chips, as in `aimcsim run`;
/// with several, each copy gets the chips it needs and system.chips only bounds how many fit.
/// `document` builds the run's configuration document afresh (YAML nodes are shared on copy).
template <typename MakeDocument>
workloads::Mapping map_one_copy(const workloads::ModelDesc& model, const RunConfig& cfg,
                                const MakeDocument& document) {
  if (cfg.system.chips <= 0 || cfg.system.replicas == 1) return workloads::map_model(model, cfg);
  config::YamlDocument doc = document();
  doc.apply_override("system.chips=0", "system.replicas != 1 (one copy's chips)");
  RunConfig per_copy = read_run_config(doc);
  per_copy.workload.serve = true;
  return workloads::map_model(model, per_copy);
}

/// The fine-grained replay: the scheduler runs inside the elaborated SystemC model, on the
/// kernel's own thread (see run_pipeline.cpp, simulate(), for why).
ServeResult serve_fine(const RunConfig& cfg, const workloads::Mapping& mapping,
                       const workloads::trace::Trace& trace,
                       const workloads::serving::SchedulerLimits& limits,
                       const workloads::serving::ServeProgress& progress) {
  ServeResult result;
  std::exception_ptr failure;
  std::thread kernel([&] {
    try {
      sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
      System& system = *new System("system", cfg, mapping);  // never destroyed: see simulate()
      system.sequencer().serve([&](StepExecutor& steps) {
        result = workloads::serving::serve_trace(trace, cfg.serving, limits, {&steps}, progress);
      });
      failure = system.run_capturing();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  kernel.join();
  if (failure) std::rethrow_exception(failure);
  return result;
}

std::string one_line(const report::ServeSummary& s, const RunConfig& cfg, const fs::path& dir) {
  // An undefined figure (nothing finished) is "n/a", never a made-up 0.
  auto v = [](const std::optional<double>& x, const char* unit) {
    if (!x) return std::string("n/a");
    char b[48];
    std::snprintf(b, sizeof b, "%.4g%s", *x, unit);
    return std::string(b);
  };
  const std::string text = "aimcsim serve: " + cfg.name + " " + cfg.workload.model + " " +
                           std::to_string(s.requests) + " requests (" +
                           std::to_string(s.rejected) + " rejected) | TTFT p50 " +
                           v(s.ttft.p50_s, " s") + " p99 " + v(s.ttft.p99_s, " s") +
                           ", ITL p50 " + v(s.itl.p50_s, " s") + " p99 " +
                           v(s.itl.p99_s, " s") + ", " + v(s.generated_tokens_per_s, " tok/s") +
                           ", " + v(s.energy_per_token_j, " J/token") + ", " +
                           v(s.average_power_w, " W") + " | ";
  return printable_line(text + dir.string());
}

}  // namespace

int execute_serve(const ServeOptions& opt) {
  const auto make_document = [&] {
    config::YamlDocument d = load_arch(opt.arch);
    for (const auto& o : opt.overrides) d.apply_override(o, "");
    if (!opt.model.empty()) d.apply_override("workload.model=" + opt.model, "--model " + opt.model);
    if (!opt.mode.empty()) d.apply_override("serving.mode=" + opt.mode, "--mode " + opt.mode);
    return d;
  };
  config::YamlDocument doc = make_document();
  RunConfig cfg = read_run_config(doc);
  cfg.workload.serve = true;
  const auto read_opts = trace_options(opt);
  const ModelSource model_source = resolve_model(cfg, doc);
  const workloads::Mapping mapping = map_one_copy(model_source.desc, cfg, make_document);
  const int replicas = replica_count(cfg, mapping.chips);
  if (cfg.system.chips > 0 && cfg.system.replicas != 1 && replicas * mapping.chips < cfg.system.chips)
    std::cerr << "aimcsim serve: warning: " << replicas << " copies of " << mapping.chips
              << " chips leave " << cfg.system.chips - replicas * mapping.chips
              << " of system.chips = " << cfg.system.chips
              << " unused; they are not simulated and draw no power\n";
  if (cfg.serving.mode == ServingParams::Mode::fine && replicas > 1)
    config::fail_value(cfg.values->child("serving"), "mode",
                       "fine mode simulates one replica (system.replicas = " +
                           std::to_string(replicas) + "); expected serving.mode: fast or "
                           "system.replicas: 1");

  workloads::serving::SchedulerLimits limits;
  const long long memories_hold = workloads::kv_capacity_tokens(mapping, cfg);
  if (cfg.serving.kv_capacity_tokens > memories_hold)
    config::fail_value(cfg.values->child("serving"), "kv_capacity",
                       "the KV SRAM and package DRAM of one copy hold " +
                           std::to_string(memories_hold) +
                           " tokens; expected at most that, or 0 for all of it");
  limits.kv_capacity_tokens =
      cfg.serving.kv_capacity_tokens > 0 ? cfg.serving.kv_capacity_tokens : memories_hold;
  if (limits.kv_capacity_tokens <= 0)
    config::fail_value(cfg.values->child("chip").child("kv_cache").child("dram"), "capacity",
                       "the package DRAM holds no KV cache beside the embedding and digital "
                       "weights; expected a larger capacity or more "
                       "system.memory_stacks_per_package");
  limits.max_context =
      cfg.serving.max_context > 0 ? cfg.serving.max_context : mapping.model.max_context;
  limits.prefill_chunk = cfg.workload.prefill_chunk;
  limits.kv_bytes_per_token =
      2.0 * mapping.model.kv_dim() * cfg.mapping.kv_bits / 8.0 * mapping.model.layers;

  const workloads::trace::Trace trace = workloads::trace::read_trace(opt.trace, read_opts);
  limits.prefix_block_tokens = trace.prefix_block_tokens;
  // The time series must fit its interval limit at least up to the last arrival.
  const double last = trace.requests.empty() ? 0.0 : trace.requests.back().arrival_s;
  if (last / cfg.serving.sample_interval_s >
      double(workloads::serving::TimeSeries::k_max_intervals)) {
    char why[256];
    std::snprintf(why, sizeof why,
                  "the trace's arrivals span %g s (after --time-scale), more than %lld "
                  "intervals of %g s; expected a longer interval, or a shorter --duration",
                  last, workloads::serving::TimeSeries::k_max_intervals,
                  cfg.serving.sample_interval_s);
    config::fail_value(cfg.values->child("serving"), "sample_interval", why);
  }

  const std::string out_name =
      opt.output_dir.empty()
          ? (fs::path("results") /
             safe_folder_name(cfg.name + "-" + mapping.model.name + "-serve-" +
                              fs::path(opt.trace).stem().string()))
                .string()
          : opt.output_dir;
  ResultsDir out(out_name, opt.output_dir.empty() ? "results folder " + out_name : "-o " + out_name);
  std::ostringstream log_text;
  auto log = make_logger(opt.log_level, log_text);
  log->info("serve '{}' model {} on {} replica(s) of {} chips, KV {} tokens each, {} requests "
            "({} rows, {} skipped), mode {}",
            cfg.name, mapping.model.name, replicas, mapping.chips, limits.kv_capacity_tokens,
            trace.requests.size(), trace.rows, trace.skipped_rows,
            cfg.serving.mode == ServingParams::Mode::fine ? "fine" : "fast");
  for (const auto& reason : trace.skipped_reasons) log->warn("skipped {}", reason);

  const double last_arrival = trace.requests.empty() ? 0 : trace.requests.back().arrival_s;
  ProgressBar bar("serve (simulated ms)",
                  static_cast<long long>(std::ceil(last_arrival * 1e3)) + 1);
  long long shown_ms = 0;
  const workloads::serving::ServeProgress progress = [&](double t) {
    const long long ms = static_cast<long long>(t * 1e3);
    if (ms > shown_ms) bar.advance(ms - shown_ms), shown_ms = ms;
  };
  ServeResult result;
  if (cfg.serving.mode == ServingParams::Mode::fine) {
    result = serve_fine(cfg, mapping, trace, limits, progress);
  } else {
    std::vector<std::unique_ptr<workloads::serving::FastChip>> chips;
    std::vector<StepExecutor*> executors;
    for (int r = 0; r < replicas; ++r) {
      chips.push_back(std::make_unique<workloads::serving::FastChip>(mapping, cfg));
      executors.push_back(chips.back().get());
    }
    result = workloads::serving::serve_trace(trace, cfg.serving, limits, executors, progress);
  }
  bar.finish();
  result.mode = cfg.serving.mode == ServingParams::Mode::fine ? "fine" : "fast";
  const report::ServeSummary summary =
      report::summarize_serve(result, {cfg.serving.slo_ttft_s, cfg.serving.slo_tpot_s});
  log->info("replayed {:.6g} s of traffic in {:.3g} s of wall time ({} steps, {} events)",
            result.span_s, result.wall_s, result.steps, result.layer_events);

  if (model_source.is_file) {
    io::write_new_file(out.staging() / k_saved_model_file, model_source.text);
    cfg.values->child("workload").set("model", saved_model_value(cfg));
  }
  report::RunOutputs outputs;
  outputs.cfg = &cfg;
  outputs.mapping = &mapping;
  report::write_run_files(out.staging(), outputs);
  nlohmann::ordered_json identity;
  identity["name"] = cfg.name;
  identity["model"] = mapping.model.name;
  identity["trace"] = opt.trace;
  identity["trace_format"] = workloads::trace::trace_format_name(trace.format);
  identity["trace_rows"] = trace.rows;
  identity["outside_window_rows"] = trace.outside_window;
  identity["time_scale"] = read_opts.time_scale;
  identity["start_s"] = read_opts.start_s;
  if (std::isfinite(read_opts.duration_s)) identity["duration_s"] = read_opts.duration_s;
  identity["max_requests"] = read_opts.max_requests;
  identity["skip_bad_rows"] = read_opts.skip_bad_rows;
  identity["command_line"] = command_line(opt.argv);
  identity["kv_capacity_tokens"] = limits.kv_capacity_tokens;
  identity["max_context_tokens"] = limits.max_context;
  report::write_serve_files(out.staging(), result, summary, identity);
  log->flush();
  io::write_new_file(out.staging() / "log.txt", log_text.str());
  spdlog::drop("aimcsim");
  out.commit();
  std::cout << one_line(summary, cfg, out.final_dir()) << "\n";
  return 0;
}

}  // namespace aimcsim::cli
