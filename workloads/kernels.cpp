// SPDX-License-Identifier: Apache-2.0
#include "workloads/kernels.hpp"

namespace aimcsim::workloads {

using tiles::DigitalOp;

OpCounts norm_ops(const ModelDesc& m, const DigitalUnitParams& du, double n) {
  OpCounts o;
  const double d = m.hidden;
  o.add(du.norm, DigitalOp::mac, n * d);
  o.add(du.norm, DigitalOp::rsqrt, n);
  o.add(du.norm, DigitalOp::mul, n * 2 * d);
  if (m.norm == "layernorm") o.add(du.norm, DigitalOp::add, n * 2 * d);
  return o;
}

OpCounts rope_ops(const ModelDesc& m, const DigitalUnitParams& du, double n) {
  OpCounts o;
  const double pairs = double(m.heads + m.kv_heads) * m.head_dim / 2;
  o.add(du.elementwise, DigitalOp::mul, n * 4 * pairs);
  o.add(du.elementwise, DigitalOp::add, n * 2 * pairs);
  return o;
}

OpCounts attention_ops(const ModelDesc& m, const DigitalUnitParams& du, double n,
                       double context_sum, double heads) {
  OpCounts o;
  const double h = heads > 0 ? heads : m.heads, hd = m.head_dim;
  o.add(du.attention, DigitalOp::mac, 2 * context_sum * h * hd);  // QK^T and AV
  o.add(du.softmax, DigitalOp::mul, context_sum * h * 2);         // scale and normalise
  o.add(du.softmax, DigitalOp::max, context_sum * h);
  o.add(du.softmax, DigitalOp::add, context_sum * h * 2);         // subtract max, sum
  o.add(du.softmax, DigitalOp::exp, context_sum * h);
  o.add(du.softmax, DigitalOp::div, n * h);
  return o;
}

OpCounts mlp_activation_ops(const ModelDesc& m, const DigitalUnitParams& du, double n) {
  OpCounts o;
  const double e = n * m.intermediate;
  if (m.activation == "gelu") {
    o.add(du.elementwise, DigitalOp::exp, e);
    o.add(du.elementwise, DigitalOp::div, e);
    o.add(du.elementwise, DigitalOp::mul, 4 * e);
    o.add(du.elementwise, DigitalOp::add, 3 * e);
  } else {
    o.add(du.elementwise, DigitalOp::exp, e);
    o.add(du.elementwise, DigitalOp::add, e);
    o.add(du.elementwise, DigitalOp::div, e);
    o.add(du.elementwise, DigitalOp::mul, e);
  }
  o.add(du.elementwise, DigitalOp::mul, e);  // gate * up
  return o;
}

OpCounts residual_ops(const ModelDesc& m, const DigitalUnitParams& du, double n) {
  OpCounts o;
  o.add(du.elementwise, DigitalOp::add, n * m.hidden);
  return o;
}

OpCounts bias_ops(int width, const DigitalUnitParams& du, double n) {
  OpCounts o;
  o.add(du.elementwise, DigitalOp::add, n * width);
  return o;
}

OpCounts digital_linear_ops(const LinearShape& s, const DigitalUnitParams& du, double n) {
  OpCounts o;
  o.add(du.attention, DigitalOp::mac, n * double(s.in) * s.out);
  return o;
}

OpCounts sampling_ops(const ModelDesc& m, const DigitalUnitParams& du, double n) {
  OpCounts o;
  o.add(du.elementwise, DigitalOp::max, n * m.vocab);
  return o;
}

double causal_context_sum(double first_position, double n) {
  // sum_{i=0}^{n-1} (first_position + i + 1)
  return n * first_position + n * (n + 1) / 2;
}

}  // namespace aimcsim::workloads
