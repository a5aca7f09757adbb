// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Results of `aimcsim eval`: accuracy per drift time over seeds, per-layer SNR, and the
/// hardware cost of the evaluated tokens; written as eval.json, eval.csv, layer_snr.csv and a
/// perplexity-against-drift plot (PNG and SVG).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/report/run_summary.hpp"
#include "workloads/runner/snr_probe.hpp"
#include "workloads/runner/token_metrics.hpp"

namespace aimcsim::report {

/// The analog model at one drift time: one score set (and SNR table) per seed.
struct EvalPoint {
  double drift_s = 0;
  std::string label;  ///< as the user wrote it ("1d")
  std::vector<workloads::TokenScores> seeds;
  std::vector<std::vector<workloads::SnrAccumulator>> snr;  ///< per seed, per linear
};

/// Mean and sample standard deviation (0 for a single value).
struct Spread {
  double mean = 0, std = 0;
};
Spread spread(const std::vector<double>& values);

struct EvalResult {
  std::string checkpoint, checkpoint_format, model, tokenizer, text, command;
  bool ideal = false;
  std::int64_t documents = 0, windows = 0, tokens = 0, predictions = 0;
  int window = 0;
  long long learned_range_tiles = 0;  ///< tiles whose DAC range is a learned input range
  unsigned long long seed = 0;  ///< base seed; seed i programs with derive_seed(seed, i)
  workloads::TokenScores float32;  ///< the float32 model's own scores
  std::vector<EvalPoint> points;
  std::vector<std::string> linear_labels;  ///< per SNR index
  double wall_s = 0;
};

/// eval.json text (units in key names).
std::string eval_json(const EvalResult& r, const RunSummary& hw);
/// eval.csv: one row per (drift time, seed), and the float32 reference.
std::string eval_csv(const EvalResult& r);
/// layer_snr.csv: per analog linear and drift time, the SNR mean and spread over seeds [dB].
std::string layer_snr_csv(const EvalResult& r);
/// The plot of perplexity against drift time (mean and seed spread, float32 for reference).
std::string perplexity_plot_png(const EvalResult& r);
std::string perplexity_plot_svg(const EvalResult& r);

/// Writes the four files above (and the plot in both formats) into `dir`.
void write_eval_files(const std::filesystem::path& dir, const EvalResult& r, const RunSummary& hw);

}  // namespace aimcsim::report
