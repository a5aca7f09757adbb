// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// One safetensors file, memory-mapped, its header checked against the file (format:
/// huggingface/safetensors README): 8-byte little-endian header length N, N bytes of JSON
/// {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}},
/// then the data area the offsets index.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "workloads/checkpoint/mapped_file.hpp"
#include "workloads/checkpoint/tensor.hpp"

namespace aimcsim::workloads {

/// Largest JSON header accepted [bytes]: 100 MB. Llama-3.1-405B's shards hold a few hundred
/// tensors each (headers of tens of KB); the limit keeps a corrupt length from making the
/// reader parse gigabytes of a weight area as JSON.
inline constexpr std::uint64_t k_max_safetensors_header_bytes = 100'000'000;

/// A safetensors file whose layout has been checked: header length within the file and the
/// limit, valid JSON without repeated keys, every entry a known dtype with a shape of
/// non-negative integers and offsets whose length is product(shape) x dtype size, and the
/// entries covering the data area exactly (no overlap, no gap, nothing after: the format's
/// rule). Throws CheckpointError naming the file and the tensor or key otherwise.
class SafetensorsFile {
 public:
  explicit SafetensorsFile(const std::filesystem::path& path);

  const std::string& path() const noexcept { return m_map->path(); }
  bool contains(const std::string& name) const { return m_entries.count(name) != 0; }
  /// Tensor names, sorted.
  std::vector<std::string> names() const;
  /// The "__metadata__" object (string values), empty when absent.
  const std::map<std::string, std::string>& metadata() const noexcept { return m_metadata; }
  /// The safetensors dtype name of `name` ("F32", "I64", ...); `name` must be contained.
  const std::string& dtype_of(const std::string& name) const { return m_entries.at(name).dtype; }
  /// A view of tensor `name` (which must be contained). Throws CheckpointError naming the file
  /// and tensor when its dtype is not F32, F16 or BF16 (the float types a transformer stores).
  TensorRef tensor(const std::string& name) const;
  /// The mapping the views point into (kept alive by TransformerWeights::storage).
  std::shared_ptr<const MappedFile> mapping() const noexcept { return m_map; }

 private:
  struct Entry {
    std::string dtype;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;  ///< offset into the data area [bytes]
  };
  std::shared_ptr<const MappedFile> m_map;
  const unsigned char* m_data_area = nullptr;
  std::map<std::string, Entry> m_entries;
  std::map<std::string, std::string> m_metadata;
};

}  // namespace aimcsim::workloads
