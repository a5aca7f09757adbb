// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The weights of a decoder-only transformer (Llama, Phi-3, Qwen2 families) read from a
/// checkpoint, in one layout whatever the source format, and the loader that picks the format.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/config/config_error.hpp"
#include "workloads/checkpoint/tensor.hpp"
#include "workloads/model_desc.hpp"

namespace aimcsim::workloads {

/// A checkpoint that cannot be used: the message is one line naming the file and, where it
/// applies, the tensor or key and what was expected. Bad input: the CLI exits with code 2.
class CheckpointError : public config::ConfigError {
 public:
  using config::ConfigError::ConfigError;
};

/// Llama-3 RoPE frequency scaling (HF rope_scaling {rope_type: llama3, ...}).
struct RopeScaling {
  bool llama3 = false;
  double factor = 1.0;
  double low_freq_factor = 1.0;
  double high_freq_factor = 4.0;
  double original_max_position = 8192;
};

/// Hyper-parameters of the forward pass (everything that is not a weight).
struct TransformerSpec {
  ModelDesc desc;         ///< shapes, as the mapper needs them (desc.name: checkpoint name)
  int max_seq_len = 0;    ///< longest position the checkpoint supports (0: unknown)
  double rms_eps = 1e-5;  ///< RMSNorm epsilon (HF rms_norm_eps; llama2.c 1e-5)
  double rope_theta = 10000.0;
  RopeScaling rope_scaling;
  /// RoPE pairs: true = interleaved (x[2i], x[2i+1]) as llama2.c; false = halves (x[i],
  /// x[i + head_dim/2]) as HF rotate_half (HF checkpoints store q/k permuted accordingly).
  bool rope_interleaved = false;
  /// Token ids of begin/end of sequence, -1 when unknown.
  int bos_token_id = -1;
  int eos_token_id = -1;
  /// Sliding-window attention [tokens], 0 for none: a query at position p attends only to keys
  /// at positions > p - sliding_window (HF semantics; Phi-3 config.json sliding_window, 2047 for
  /// Phi-3-mini-4k). Irrelevant for sequences no longer than the window.
  int sliding_window = 0;
};

/// One nn.Linear: weight [out x in], optional bias [out], and the learned static DAC input
/// ranges of an analog-trained checkpoint (AFM `<linear>.input_range`): one range per slice of
/// at most `input_range_slice` consecutive inputs, sized as afm_input_slice_sizes says (empty
/// when the checkpoint has none).
struct LinearWeights {
  TensorRef weight;
  TensorRef bias;  ///< empty() when the layer has none
  std::vector<float> input_ranges;
  /// AFM max_input_size (in_features when trained with -1: one slice); 0 when input_ranges is
  /// empty. Slice sizes: afm_input_slice_sizes below.
  int input_range_slice = 0;
};

/// Sizes of the input slices AIHWKIT-Lightning (which trained the AFM checkpoints) gives one
/// input range each: `slices` = ceil(in_features / max_input_size) parts as equal as possible,
/// the first (in_features % slices) one longer (AnalogLinear.get_split_sizes). Not consecutive
/// blocks of max_input_size: in_features 100, max_input_size 64 gives {50, 50}, not {64, 36}.
/// For a LinearWeights w: afm_input_slice_sizes(w.weight.shape[1], w.input_ranges.size()).
std::vector<int> afm_input_slice_sizes(int in_features, int slices);

/// One transformer block, in HF naming.
struct LayerWeights {
  TensorRef attn_norm;  ///< input_layernorm [hidden]
  LinearWeights q, k, v, o;
  TensorRef ffn_norm;   ///< post_attention_layernorm [hidden]
  LinearWeights gate, up, down;
};

/// A loaded checkpoint. Fused tensors (Phi-3 qkv_proj, gate_up_proj) are split into row views,
/// so every family looks like Llama here. Tied embeddings: lm_head.weight is the embedding.
struct TransformerWeights {
  std::string source;  ///< path the checkpoint was loaded from
  std::string format;  ///< llama2c, safetensors
  TransformerSpec spec;
  TensorRef embedding;  ///< [vocab x hidden]
  std::vector<LayerWeights> layers;
  TensorRef final_norm;  ///< [hidden]
  LinearWeights lm_head;  ///< [vocab x hidden]
  /// Keeps the memory maps / buffers the views point into alive.
  std::shared_ptr<const void> storage;
};

/// Loads a checkpoint: a llama2.c .bin file, a HuggingFace folder (config.json and
/// model.safetensors or model.safetensors.index.json with shards), or a safetensors file
/// converted from an Analog Foundation Models state dict (scripts/convert-afm-checkpoint.py).
/// Tensors are memory-mapped, not copied. Checks every shape against the config; throws
/// CheckpointError naming the file and tensor on missing / truncated files, shape or dtype
/// mismatches and unknown architectures.
TransformerWeights load_checkpoint(const std::filesystem::path& path);

}  // namespace aimcsim::workloads
