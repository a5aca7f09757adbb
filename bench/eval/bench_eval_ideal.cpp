// SPDX-License-Identifier: Apache-2.0
/// \file
/// Issue 8 target (a): the ideal-mode evaluation of stories260K (`aimcsim eval --ideal`:
/// Evaluator::reference_scores, forward pass and metrics) runs within 2x the time of a plain
/// float32 forward pass (TransformerRunner + DigitalLinears, logits only) over the same windows
/// in the same run. Prints tokens/s of both and their ratio (best of REPEATS runs, and the
/// spread). Shared data: $AIMCSIM_DATA_DIR, else ../shared/data beside the source tree.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "workloads/checkpoint/transformer_weights.hpp"
#include "workloads/runner/evaluator.hpp"
#include "workloads/tokenizer/tokenizer.hpp"

namespace fs = std::filesystem;
using namespace aimcsim::workloads;

namespace {

fs::path data_dir() {
  if (const char* env = std::getenv("AIMCSIM_DATA_DIR"); env && *env) return env;
  return fs::path(AIMCSIM_SOURCE_DIR).parent_path() / "shared" / "data";
}

/// The text's documents (split at <|endoftext|>, trimmed), tokenized from BOS as eval does.
std::vector<std::vector<int>> documents(const fs::path& text_path, const Tokenizer& tok) {
  std::ifstream in(text_path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  const std::string text = s.str(), sep = "<|endoftext|>";
  std::vector<std::vector<int>> docs;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find(sep, begin);
    if (end == std::string::npos) end = text.size();
    std::string doc = text.substr(begin, end - begin);
    const auto first = doc.find_first_not_of(" \t\r\n");
    if (first != std::string::npos) {
      doc = doc.substr(first, doc.find_last_not_of(" \t\r\n") - first + 1);
      docs.push_back(tok.encode(doc, true));
    }
    begin = end + sep.size();
  }
  return docs;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main() {
  const fs::path dir = data_dir();
  const fs::path model = dir / "models" / "stories260K.bin";
  const fs::path tokenizer = dir / "models" / "tok512.bin";
  const fs::path text = dir / "text" / "tinystories_sample.txt";
  for (const auto& p : {model, tokenizer, text})
    if (!fs::is_regular_file(p)) {
      std::fprintf(stderr, "bench_eval_ideal: %s not found; set AIMCSIM_DATA_DIR\n", p.c_str());
      return 2;
    }
  const char* rep_env = std::getenv("REPEATS");
  const int repeats = std::max(1, rep_env ? std::atoi(rep_env) : 5);

  const TransformerWeights checkpoint = load_checkpoint(model);
  const FloatWeights weights = to_float_weights(checkpoint);
  const auto tok = load_tokenizer(tokenizer);
  // As `aimcsim eval`: windows of 512 tokens (the checkpoint's max_seq_len when shorter).
  const int window = weights.spec.max_seq_len > 0 ? std::min(512, weights.spec.max_seq_len) : 512;
  const auto windows = make_windows(documents(text, *tok), window, 0);
  const double tokens = static_cast<double>(window_tokens(windows));
  const int vocab = weights.spec.desc.vocab;
  // The CLI's cache limit (1 GiB): every window's reference ln p fits for this text.
  constexpr std::size_t k_cache_bytes = std::size_t{1} << 30;

  std::vector<double> t_ideal, t_plain;
  double checksum = 0, ppl = 0;
  for (int r = 0; r < repeats; ++r) {
    // (1) The ideal evaluation, as eval --ideal runs it (a fresh Evaluator: nothing cached).
    auto t0 = std::chrono::steady_clock::now();
    Evaluator evaluator(weights, windows, k_cache_bytes);
    const TokenScores scores = evaluator.reference_scores();
    t_ideal.push_back(seconds_since(t0));
    ppl = scores.perplexity();
    // (2) The plain float32 forward pass over the same windows: logits of every position.
    t0 = std::chrono::steady_clock::now();
    DigitalLinears linears(weights);
    int longest = 1;
    for (const auto& w : windows) longest = std::max(longest, static_cast<int>(w.tokens.size()));
    TransformerRunner runner(weights, linears, longest);
    std::vector<float> logits(static_cast<std::size_t>(longest) * vocab);
    for (const auto& w : windows) {
      runner.reset();
      runner.forward(w.tokens.data(), static_cast<int>(w.tokens.size()), true, logits.data());
      checksum += logits[0];
    }
    t_plain.push_back(seconds_since(t0));
  }
  const auto [i_min, i_max] = std::minmax_element(t_ideal.begin(), t_ideal.end());
  const auto [p_min, p_max] = std::minmax_element(t_plain.begin(), t_plain.end());
  std::printf("stories260K on %s: %zu windows of <= %d tokens, %.0f tokens, float32 ppl %.6g "
              "(checksum %.3g)\n",
              text.filename().c_str(), windows.size(), window, tokens, ppl, checksum);
  std::printf("ideal eval (reference_scores) : %9.0f tokens/s  best %.4f s, spread %.4f-%.4f s "
              "(%d runs)\n",
              tokens / *i_min, *i_min, *i_min, *i_max, repeats);
  std::printf("plain float32 forward         : %9.0f tokens/s  best %.4f s, spread %.4f-%.4f s\n",
              tokens / *p_min, *p_min, *p_min, *p_max);
  std::printf("ratio ideal / plain (best)    : %.2f  (target <= 2)\n", *i_min / *p_min);
  return 0;
}
