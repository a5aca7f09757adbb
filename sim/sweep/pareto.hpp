// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstddef>
#include <vector>

namespace aimcsim::sweep {

/// Indices (ascending) of the non-dominated rows. Each row holds one value per objective, all
/// oriented so that smaller is better (negate a metric to maximise it). Row a dominates row b
/// when a is <= b in every objective and < in at least one. Rows holding a NaN are never on the
/// front; identical rows are all on it. Throws std::invalid_argument if rows differ in length.
std::vector<std::size_t> pareto_front(const std::vector<std::vector<double>>& rows);

}  // namespace aimcsim::sweep
