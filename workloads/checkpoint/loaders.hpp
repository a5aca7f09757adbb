// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The individual checkpoint readers behind load_checkpoint, for callers that know the format
/// (tests, the fuzz target) and for files without the usual folder around them.

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "workloads/checkpoint/transformer_weights.hpp"

namespace aimcsim::workloads {

/// A llama2.c checkpoint (legacy version-0 export: 7 int32 header fields, float32 tensors;
/// layout in docs/checkpoints.md). The file size must equal what the header implies.
TransformerWeights load_llama2c(const std::filesystem::path& file);

/// A HuggingFace folder: config.json and model.safetensors, or model.safetensors.index.json
/// whose weight_map names the shards (plain file names inside the folder).
TransformerWeights load_hf_folder(const std::filesystem::path& folder);

/// One safetensors file read with the config.json text `config_json` (`config_origin` names it
/// in errors): the entry point for a lone file (the fuzz target synthesizes its config).
TransformerWeights load_safetensors_checkpoint(const std::filesystem::path& file,
                                               const std::string& config_json,
                                               const std::string& config_origin);

/// The byte ranges (first byte, size) of the files `w`'s tensors are views into: every tensor of
/// a checkpoint these loaders returned lies inside one of them (the fuzz target checks it).
std::vector<std::pair<const unsigned char*, std::uint64_t>> mapped_regions(
    const TransformerWeights& w);

}  // namespace aimcsim::workloads
