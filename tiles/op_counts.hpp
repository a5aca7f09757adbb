// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <array>
#include <string_view>

namespace aimcsim::tiles {

/// Number formats of the digital datapath.
enum class Precision { int8, fp16, fp32 };
/// Elementary operations a digital unit executes; exp/div/rsqrt are the multi-cycle ones.
enum class DigitalOp { add, mul, mac, max, exp, div, rsqrt };

inline constexpr int k_precisions = 3;
inline constexpr int k_digital_ops = 7;
inline constexpr std::array<std::string_view, k_precisions> k_precision_names = {"int8", "fp16",
                                                                                  "fp32"};
inline constexpr std::array<std::string_view, k_digital_ops> k_op_names = {
    "add", "mul", "mac", "max", "exp", "div", "rsqrt"};

/// Operation counts of a digital kernel, by precision and operation. Counts are doubles because an
/// aggregated transaction (a prefill chunk) can exceed 2^53 only in theory, and sums stay exact.
class OpCounts {
 public:
  void add(Precision p, DigitalOp op, double n) { m_n[idx(p)][idx(op)] += n; }
  double get(Precision p, DigitalOp op) const { return m_n[idx(p)][idx(op)]; }
  OpCounts& operator+=(const OpCounts& o) {
    for (int p = 0; p < k_precisions; ++p)
      for (int k = 0; k < k_digital_ops; ++k) m_n[p][k] += o.m_n[p][k];
    return *this;
  }
  /// Arithmetic operations counted as in TOPS figures: a MAC is 2 operations.
  double arithmetic_ops() const {
    double s = 0;
    for (int p = 0; p < k_precisions; ++p)
      for (int k = 0; k < k_digital_ops; ++k) s += m_n[p][k] * (k == idx(DigitalOp::mac) ? 2 : 1);
    return s;
  }

 private:
  template <class E>
  static constexpr int idx(E e) { return static_cast<int>(e); }
  std::array<std::array<double, k_digital_ops>, k_precisions> m_n{};
};

}  // namespace aimcsim::tiles
