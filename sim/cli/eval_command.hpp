// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "sim/cli/llm_session.hpp"

namespace aimcsim::cli {

/// Options of `aimcsim eval`.
struct EvalOptions {
  LlmOptions llm;
  std::string text_file;    ///< --text: UTF-8 text, documents separated by `separator`
  std::string tokens_file;  ///< --tokens: token ids (one document)
  std::string drift_times = "0s,1h,1d,1y";
  std::string separator = "<|endoftext|>";
  int seeds = 3;
  long long max_tokens = 0;  ///< 0: the whole text
  int window = 0;            ///< 0: min(512, the checkpoint's max_seq_len)
};

/// Executes `aimcsim eval`: accuracy of the checkpoint on the chip per drift time and seed,
/// against float32, with the chip's latency and energy for the evaluated tokens. Returns 0;
/// failures are thrown for report_error().
int execute_eval(const EvalOptions& opt);

/// Options of `aimcsim generate`.
struct GenerateOptions {
  LlmOptions llm;
  std::string prompt;
  int max_new_tokens = 64;
  double temperature = 0.0;
  bool chat = false;  ///< wrap the prompt in the tokenizer's chat template
  std::string seed_text;  ///< --seed: becomes workload.seed (validated by the config reader)
};

/// Executes `aimcsim generate`: prints the continuation of the prompt computed on the chip
/// (float32 with --ideal) and writes the run report of the processed tokens.
int execute_generate(const GenerateOptions& opt);

}  // namespace aimcsim::cli
