// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Writes safetensors files (for tests, the fuzzers' seeds and the checkpoint converters).

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "workloads/checkpoint/tensor.hpp"

namespace aimcsim::workloads {

/// One tensor to write: float32 values converted to `dtype` when written (bf16 / f16 rounded to
/// nearest even with float_to_bfloat16 / float_to_half).
struct TensorData {
  std::string name;
  DType dtype = DType::f32;
  std::vector<std::int64_t> shape;
  std::vector<float> values;  ///< product(shape) values, row-major
};

/// Writes `tensors` (in the given order) to `path` as safetensors, header padded with spaces to
/// a multiple of 8 bytes as the reference writer does, with `metadata` as "__metadata__" when
/// not empty. Atomic: written to a temporary file in the same folder, fsync'ed, then renamed
/// over `path`. Throws std::invalid_argument when a tensor's values do not match its shape or a
/// name repeats, std::runtime_error naming the file when writing fails.
void write_safetensors(const std::filesystem::path& path, const std::vector<TensorData>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

/// Writes `text` to `path` atomically (temporary file, fsync, rename); std::runtime_error
/// naming the file when writing fails.
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace aimcsim::workloads
