// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The learned static input ranges of an Analog Foundation Models checkpoint.

#include "workloads/checkpoint/transformer_weights.hpp"

namespace aimcsim::workloads {

/// Reads `range` (`<linear>.input_range`, a 1-D tensor of one range per input slice) into `l`:
/// checks its length is ceil(in_features / max_input_size) (1 when max_input_size is -1: the
/// whole input is one slice, AIHWKIT-Lightning's default) and every range finite and positive;
/// sets l.input_range_slice to max_input_size (in_features when -1). Throws CheckpointError
/// naming the file and tensor.
void attach_input_ranges(const TensorRef& range, int max_input_size, int in_features,
                         LinearWeights& l);

}  // namespace aimcsim::workloads
