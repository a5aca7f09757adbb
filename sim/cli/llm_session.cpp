// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/llm_session.hpp"

#include <filesystem>
#include <thread>

#include "sim/cli/run_pipeline.hpp"
#include "sim/config/config_error.hpp"

namespace aimcsim::cli {
namespace fs = std::filesystem;

namespace {

/// The tokenizer to use: the one given, else tokenizer.json in a HuggingFace folder.
std::string find_tokenizer(const LlmOptions& opt) {
  if (!opt.tokenizer.empty()) return opt.tokenizer;
  std::error_code ec;
  const fs::path folder = fs::is_directory(opt.checkpoint, ec)
                              ? fs::path(opt.checkpoint)
                              : fs::path(opt.checkpoint).parent_path();
  const fs::path beside = folder / "tokenizer.json";
  if (fs::is_directory(opt.checkpoint, ec) && fs::is_regular_file(beside, ec))
    return beside.string();
  return {};
}

}  // namespace

LlmSession open_llm_session(const LlmOptions& opt, bool need_tokenizer) {
  // More host threads than this only costs memory and scheduling (each tile is one task).
  constexpr unsigned k_max_threads = 1024;
  if (opt.threads > k_max_threads)
    throw config::ConfigError("--threads " + std::to_string(opt.threads) + ": expected 1 to " +
                              std::to_string(k_max_threads) + " (0 or absent: one per core)");
  if (opt.checkpoint.empty()) throw config::ConfigError("--checkpoint: a checkpoint is required");
  config::YamlDocument doc = load_arch(opt.arch);
  for (const auto& o : opt.overrides) doc.apply_override(o);
  LlmSession s;
  s.cfg = read_run_config(doc);
  s.checkpoint = workloads::load_checkpoint(opt.checkpoint);
  s.weights = workloads::to_float_weights(s.checkpoint);
  // The model of the reports is the checkpoint's; the path says which one, and its name (file
  // stem or folder name) labels results and plots.
  s.cfg.workload.model = opt.checkpoint;
  fs::path named = fs::path(opt.checkpoint).lexically_normal();
  if (named.filename().empty()) named = named.parent_path();
  s.weights.spec.desc.name = fs::is_directory(opt.checkpoint) ? named.filename().string()
                                                              : named.stem().string();
  s.tokenizer_path = find_tokenizer(opt);
  if (!s.tokenizer_path.empty()) s.tokenizer = workloads::load_tokenizer(s.tokenizer_path);
  if (need_tokenizer && !s.tokenizer)
    throw config::ConfigError("--tokenizer: " + opt.checkpoint +
                              " has no tokenizer.json beside it; give --tokenizer PATH (or "
                              "--tokens FILE with token ids)");
  if (s.tokenizer && s.tokenizer->vocab_size() > s.weights.spec.desc.vocab)
    throw config::ConfigError("--tokenizer " + s.tokenizer_path + ": " +
                              std::to_string(s.tokenizer->vocab_size()) +
                              " tokens, more than the checkpoint's vocabulary of " +
                              std::to_string(s.weights.spec.desc.vocab));
  s.threads = opt.threads > 0 ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
  return s;
}

void record_workload(RunConfig& cfg, const std::string& command) {
  auto& w = cfg.values->child("workload");
  const std::string origin = "aimcsim " + command;
  auto set_text = [&](const char* key, const std::string& text) {
    config::ParamValue v = w.value(key);
    v.text = v.word = text;
    v.origin = origin;
    w.set(key, v);
  };
  auto set_number = [&](const char* key, long long n) {
    config::ParamValue v = w.value(key);
    v.number = double(n);
    v.text = std::to_string(n);
    v.origin = origin;
    w.set(key, v);
  };
  set_text("model", cfg.workload.model);
  set_number("batch", cfg.workload.batch);
  set_number("prompt_tokens", cfg.workload.prompt_tokens);
  set_number("decode_tokens", cfg.workload.decode_tokens);
}

void check_token_ids(const std::vector<int>& ids, int vocab, const std::string& origin) {
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i] < 0 || ids[i] >= vocab)
      throw config::ConfigError(origin + ": token " + std::to_string(i) + " has id " +
                                std::to_string(ids[i]) + ", outside the model's vocabulary [0, " +
                                std::to_string(vocab) + ")");
}

std::string command_line(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out += ' ';
    const bool plain = !a.empty() && a.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;#~") ==
                                         std::string::npos;
    if (plain) {
      out += a;
      continue;
    }
    out += '\'';
    for (const char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += '\'';
  }
  return out;
}

std::string describe_model(const workloads::ModelDesc& m) {
  return m.family + ", " + std::to_string(m.layers) + " layers, hidden " +
         std::to_string(m.hidden) + ", intermediate " + std::to_string(m.intermediate) + ", " +
         std::to_string(m.heads) + " heads (" + std::to_string(m.kv_heads) + " KV) of " +
         std::to_string(m.head_dim) + ", vocabulary " + std::to_string(m.vocab);
}

}  // namespace aimcsim::cli
