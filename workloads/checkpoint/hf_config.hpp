// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The forward-pass settings of a HuggingFace config.json, beside the shapes that
/// model_from_hf_config (workloads/model_catalog.hpp) reads.

#include <string>

#include "workloads/checkpoint/transformer_weights.hpp"

namespace aimcsim::workloads {

/// What a checkpoint folder's config.json says about the forward pass.
struct HfConfig {
  TransformerSpec spec;   ///< rope_interleaved false (HF rotate_half layout)
  bool mlp_bias = false;  ///< Llama mlp_bias: gate/up/down carry biases
  /// afm_max_input_size written by scripts/convert-afm-checkpoint.py: the AIHWKIT-Lightning
  /// mapping.max_input_size the input ranges were trained with (-1: one range per layer);
  /// 0 when the key is absent (a checkpoint without input ranges).
  int afm_max_input_size = 0;
};

/// Reads config.json text (`origin` names the file in errors). Shapes and their limits come from
/// model_from_hf_config; then rms_norm_eps, rope_theta, rope_scaling (Llama-3 "llama3" only),
/// max_position_embeddings, bos/eos_token_id (eos may be a list: the first is taken),
/// sliding_window (Phi-3), afm_max_input_size. Refuses with CheckpointError naming the key what
/// the runner does not compute: rope_scaling other than llama3 (e.g. Phi-3 longrope / su, yarn,
/// linear), partial_rotary_factor != 1, Qwen2 use_sliding_window, Phi-3 attention_bias.
HfConfig read_hf_config(const std::string& json_text, const std::string& origin);

}  // namespace aimcsim::workloads
