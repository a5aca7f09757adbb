// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// A whole file mapped read-only into memory (checkpoints are read through views, not copied).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace aimcsim::workloads {

/// A regular file mapped read-only (mmap, MAP_PRIVATE); unmapped by the destructor. The file must
/// not be truncated while mapped (the kernel would then raise SIGBUS on access): checkpoints are
/// inputs, not files another process writes during a run.
class MappedFile {
 public:
  /// Maps `path`; throws CheckpointError naming the file if it is missing, not a regular file
  /// (a directory, a pipe, a device) or cannot be mapped.
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  /// First byte (nullptr for an empty file).
  const unsigned char* data() const noexcept { return m_data; }
  /// File size [bytes].
  std::uint64_t size() const noexcept { return m_size; }
  /// The path as given (for messages).
  const std::string& path() const noexcept { return m_path; }

 private:
  std::string m_path;
  const unsigned char* m_data = nullptr;
  std::uint64_t m_size = 0;
};

/// What TransformerWeights::storage holds for the loaders of this folder: the mapped files the
/// tensor views point into.
using MappedFiles = std::vector<std::shared_ptr<const MappedFile>>;

}  // namespace aimcsim::workloads
