// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// A read-only tensor of a checkpoint, wherever its bytes live (a memory-mapped file or memory
/// the checkpoint owns), and its conversion to float32.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace aimcsim::workloads {

/// Element types a checkpoint may store (little-endian, as safetensors and llama2.c write them).
enum class DType { f32, f16, bf16 };

/// Bytes per element of `t`.
std::size_t dtype_size(DType t);
/// "F32", "F16", "BF16" (the safetensors names).
const char* dtype_name(DType t);

/// A view of one tensor (or of a row range of a fused tensor). Row-major; the last dimension is
/// contiguous. The bytes are owned by the checkpoint the view came from (TransformerWeights
/// keeps them alive).
struct TensorRef {
  std::string name;  ///< name in the checkpoint (for messages), e.g. model.layers.0.mlp.up_proj.weight
  std::string file;  ///< file it was read from (for messages)
  DType dtype = DType::f32;
  std::vector<std::int64_t> shape;  ///< e.g. {out, in} for a linear weight
  const unsigned char* data = nullptr;  ///< first element; not necessarily aligned

  bool empty() const noexcept { return data == nullptr; }
  /// Product of the dimensions (1 for a scalar).
  std::int64_t element_count() const noexcept;
  std::int64_t rows() const noexcept { return shape.empty() ? 1 : shape.front(); }
  /// Elements per row (product of all dimensions but the first).
  std::int64_t row_size() const noexcept;
  /// Converts elements [first, first + count) to float32 into `out` (exact for f16 and bf16).
  void to_float(std::int64_t first, std::int64_t count, float* out) const;
  /// The whole tensor as float32.
  std::vector<float> to_float() const;
  /// Rows [first, first + count) of this tensor as a view (for fused qkv_proj / gate_up_proj).
  TensorRef row_range(std::int64_t first, std::int64_t count, const std::string& part) const;
};

/// float32 of an IEEE half and of a bfloat16 bit pattern.
float half_to_float(std::uint16_t bits) noexcept;
float bfloat16_to_float(std::uint16_t bits) noexcept;
/// bfloat16 / half of a float, rounded to nearest even (for writers and tests).
std::uint16_t float_to_bfloat16(float value) noexcept;
std::uint16_t float_to_half(float value) noexcept;

}  // namespace aimcsim::workloads
