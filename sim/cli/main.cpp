// SPDX-License-Identifier: Apache-2.0
// aimcsim command line: a thin front end over the library.
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>
#include <systemc>

#include "sim/cli/error_exit.hpp"
#include "sim/cli/eval_command.hpp"
#include "sim/cli/serve_command.hpp"
#include "sim/cli/sweep_command.hpp"
#include "sim/cli/interrupt_cleanup.hpp"
#include "sim/cli/presets.hpp"
#include "sim/cli/run_command.hpp"
#include "sim/cli/tokenize_command.hpp"
#include "sim/io/checked_file.hpp"
#include "workloads/model_catalog.hpp"

namespace {

/// The dedicated flags of `run` and `map`; unset ones leave the configuration's values.
struct WorkloadFlags {
  std::string model;
  std::optional<std::string> prompt, decode, batch, seed;
};

void add_run_options(CLI::App* cmd, aimcsim::cli::RunOptions& opt, WorkloadFlags& f) {
  std::string presets, models;
  for (const auto& p : aimcsim::cli::builtin_presets()) presets += std::string(presets.empty() ? "" : ", ") + p.name;
  for (const auto& m : aimcsim::workloads::builtin_model_names()) models += (models.empty() ? "" : ", ") + m;
  cmd->add_option("arch", opt.arch,
                  "architecture YAML file or built-in preset (" + presets + "); default " +
                      aimcsim::cli::k_default_preset);
  cmd->add_option("--model", f.model,
                  "built-in model (" + models + "), a HuggingFace config.json or a folder holding one");
  // Numbers are taken as text and validated by the configuration reader, which knows each
  // key's range: a negative or malformed value is an error naming the flag, never ignored.
  cmd->add_option("--prompt", f.prompt, "prompt tokens per request (workload.prompt_tokens)");
  cmd->add_option("--decode", f.decode, "generated tokens per request (workload.decode_tokens)");
  cmd->add_option("--batch", f.batch, "concurrent requests (workload.batch)");
  cmd->add_option("-p,--param", opt.overrides, "override a configuration key: dotted.key=value")
      ->allow_extra_args(false);
  cmd->add_option("-o,--output", opt.output_dir,
                  "results folder (default results/<run name>); must be new, empty, or an "
                  "earlier aimcsim results folder");
  cmd->add_option("--seed", f.seed, "seed of every random stream (workload.seed)");
  cmd->add_flag("--ignore-budget", opt.ignore_budget,
                "run even if the upfront estimate exceeds the host-memory or transaction "
                "budget (simulation.memory_budget, simulation.wall_time_budget)");
  cmd->add_option("--log-level", opt.log_level, "trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
}

/// The dedicated flags are overrides of workload keys; errors name the flag.
void append_flags(aimcsim::cli::RunOptions& opt, const WorkloadFlags& f) {
  opt.shown.resize(opt.overrides.size());
  auto add = [&](const char* key, const char* flag, const std::string& value) {
    opt.overrides.push_back(std::string(key) + "=" + value);
    opt.shown.push_back(std::string(flag) + " " + value);
  };
  if (!f.model.empty()) add("workload.model", "--model", f.model);
  if (f.prompt) add("workload.prompt_tokens", "--prompt", *f.prompt);
  if (f.decode) add("workload.decode_tokens", "--decode", *f.decode);
  if (f.batch) add("workload.batch", "--batch", *f.batch);
  if (f.seed) add("workload.seed", "--seed", *f.seed);
}

/// Options of the commands that run a checkpoint (`eval`, `generate`).
void add_llm_options(CLI::App* cmd, aimcsim::cli::LlmOptions& opt) {
  std::string presets;
  for (const auto& p : aimcsim::cli::builtin_presets()) presets += std::string(presets.empty() ? "" : ", ") + p.name;
  cmd->add_option("arch", opt.arch,
                  "architecture YAML file or built-in preset (" + presets + "); default " +
                      aimcsim::cli::k_default_preset);
  cmd->add_option("--checkpoint", opt.checkpoint,
                  "llama2.c .bin, or a HuggingFace folder (config.json + *.safetensors, e.g. an "
                  "Analog Foundation Models checkpoint after scripts/convert-afm-checkpoint.py)")
      ->required();
  cmd->add_option("--tokenizer", opt.tokenizer,
                  "llama2.c tokenizer .bin or tokenizer.json (default: tokenizer.json beside "
                  "the checkpoint)");
  cmd->add_option("-p,--param", opt.overrides, "override a configuration key: dotted.key=value")
      ->allow_extra_args(false);
  cmd->add_option("-o,--output", opt.output_dir,
                  "results folder; must be new, empty, or an earlier aimcsim results folder");
  cmd->add_flag("--ideal", opt.ideal,
                "float32 everywhere: no device noise, no DAC/ADC quantisation (the reference)");
  cmd->add_option("--threads", opt.threads, "host threads for the tiles (default: all cores)");
  cmd->add_flag("--ignore-budget", opt.ignore_budget,
                "run even if the upfront estimate exceeds the host budget");
  cmd->add_option("--log-level", opt.log_level, "trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
}

/// SystemC reports go through aimcsim's error handling, never straight to stdout: errors and
/// fatals throw (and reach report_error), warnings and infos are dropped from the terminal.
void route_systemc_reports() {
  using sc_core::sc_report_handler;
  sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_DO_NOTHING);
  sc_report_handler::set_actions(sc_core::SC_ERROR, sc_core::SC_THROW);
  sc_report_handler::set_actions(sc_core::SC_FATAL, sc_core::SC_THROW);
}

int run_cli(int argc, char** argv) {
  CLI::App app{"aimcsim: analog in-memory-computing simulator for LLM inference"};
  app.require_subcommand(1);

  aimcsim::cli::RunOptions run_opt, map_opt;
  WorkloadFlags run_flags, map_flags;
  auto* run = app.add_subcommand("run", "simulate LLM inference on a mapped chip and write a report");
  add_run_options(run, run_opt, run_flags);
  auto* map = app.add_subcommand("map", "place the model on the chip and write the mapping only");
  add_run_options(map, map_opt, map_flags);
  app.add_subcommand("components", "list every configurable component and parameter (Markdown)");
  aimcsim::cli::TokenizeOptions tokenize_opt;
  auto* tokenize = aimcsim::cli::add_tokenize_command(app, tokenize_opt);

  aimcsim::cli::ServeOptions serve_opt;
  auto* serve = aimcsim::cli::add_serve_command(app, serve_opt);

  aimcsim::cli::SweepOptions sweep_opt;
  auto* sweep = aimcsim::cli::add_sweep_command(app, sweep_opt);
  aimcsim::cli::SweepMergeOptions sweep_merge_opt;
  auto* sweep_merge = aimcsim::cli::add_sweep_merge_command(app, sweep_merge_opt);

  aimcsim::cli::EvalOptions eval_opt;
  auto* eval = app.add_subcommand(
      "eval", "accuracy of a checkpoint on the chip per drift time, with latency and energy");
  add_llm_options(eval, eval_opt.llm);
  eval->add_option("--text", eval_opt.text_file,
                   "UTF-8 text; documents separated by --separator, each evaluated from BOS");
  eval->add_option("--tokens", eval_opt.tokens_file, "token ids (JSON array or whitespace "
                                                     "separated) instead of --text");
  eval->add_option("--drift-times", eval_opt.drift_times,
                   "times since programming, comma separated (default 0s,1h,1d,1y)");
  eval->add_option("--seeds", eval_opt.seeds, "programming seeds per drift time (default 3)");
  eval->add_option("--max-tokens", eval_opt.max_tokens, "evaluate at most N tokens (0: all)");
  eval->add_option("--window", eval_opt.window,
                   "tokens per window (default min(512, the checkpoint's max_seq_len))");
  eval->add_option("--separator", eval_opt.separator,
                   "document separator in --text (default <|endoftext|>)");

  aimcsim::cli::GenerateOptions gen_opt;
  auto* generate = app.add_subcommand(
      "generate", "continue a prompt on the chip; prints the text, writes the run report");
  add_llm_options(generate, gen_opt.llm);
  generate->add_option("--prompt", gen_opt.prompt, "the prompt text")->required();
  generate->add_option("--max-new-tokens", gen_opt.max_new_tokens, "tokens to generate (default 64)");
  generate->add_option("--temperature", gen_opt.temperature, "0: greedy (default); > 0: sampled");
  generate->add_option("--seed", gen_opt.seed_text, "programming and sampling seed (workload.seed)");
  generate->add_flag("--chat", gen_opt.chat, "wrap the prompt in the tokenizer's chat template");

  // CLI11 would say "A subcommand is required" for a misspelt command; name it instead.
  if (argc > 1 && argv[1][0] != '-') {
    const std::string cmd = argv[1];
    if (cmd != "run" && cmd != "map" && cmd != "components" && cmd != "eval" &&
        cmd != "generate" && cmd != "tokenize" && cmd != "serve" && cmd != "sweep" &&
        cmd != "sweep-merge")
      throw CLI::ParseError("unknown command '" + cmd + "'; expected run, map, serve, sweep, "
                            "sweep-merge, eval, generate, tokenize or components (aimcsim "
                            "--help lists them)",
                            aimcsim::cli::k_exit_bad_input);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  }
  if (run->parsed()) {
    append_flags(run_opt, run_flags);
    return aimcsim::cli::execute_run(run_opt);
  }
  if (map->parsed()) {
    append_flags(map_opt, map_flags);
    map_opt.map_only = true;
    return aimcsim::cli::execute_run(map_opt);
  }
  const std::vector<std::string> args(argv, argv + argc);
  if (eval->parsed()) {
    eval_opt.llm.argv = args;
    return aimcsim::cli::execute_eval(eval_opt);
  }
  if (generate->parsed()) {
    gen_opt.llm.argv = args;
    if (!gen_opt.seed_text.empty()) gen_opt.llm.overrides.push_back("workload.seed=" + gen_opt.seed_text);
    return aimcsim::cli::execute_generate(gen_opt);
  }
  if (tokenize->parsed()) return aimcsim::cli::execute_tokenize(tokenize_opt);
  if (serve->parsed()) {
    serve_opt.argv.assign(argv, argv + argc);
    return aimcsim::cli::execute_serve(serve_opt);
  }
  if (sweep->parsed()) return aimcsim::cli::execute_sweep(sweep_opt);
  if (sweep_merge->parsed()) return aimcsim::cli::execute_sweep_merge(sweep_merge_opt);
  aimcsim::cli::print_components();
  return 0;
}

}  // namespace

// libsystemc's main() prints a banner before sc_main(); stdout belongs to the summary, so this
// main silences it and enters SystemC the documented way.
int main(int argc, char** argv) {
  aimcsim::cli::install_interrupt_cleanup();  // before any other thread exists
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}

int sc_main(int argc, char** argv) {
  try {
    route_systemc_reports();
    const int code = run_cli(argc, argv);
    // The summary line (or the components listing) is output too: a full or closed stdout is
    // an I/O failure, not a success.
    std::cout.flush();
    if (!std::cout)
      throw aimcsim::io::WriteError("standard output: cannot write (disk full or closed pipe)");
    return code;
  } catch (const CLI::ParseError& e) {
    std::cerr << "error: " << aimcsim::cli::printable_line(e.what()) << std::endl;
    return aimcsim::cli::k_exit_bad_input;
  } catch (...) {
    return aimcsim::cli::report_error(std::current_exception());
  }
}
