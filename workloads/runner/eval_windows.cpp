// SPDX-License-Identifier: Apache-2.0
#include "workloads/runner/eval_windows.hpp"

#include <algorithm>
#include <stdexcept>

namespace aimcsim::workloads {

std::vector<EvalWindow> make_windows(const std::vector<std::vector<int>>& documents, int window,
                                     std::int64_t max_tokens) {
  if (window < 2) throw std::invalid_argument("an evaluation window needs at least 2 tokens");
  std::vector<EvalWindow> out;
  std::int64_t budget = max_tokens > 0 ? max_tokens : INT64_MAX;
  for (std::size_t d = 0; d < documents.size() && budget >= 2; ++d) {
    const auto& doc = documents[d];
    const auto length = static_cast<std::int64_t>(doc.size());
    for (std::int64_t start = 0; start + 1 < length && budget >= 2; start += window - 1) {
      const auto n = std::min<std::int64_t>({window, length - start, budget});
      EvalWindow w;
      w.document = static_cast<int>(d);
      w.first_token = static_cast<int>(start);
      w.tokens.assign(doc.begin() + start, doc.begin() + start + n);
      budget -= n;
      out.push_back(std::move(w));
    }
  }
  return out;
}

std::int64_t window_tokens(const std::vector<EvalWindow>& windows) {
  std::int64_t n = 0;
  for (const auto& w : windows) n += static_cast<std::int64_t>(w.tokens.size());
  return n;
}

std::int64_t scored_predictions(const std::vector<EvalWindow>& windows) {
  return window_tokens(windows) - static_cast<std::int64_t>(windows.size());
}

}  // namespace aimcsim::workloads
