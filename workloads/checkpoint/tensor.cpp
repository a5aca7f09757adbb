// SPDX-License-Identifier: Apache-2.0
#include "workloads/checkpoint/tensor.hpp"

#include <cmath>
#include <cstring>

namespace aimcsim::workloads {

std::size_t dtype_size(DType t) {
  return t == DType::f32 ? 4 : 2;
}

const char* dtype_name(DType t) {
  switch (t) {
    case DType::f32: return "F32";
    case DType::f16: return "F16";
    case DType::bf16: return "BF16";
  }
  return "?";
}

std::int64_t TensorRef::element_count() const noexcept {
  std::int64_t n = 1;
  for (const auto d : shape) n *= d;
  return n;
}

std::int64_t TensorRef::row_size() const noexcept {
  std::int64_t n = 1;
  for (std::size_t i = 1; i < shape.size(); ++i) n *= shape[i];
  return n;
}

float half_to_float(std::uint16_t bits) noexcept {
  const std::uint32_t sign = (bits & 0x8000u) << 16;
  const int exponent = (bits >> 10) & 0x1f;
  const std::uint32_t mantissa = bits & 0x3ffu;
  float magnitude;
  if (exponent == 0)
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);  // zero and subnormals
  else if (exponent == 31)
    magnitude = mantissa ? NAN : INFINITY;
  else
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400u), exponent - 25);
  std::uint32_t out;
  std::memcpy(&out, &magnitude, 4);
  out |= sign;
  float value;
  std::memcpy(&value, &out, 4);
  return value;
}

float bfloat16_to_float(std::uint16_t bits) noexcept {
  const std::uint32_t wide = static_cast<std::uint32_t>(bits) << 16;
  float value;
  std::memcpy(&value, &wide, 4);
  return value;
}

std::uint16_t float_to_bfloat16(float value) noexcept {
  std::uint32_t bits;
  std::memcpy(&bits, &value, 4);
  if (std::isnan(value)) return static_cast<std::uint16_t>((bits >> 16) | 0x40u);
  const std::uint32_t rounding = 0x7fffu + ((bits >> 16) & 1u);  // nearest, ties to even
  return static_cast<std::uint16_t>((bits + rounding) >> 16);
}

std::uint16_t float_to_half(float value) noexcept {
  std::uint32_t bits;
  std::memcpy(&bits, &value, 4);
  const std::uint16_t sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
  const float magnitude = std::fabs(value);
  if (std::isnan(value)) return static_cast<std::uint16_t>(sign | 0x7e00u);
  if (magnitude >= 65520.0f) return static_cast<std::uint16_t>(sign | 0x7c00u);  // rounds to inf
  if (magnitude < 6.103515625e-05f) {  // subnormal half: multiples of 2^-24
    const float steps = std::nearbyint(magnitude * 16777216.0f);  // ties to even
    return static_cast<std::uint16_t>(sign | static_cast<std::uint16_t>(steps));
  }
  int exponent;
  const float fraction = std::frexp(magnitude, &exponent);  // magnitude = fraction * 2^exponent
  // 11 significant bits: mantissa in [1024, 2048).
  float mantissa = std::nearbyint(std::ldexp(fraction, 11));
  if (mantissa >= 2048.0f) {
    mantissa /= 2.0f;
    ++exponent;
  }
  const int biased = exponent - 1 + 15;
  if (biased >= 31) return static_cast<std::uint16_t>(sign | 0x7c00u);
  return static_cast<std::uint16_t>(sign | (biased << 10) |
                                    (static_cast<std::uint16_t>(mantissa) & 0x3ffu));
}

void TensorRef::to_float(std::int64_t first, std::int64_t count, float* out) const {
  const std::size_t size = dtype_size(dtype);
  const unsigned char* p = data + static_cast<std::size_t>(first) * size;
  const auto n = static_cast<std::size_t>(count);
  if (dtype == DType::f32) {
    std::memcpy(out, p, n * 4);
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint16_t bits = static_cast<std::uint16_t>(p[2 * i] | (p[2 * i + 1] << 8));
    out[i] = dtype == DType::f16 ? half_to_float(bits) : bfloat16_to_float(bits);
  }
}

std::vector<float> TensorRef::to_float() const {
  std::vector<float> out(static_cast<std::size_t>(element_count()));
  to_float(0, element_count(), out.data());
  return out;
}

TensorRef TensorRef::row_range(std::int64_t first, std::int64_t count,
                               const std::string& part) const {
  TensorRef view = *this;
  view.name = name + "[" + part + "]";
  view.shape.front() = count;
  view.data = data + static_cast<std::size_t>(first * row_size()) * dtype_size(dtype);
  return view;
}

}  // namespace aimcsim::workloads
