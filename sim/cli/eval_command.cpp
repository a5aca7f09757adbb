// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/eval_command.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "sim/cli/error_exit.hpp"
#include "sim/cli/progress_bar.hpp"
#include "sim/cli/results_dir.hpp"
#include "sim/cli/run_checks.hpp"
#include "sim/cli/run_pipeline.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/quantity.hpp"
#include "sim/io/checked_file.hpp"
#include "sim/report/eval_report.hpp"
#include "sim/resource_estimate.hpp"
#include "sim/system.hpp"
#include "tiles/physics/rng.hpp"
#include "workloads/runner/evaluator.hpp"
#include "workloads/runner/snr_probe.hpp"
#include "workloads/runner/text_documents.hpp"
#include "workloads/tile_linears.hpp"

namespace aimcsim::cli {
namespace fs = std::filesystem;

namespace {

/// Texts above this are refused rather than read into memory [bytes].
constexpr std::uintmax_t k_max_text_bytes = std::uintmax_t{1} << 30;
/// float32 log-probabilities of the reference kept in memory; beyond, recomputed [bytes].
constexpr std::size_t k_reference_cache_bytes = std::size_t{1} << 30;
/// Input vectors per linear call whose float32 output is computed for the SNR table.
constexpr int k_snr_probe_rows = 16;

std::string read_text(const std::string& path, const std::string& option) {
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (!fs::exists(st)) throw config::ConfigError(option + " " + path + ": no such file");
  if (!fs::is_regular_file(st))
    throw config::ConfigError(option + " " + path + ": not a regular file");
  if (fs::file_size(path, ec) > k_max_text_bytes)
    throw config::ConfigError(option + " " + path + ": larger than 1 GiB; use --max-tokens on a "
                              "shorter excerpt");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) throw config::ConfigError(option + " " + path + ": cannot be read");
  return text.str();
}

/// The documents to evaluate, as token ids (each from BOS when the tokenizer adds one).
std::vector<std::vector<int>> read_documents(const EvalOptions& opt, const LlmSession& s,
                                             std::string& source) {
  const int vocab = s.weights.spec.desc.vocab;
  std::vector<std::vector<int>> docs;
  if (!opt.tokens_file.empty()) {
    source = opt.tokens_file;
    docs.push_back(workloads::read_token_ids(opt.tokens_file));
    check_token_ids(docs.back(), vocab, "--tokens " + opt.tokens_file);
    return docs;
  }
  source = opt.text_file;
  const std::string text = read_text(opt.text_file, "--text");
  for (const std::string& doc : workloads::split_documents(text, opt.separator)) {
    docs.push_back(s.tokenizer->encode(doc, true));
    check_token_ids(docs.back(), vocab, "--text " + opt.text_file + " (document " +
                                            std::to_string(docs.size()) + ")");
  }
  return docs;
}

struct DriftTime {
  double seconds;
  std::string label;
};

std::vector<DriftTime> parse_drift_times(const std::string& list) {
  if (workloads::trim_blanks(list).empty())
    throw config::ConfigError("--drift-times: expected at least one time, e.g. 0s,1h,1d,1y");
  // Every comma separates two times: an empty item (",,", or a trailing comma) is refused
  // rather than dropped, as a time left out by mistake would be.
  std::vector<DriftTime> out;
  for (std::size_t begin = 0;;) {
    const std::size_t comma = list.find(',', begin);
    const std::string item = workloads::trim_blanks(list.substr(begin, comma - begin));
    const auto t = config::parse_quantity(item, config::Dimension::time, "s");
    if (!t || !(*t >= 0) || !std::isfinite(*t))
      throw config::ConfigError("--drift-times: '" + printable_line(item) +
                                "' is not a time >= 0; expected a list such as 0s,1h,1d,1y (" +
                                config::accepted_units(config::Dimension::time) + ")");
    for (const auto& d : out)
      if (d.seconds == *t)
        throw config::ConfigError("--drift-times: " + printable_line(item) + " repeats " +
                                  printable_line(d.label) + "; expected distinct times");
    out.push_back({*t, item});
    if (comma == std::string::npos) break;
    begin = comma + 1;
  }
  return out;
}

/// Host memory of the functional side [bytes], upper side: float32 weights (converted or
/// mapped pages), the tiles' effective weights and their magnitudes (8 bytes per analog
/// weight), and the reference log-probabilities kept in memory.
double functional_memory_bytes(const workloads::ModelDesc& model, const RunConfig& cfg,
                               std::int64_t tokens) {
  double analog = 0;
  for (const auto& s : workloads::block_linears(model))
    if (!cfg.mapping.is_digital(s.name)) analog += double(s.in) * s.out * model.layers;
  if (cfg.mapping.lm_head_analog) analog += double(model.hidden) * model.vocab;
  const double cache = std::min(double(k_reference_cache_bytes), 4.0 * model.vocab * double(tokens));
  return 4.0 * double(model.weight_count()) + 8.0 * analog + cache;
}

int choose_window(const EvalOptions& opt, const workloads::TransformerSpec& spec) {
  constexpr int k_default_window = 512;
  const int limit = spec.max_seq_len > 0 ? spec.max_seq_len : k_default_window;
  if (opt.window == 0) return std::min(k_default_window, limit);
  if (opt.window < 2)
    throw config::ConfigError("--window " + std::to_string(opt.window) +
                              ": expected at least 2 tokens");
  if (spec.max_seq_len > 0 && opt.window > spec.max_seq_len)
    throw config::ConfigError("--window " + std::to_string(opt.window) + ": longer than the " +
                              std::to_string(spec.max_seq_len) +
                              " positions the checkpoint supports (max_seq_len)");
  return opt.window;
}

std::string one_line(const report::EvalResult& r, const report::RunSummary& hw,
                     const fs::path& dir) {
  std::ostringstream o;
  o.precision(4);
  o << "aimcsim eval: " << r.model << " " << r.tokens << " tokens | float32 ppl "
    << r.float32.perplexity() << " | ";
  for (const auto& p : r.points) {
    std::vector<double> v;
    for (const auto& s : p.seeds) v.push_back(s.perplexity());
    const auto sp = report::spread(v);
    o << p.label << " ppl " << sp.mean << " +- " << sp.std << ", ";
  }
  o << hw.e2e_latency_s << " s, " << hw.energy_j << " J ("
    << hw.energy_j / double(std::max<std::int64_t>(1, r.tokens)) << " J/token) | ";
  return printable_line(o.str() + dir.string());
}

}  // namespace

