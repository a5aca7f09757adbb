// SPDX-License-Identifier: Apache-2.0
#include "workloads/checkpoint/input_ranges.hpp"

#include <cmath>
#include <cstdint>
#include <sstream>
#include <stdexcept>

namespace aimcsim::workloads {

std::vector<int> afm_input_slice_sizes(int in_features, int slices) {
  if (in_features < 1 || slices < 1 || slices > in_features)
    throw std::invalid_argument("afm_input_slice_sizes: " + std::to_string(slices) + " slices of " +
                                std::to_string(in_features) +
                                " inputs; expected 1 <= slices <= inputs");
  std::vector<int> out(static_cast<std::size_t>(slices), in_features / slices);
  for (int i = 0; i < in_features % slices; ++i) ++out[static_cast<std::size_t>(i)];
  return out;
}

void attach_input_ranges(const TensorRef& range, int max_input_size, int in_features,
                         LinearWeights& l) {
  const std::string where = range.file + ": tensor '" + range.name + "'";
  const std::int64_t slice = max_input_size > 0 ? max_input_size : in_features;
  const std::int64_t expected = (in_features + slice - 1) / slice;
  if (range.shape.size() != 1 || range.shape[0] != expected)
    throw CheckpointError(where + ": expected shape [" + std::to_string(expected) + "] (ceil(" +
                          std::to_string(in_features) + " inputs / max_input_size " +
                          std::to_string(slice) + ")), got " + std::to_string(range.shape.size()) +
                          "-D with " + std::to_string(range.element_count()) + " elements");
  std::vector<float> values = range.to_float();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!(std::isfinite(values[i]) && values[i] > 0.0f)) {
      std::ostringstream v;
      v << values[i];
      throw CheckpointError(where + ": element " + std::to_string(i) + " is " + v.str() +
                            "; expected a finite positive input range");
    }
  }
  l.input_ranges = std::move(values);
  l.input_range_slice = static_cast<int>(slice);
}

}  // namespace aimcsim::workloads
