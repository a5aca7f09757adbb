// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the HuggingFace config.json reader (model_from_hf_config), as `--model`
// and `workload.model` use it.
//
// Findings: a crash or sanitizer report (overflow in a product of dimensions, a float-to-int
// conversion out of range); any exception other than std::invalid_argument; an error message
// that is not one printable line naming the file; an accepted model outside ModelLimits or whose
// layer shapes disagree with its fields.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "tests/fuzz/fuzz_oracle.hpp"
#include "workloads/model_catalog.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aimcsim::workloads;
  const std::string text(reinterpret_cast<const char*>(data), size);
  ModelDesc m;
  try {
    m = model_from_hf_config(text, "fuzz.json");
  } catch (const std::invalid_argument& e) {
    aimcsim::fuzz::check_error_message(e.what(), "fuzz.json");
    return 0;
  }
  const auto within = [](int v, std::int64_t max) { return v >= 1 && v <= max; };
  if (!within(m.hidden, ModelLimits::hidden) ||
      !within(m.intermediate, ModelLimits::intermediate) ||
      !within(m.layers, ModelLimits::layers) || !within(m.heads, ModelLimits::heads) ||
      !within(m.kv_heads, m.heads) || !within(m.head_dim, ModelLimits::head_dim) ||
      !within(m.vocab, ModelLimits::vocab))
    aimcsim::fuzz::finding("accepted a model outside ModelLimits", text);
  // Weights from the fields alone: q, k, v, o projections and the three MLP matrices (fused or
  // not, the count is the same), plus the embedding and LM head.
  const std::int64_t hidden = m.hidden, q = std::int64_t{m.heads} * m.head_dim,
                     kv = std::int64_t{m.kv_heads} * m.head_dim;
  const std::int64_t per_layer = hidden * (q + 2 * kv) + q * hidden + 3 * hidden * m.intermediate;
  const std::int64_t weights =
      per_layer * m.layers + std::int64_t{m.vocab} * hidden * (m.tied_embeddings ? 1 : 2);
  for (const LinearShape& l : block_linears(m))
    if (l.in <= 0 || l.out <= 0) aimcsim::fuzz::finding("a layer of non-positive size", text);
  if (weights != m.weight_count() || weights > ModelLimits::weights ||
      m.parameter_count() != static_cast<double>(weights))
    aimcsim::fuzz::finding("weight count disagrees with the shapes or exceeds the limit", text);
  return 0;
}
