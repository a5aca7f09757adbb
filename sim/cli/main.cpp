// SPDX-License-Identifier: Apache-2.0
// aimcsim command line: a thin front end over the library.
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <systemc>

#include "sim/cli/presets.hpp"
#include "sim/cli/run_command.hpp"
#include "workloads/model_catalog.hpp"

namespace {

void add_run_options(CLI::App* cmd, aimcsim::cli::RunOptions& opt, std::string& model,
                     int& prompt, int& decode, int& batch, long long& seed) {
  std::string presets, models;
  for (const auto& p : aimcsim::cli::builtin_presets()) presets += std::string(presets.empty() ? "" : ", ") + p.name;
  for (const auto& m : aimcsim::workloads::builtin_model_names()) models += (models.empty() ? "" : ", ") + m;
  cmd->add_option("arch", opt.arch,
                  "architecture YAML file or built-in preset (" + presets + "); default " +
                      aimcsim::cli::k_default_preset);
  cmd->add_option("--model", model, "built-in model (" + models + ") or path to a HuggingFace config.json");
  cmd->add_option("--prompt", prompt, "prompt tokens per request");
  cmd->add_option("--decode", decode, "generated tokens per request");
  cmd->add_option("--batch", batch, "concurrent requests");
  cmd->add_option("-p,--param", opt.overrides, "override a configuration key: dotted.key=value")
      ->allow_extra_args(false);
  cmd->add_option("-o,--output", opt.output_dir, "results folder (default results/<run name>)");
  cmd->add_option("--seed", seed, "seed of every random stream");
  cmd->add_option("--log-level", opt.log_level, "trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
}

/// The dedicated flags are overrides of workload keys; errors name the flag.
void append_flags(aimcsim::cli::RunOptions& opt, const std::string& model, int prompt, int decode,
                  int batch, long long seed) {
  opt.shown.resize(opt.overrides.size());
  auto add = [&](const char* key, const char* flag, const std::string& value) {
    opt.overrides.push_back(std::string(key) + "=" + value);
    opt.shown.push_back(std::string(flag) + " " + value);
  };
  if (!model.empty()) add("workload.model", "--model", model);
  if (prompt >= 0) add("workload.prompt_tokens", "--prompt", std::to_string(prompt));
  if (decode >= 0) add("workload.decode_tokens", "--decode", std::to_string(decode));
  if (batch >= 0) add("workload.batch", "--batch", std::to_string(batch));
  if (seed >= 0) add("workload.seed", "--seed", std::to_string(seed));
}

}  // namespace

// libsystemc's main() prints a banner before sc_main(); stdout belongs to the summary, so this
// main silences it and enters SystemC the documented way.
int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}

int sc_main(int argc, char** argv) {
  CLI::App app{"aimcsim: analog in-memory-computing simulator for LLM inference"};
  app.require_subcommand(1);

  aimcsim::cli::RunOptions run_opt, map_opt;
  std::string run_model, map_model;
  int run_prompt = -1, run_decode = -1, run_batch = -1, map_prompt = -1, map_decode = -1,
      map_batch = -1;
  long long run_seed = -1, map_seed = -1;

  auto* run = app.add_subcommand("run", "simulate LLM inference on a mapped chip and write a report");
  add_run_options(run, run_opt, run_model, run_prompt, run_decode, run_batch, run_seed);
  auto* map = app.add_subcommand("map", "place the model on the chip and write the mapping only");
  add_run_options(map, map_opt, map_model, map_prompt, map_decode, map_batch, map_seed);
  app.add_subcommand("components", "list every configurable component and parameter (Markdown)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (run->parsed()) {
    append_flags(run_opt, run_model, run_prompt, run_decode, run_batch, run_seed);
    return aimcsim::cli::execute_run(run_opt);
  }
  if (map->parsed()) {
    append_flags(map_opt, map_model, map_prompt, map_decode, map_batch, map_seed);
    map_opt.map_only = true;
    return aimcsim::cli::execute_run(map_opt);
  }
  aimcsim::cli::print_components();
  return 0;
}