int execute_eval(const EvalOptions& opt) {
  const auto wall_start = std::chrono::steady_clock::now();
  if (opt.text_file.empty() == opt.tokens_file.empty())
    throw config::ConfigError("eval: give exactly one of --text FILE and --tokens FILE");
  if (opt.seeds < 1) throw config::ConfigError("--seeds: expected at least 1");
  if (opt.separator.empty())
    throw config::ConfigError("--separator: expected a non-empty document separator (the "
                              "default is <|endoftext|>)");
  if (opt.max_tokens < 0) throw config::ConfigError("--max-tokens: expected 0 (all) or more");
  const std::vector<DriftTime> drift = parse_drift_times(opt.drift_times);
  LlmSession s = open_llm_session(opt.llm, opt.tokens_file.empty());
  const workloads::ModelDesc& model = s.weights.spec.desc;

  report::EvalResult result;
  const auto docs = read_documents(opt, s, result.text);
  result.window = choose_window(opt, s.weights.spec);
  auto windows = workloads::make_windows(docs, result.window, opt.max_tokens);
  if (windows.empty())
    throw config::ConfigError(result.text + ": no token to predict (every document is shorter "
                              "than 2 tokens)");
  result.documents = static_cast<std::int64_t>(docs.size());
  result.windows = static_cast<std::int64_t>(windows.size());
  result.tokens = workloads::window_tokens(windows);
  result.predictions = workloads::scored_predictions(windows);

  // The chip processes the windows one after another, each a prefill scored at every position.
  RunConfig& cfg = s.cfg;
  int longest = 0;
  for (const auto& w : windows) {
    const int n = static_cast<int>(w.tokens.size());
    cfg.workload.serial_requests.push_back({n, 1, true});
    longest = std::max(longest, n);
  }
  cfg.workload.batch = static_cast<int>(windows.size());
  cfg.workload.prompt_tokens = longest;
  cfg.workload.decode_tokens = 1;
  // One window is in flight at a time: the chip's memory and the host's are checked for the
  // longest window; the windows' transactions and wall time add up. Then the serial workload
  // returns.
  const WorkloadParams serial = cfg.workload;
  cfg.workload.batch = 1;
  cfg.workload.serial_requests.clear();
  if (!opt.llm.ignore_budget) {
    ResourceEstimate e = estimate_resources(cfg, model, false);
    e.transactions *= double(result.windows);
    e.wall_s *= double(result.windows);
    e.memory_bytes += functional_memory_bytes(model, cfg, result.tokens);
    check_budget(e, host_budget(cfg), cfg);
  }
  const workloads::Mapping mapping = workloads::map_model(model, cfg);
  check_memory_capacity(mapping, cfg);
  cfg.workload = serial;

  const std::string out_name =
      opt.llm.output_dir.empty()
          ? (fs::path("results") / safe_folder_name("eval-" + cfg.name + "-" + model.name)).string()
          : opt.llm.output_dir;
  ResultsDir out(out_name, opt.llm.output_dir.empty() ? "results folder " + out_name
                                                      : "-o " + out_name);
  std::ostringstream log_text;
  auto log = make_logger(opt.llm.log_level, log_text);
  log->info("eval: checkpoint {} ({}), {} documents, {} windows of <= {} tokens, {} tokens",
            opt.llm.checkpoint, describe_model(model), result.documents, result.windows,
            result.window, result.tokens);

  result.checkpoint = opt.llm.checkpoint;
  result.checkpoint_format = s.checkpoint.format;
  result.model = model.name;
  result.tokenizer = s.tokenizer_path;
  result.command = command_line(opt.llm.argv);
  result.ideal = opt.llm.ideal;
  result.seed = cfg.workload.seed;
  for (int l = 0; l < model.layers; ++l)
    for (int k = 0; k < workloads::k_block_linear_kinds; ++k)
      result.linear_labels.push_back(
          workloads::linear_label({l, static_cast<workloads::LinearKind>(k)}));
  result.linear_labels.push_back("lm_head");

  const long long passes = opt.llm.ideal ? 1 : 1 + static_cast<long long>(opt.seeds) * drift.size();
  ProgressBar bar("eval", passes * result.tokens);
  const workloads::WindowProgress progress = [&](int tokens) { bar.advance(tokens); };

  report::RunOutputs outputs;
  outputs.cfg = &cfg;
  outputs.mapping = &mapping;
  report::StatsCollector stats;
  report::RunSummary summary = simulate(cfg, mapping, outputs, stats, *log, [&](System& system) {
    workloads::Evaluator evaluator(s.weights, windows, k_reference_cache_bytes, s.threads);
    result.float32 = evaluator.reference_scores(progress);
    if (opt.llm.ideal) {
      report::EvalPoint p{0.0, "ideal", {result.float32}, {}};
      result.points.push_back(p);
      return;
    }
    workloads::TileLinears tiles(system, mapping, s.weights, s.threads);
    workloads::SnrProbe probe(tiles, evaluator.reference_linears(), model.layers,
                              k_snr_probe_rows);
    for (const auto& d : drift) result.points.push_back({d.seconds, d.label, {}, {}});
    for (int seed = 0; seed < opt.seeds; ++seed) {
      tiles.program(physics::derive_seed(cfg.workload.seed, static_cast<std::uint64_t>(seed)));
      if (seed == 0) {
        log->info("programmed {} tiles ({} with learned input ranges)", tiles.tiles(),
                  tiles.tiles_with_learned_range());
        result.learned_range_tiles = tiles.tiles_with_learned_range();
        if (tiles.has_learned_ranges() && tiles.tiles_with_learned_range() == 0)
          log->warn("the checkpoint's learned input ranges are not used: the DAC range is "
                    "dynamic (chip.analog_tile.dac.range_mode); use the afm preset or -p "
                    "chip.analog_tile.dac.range_mode=static");
      }
      for (std::size_t k = 0; k < drift.size(); ++k) {
        tiles.drift_to(drift[k].seconds);
        probe.reset();
        result.points[k].seeds.push_back(evaluator.score(probe, progress));
        result.points[k].snr.push_back(probe.layers());
        log->info("seed {} at {}: perplexity {:.6g}", seed, drift[k].label,
                  result.points[k].seeds.back().perplexity());
      }
    }
  });
  bar.finish();
  for (const auto& p : result.points)
    for (std::size_t k = 0; k < p.seeds.size(); ++k)
      if (!std::isfinite(p.seeds[k].perplexity()) || !std::isfinite(p.seeds[k].mean_kl()))
        throw config::ConfigError(
            "--drift-times " + printable_line(p.label) + ", seed " + std::to_string(k) +
            ": the analog model's perplexity is not finite (its outputs overflowed); expected "
            "drift times and a configuration under which the model still computes numbers");
  summary.sim_wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  result.wall_s = summary.sim_wall_s;
  check_finite(summary, cfg);
  outputs.summary = &summary;

  record_workload(cfg, "eval");
  report::write_run_files(out.staging(), outputs);
  report::write_eval_files(out.staging(), result, summary);
  log->flush();
  io::write_new_file(out.staging() / "log.txt", log_text.str());
  spdlog::drop("aimcsim");
  out.commit();
  std::cout << one_line(result, summary, out.final_dir()) << "\n";
  return 0;
}

}  // namespace aimcsim::cli
