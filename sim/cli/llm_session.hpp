// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// What `eval` and `generate` share: the architecture, the checkpoint, its tokenizer and the
/// mapping of the checkpoint's model onto the chip.

#include <memory>
#include <string>
#include <vector>

#include "sim/arch_config.hpp"
#include "sim/config/yaml_document.hpp"
#include "workloads/checkpoint/transformer_weights.hpp"
#include "workloads/runner/float_weights.hpp"
#include "workloads/tokenizer/tokenizer.hpp"

namespace aimcsim::cli {

/// Options common to the commands that run a checkpoint.
struct LlmOptions {
  std::string arch;                    ///< file or preset; empty = default preset
  std::vector<std::string> overrides;  ///< -p dotted.key=value
  std::string checkpoint;              ///< --checkpoint
  std::string tokenizer;               ///< --tokenizer; empty = beside the checkpoint
  std::string output_dir;              ///< -o
  std::string log_level;
  unsigned threads = 0;                ///< --threads; 0 = all cores
  bool ideal = false;                  ///< --ideal: float32, no analog tiles
  bool ignore_budget = false;
  std::vector<std::string> argv;       ///< the command line, recorded in the results
};

/// A loaded checkpoint ready to run on a configured chip.
struct LlmSession {
  RunConfig cfg;
  workloads::TransformerWeights checkpoint;
  workloads::FloatWeights weights;
  std::unique_ptr<workloads::Tokenizer> tokenizer;  ///< null when none was given or found
  std::string tokenizer_path;
  unsigned threads = 1;
};

/// Reads the architecture with its overrides, loads the checkpoint (and the tokenizer given,
/// or a tokenizer.json beside a HuggingFace checkpoint) and names the model in cfg.
/// Throws config::ConfigError (CheckpointError, TokenizerError) on bad input.
LlmSession open_llm_session(const LlmOptions& opt, bool need_tokenizer);

/// Records in cfg's values (config.resolved.yaml) the workload that actually ran: the
/// checkpoint as workload.model, and the batch, prompt and decode lengths `command` simulated.
void record_workload(RunConfig& cfg, const std::string& command);

/// Checks every id against the model's vocabulary; `origin` names where the ids came from.
void check_token_ids(const std::vector<int>& ids, int vocab, const std::string& origin);

/// The whole command line, shell-quoted where needed, for the results' records.
std::string command_line(const std::vector<std::string>& argv);

/// A model description's fields as one JSON-ready line ("llama, 5 layers, hidden 64, ...").
std::string describe_model(const workloads::ModelDesc& m);

}  // namespace aimcsim::cli
