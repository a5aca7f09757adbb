// SPDX-License-Identifier: Apache-2.0
// `aimcsim generate`: a continuation computed on the chip, with the chip's latency and energy.
#include <chrono>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/cli/error_exit.hpp"
#include "sim/cli/eval_command.hpp"
#include "sim/cli/results_dir.hpp"
#include "sim/cli/run_checks.hpp"
#include "sim/cli/run_pipeline.hpp"
#include "sim/config/config_error.hpp"
#include "sim/io/checked_file.hpp"
#include "sim/resource_estimate.hpp"
#include "sim/system.hpp"
#include "tiles/physics/rng.hpp"
#include "workloads/runner/continuation_text.hpp"
#include "workloads/runner/digital_linears.hpp"
#include "workloads/runner/evaluator.hpp"
#include "workloads/tile_linears.hpp"

namespace aimcsim::cli {
namespace fs = std::filesystem;

namespace {
/// Key of the sampling stream under workload.seed (programming uses key 0, as eval's seed 0).
constexpr std::uint64_t k_sampling_stream = 0x73616d706c65ULL;  // "sample"
}  // namespace

int execute_generate(const GenerateOptions& opt) {
  const auto wall_start = std::chrono::steady_clock::now();
  if (opt.max_new_tokens < 1) throw config::ConfigError("--max-new-tokens: expected at least 1");
  if (!(opt.temperature >= 0) || !std::isfinite(opt.temperature))
    throw config::ConfigError("--temperature: expected a number >= 0 (0: greedy)");
  LlmSession s = open_llm_session(opt.llm, true);
  const workloads::TransformerSpec& spec = s.weights.spec;
  const std::string text = opt.chat ? s.tokenizer->wrap_chat(opt.prompt) : opt.prompt;
  if (opt.chat && text == opt.prompt)
    throw config::ConfigError("--chat: the tokenizer " + s.tokenizer_path +
                              " has no known chat template (Llama-2/3, Phi-3, Qwen2); drop --chat");
  const std::vector<int> prompt = s.tokenizer->encode(text, !opt.chat);
  if (prompt.empty()) throw config::ConfigError("--prompt: the prompt has no tokens");
  check_token_ids(prompt, spec.desc.vocab, "--prompt");
  const long long positions = static_cast<long long>(prompt.size()) + opt.max_new_tokens;
  if (spec.max_seq_len > 0 && positions > spec.max_seq_len)
    throw config::ConfigError("--max-new-tokens " + std::to_string(opt.max_new_tokens) + ": the " +
                              std::to_string(prompt.size()) + " prompt tokens and the new ones "
                              "exceed the checkpoint's " + std::to_string(spec.max_seq_len) +
                              " positions (max_seq_len)");

  RunConfig& cfg = s.cfg;
  cfg.workload.batch = 1;
  cfg.workload.prompt_tokens = static_cast<int>(prompt.size());
  cfg.workload.decode_tokens = opt.max_new_tokens;
  // The timed run replays what was generated: set once the continuation is known (below,
  // before the simulation starts; the sequencer reads its requests when it runs).
  cfg.workload.serial_requests = {{static_cast<int>(prompt.size()), opt.max_new_tokens, false}};
  if (!opt.llm.ignore_budget)
    check_budget(estimate_resources(cfg, spec.desc, false), host_budget(cfg), cfg);
  const workloads::Mapping mapping = workloads::map_model(spec.desc, cfg);
  check_memory_capacity(mapping, cfg);

  const std::string out_name =
      opt.llm.output_dir.empty()
          ? (fs::path("results") / safe_folder_name("generate-" + cfg.name + "-" + spec.desc.name))
                .string()
          : opt.llm.output_dir;
  ResultsDir out(out_name, opt.llm.output_dir.empty() ? "results folder " + out_name
                                                      : "-o " + out_name);
  std::ostringstream log_text;
  auto log = make_logger(opt.llm.log_level, log_text);

  std::vector<int> generated;
  report::RunOutputs outputs;
  outputs.cfg = &cfg;
  outputs.mapping = &mapping;
  report::StatsCollector stats;
  report::RunSummary summary = simulate(cfg, mapping, outputs, stats, *log, [&](System& system) {
    const std::uint64_t sampling_seed = physics::derive_seed(cfg.workload.seed, k_sampling_stream);
    // llama2.c checkpoints learned texts that each begin with BOS and have no EOS: run.c ends a
    // generation when the next token is BOS and does not print it. Other checkpoints end after
    // their EOS, which is kept (as HF generate keeps it).
    const bool stop_at_bos = s.checkpoint.format == "llama2c";
    const int bos = s.tokenizer->bos_id() >= 0 ? s.tokenizer->bos_id() : spec.bos_token_id;
    const int eos = stop_at_bos ? bos
                    : s.tokenizer->eos_id() >= 0 ? s.tokenizer->eos_id()
                                                 : spec.eos_token_id;
    const int max_positions = static_cast<int>(positions);
    if (opt.llm.ideal) {
      workloads::DigitalLinears digital(s.weights);
      workloads::TransformerRunner runner(s.weights, digital, max_positions);
      generated = workloads::generate_tokens(runner, prompt, opt.max_new_tokens, opt.temperature,
                                             sampling_seed, eos);
    } else {
      workloads::TileLinears tiles(system, mapping, s.weights, s.threads);
      tiles.program(physics::derive_seed(cfg.workload.seed, 0));
      tiles.drift_to(cfg.workload.t_inference_s);
      workloads::TransformerRunner runner(s.weights, tiles, max_positions);
      generated = workloads::generate_tokens(runner, prompt, opt.max_new_tokens, opt.temperature,
                                             sampling_seed, eos);
    }
    // The chip computed every step, the one that chose BOS included.
    cfg.workload.serial_requests.front().decode_tokens = static_cast<int>(generated.size());
    cfg.workload.decode_tokens = static_cast<int>(generated.size());
    if (stop_at_bos && eos >= 0 && !generated.empty() && generated.back() == eos)
      generated.pop_back();
  });
  summary.sim_wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  check_finite(summary, cfg);
  outputs.summary = &summary;

  const std::string continuation = workloads::continuation_text(*s.tokenizer, prompt, generated);
  nlohmann::ordered_json j;
  j["command"] = command_line(opt.llm.argv);
  j["checkpoint"] = opt.llm.checkpoint;
  j["mode"] = opt.llm.ideal ? "ideal (float32)" : "analog (linear layers on the mapped tiles)";
  j["t_inference_s"] = cfg.workload.t_inference_s;
  j["seed"] = cfg.workload.seed;
  j["temperature"] = opt.temperature;
  j["prompt"] = opt.prompt;
  j["prompt_ids"] = prompt;
  j["generated_ids"] = generated;
  j["text"] = continuation;
  j["ttft_s"] = summary.ttft_s;
  // One token has no time per output token: null, not a measured 0.
  j["tpot_s"] = generated.size() > 1 ? nlohmann::ordered_json(summary.tpot_s)
                                      : nlohmann::ordered_json(nullptr);
  j["energy_j"] = summary.energy_j;
  record_workload(cfg, "generate");
  report::write_run_files(out.staging(), outputs);
  io::write_new_file(out.staging() / "generation.json", j.dump(2, ' ', false,
                     nlohmann::ordered_json::error_handler_t::replace) + "\n");
  log->flush();
  io::write_new_file(out.staging() / "log.txt", log_text.str());
  spdlog::drop("aimcsim");
  out.commit();
  std::cout << opt.prompt << continuation << "\n";
  std::ostringstream line;
  line.precision(4);
  line << "aimcsim generate: " << spec.desc.name << " " << prompt.size() << " + "
       << generated.size() << " tokens | TTFT " << summary.ttft_s << " s, TPOT " << summary.tpot_s
       << " s, " << summary.energy_j << " J | " << out.final_dir().string();
  std::cerr << printable_line(line.str()) << "\n";
  return 0;
}

}  // namespace aimcsim::cli
