// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/pareto.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace aimcsim::sweep {
namespace {

/// a is <= b everywhere and < somewhere (smaller is better).
bool dominates(const std::vector<double>& a, const std::vector<double>& b) {
  bool better_somewhere = false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k] > b[k]) return false;
    if (a[k] < b[k]) better_somewhere = true;
  }
  return better_somewhere;
}

bool has_nan(const std::vector<double>& row) {
  for (double v : row)
    if (std::isnan(v)) return true;
  return false;
}

}  // namespace

// The direct O(n^2 k) definition: a sweep has at most a few thousand points, for which this
// takes milliseconds, and it is obviously right.
std::vector<std::size_t> pareto_front(const std::vector<std::vector<double>>& rows) {
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (rows[i].size() != rows[0].size())
      throw std::invalid_argument("pareto_front: row " + std::to_string(i) + " has " +
                                  std::to_string(rows[i].size()) + " objectives, row 0 has " +
                                  std::to_string(rows[0].size()));
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (has_nan(rows[i])) continue;
    bool dominated = false;
    for (std::size_t j = 0; j < rows.size() && !dominated; ++j)
      dominated = j != i && !has_nan(rows[j]) && dominates(rows[j], rows[i]);
    if (!dominated) front.push_back(i);
  }
  return front;
}

}  // namespace aimcsim::sweep
