// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The safetensors files of one checkpoint and which file holds which tensor.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "workloads/checkpoint/safetensors_file.hpp"

namespace aimcsim::workloads {

struct ShardSet {
  std::vector<std::shared_ptr<const SafetensorsFile>> files;
  std::map<std::string, const SafetensorsFile*> where;  ///< tensor name -> file holding it
  std::string origin;  ///< named by "tensor missing" errors: the file, or the index
};

/// A folder's model.safetensors, or the shards model.safetensors.index.json names in its
/// weight_map (plain file names inside the folder; each listed tensor must be in the shard the
/// index names, and no tensor in two shards). A folder holding only pytorch_model*.bin is
/// refused with the converter to run. Throws CheckpointError.
ShardSet open_shards(const std::filesystem::path& folder);

/// One safetensors file alone.
ShardSet open_single(const std::filesystem::path& file);

}  // namespace aimcsim::workloads
