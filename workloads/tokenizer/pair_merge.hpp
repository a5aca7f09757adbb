// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The merge loop of BPE: adjacent symbols are merged, the best pair first, until no pair
/// merges. Shared by the llama2.c tokenizer (best = highest score) and HF BPE (lowest rank).

#include <cstddef>
#include <queue>
#include <vector>

namespace aimcsim::workloads {

/// A pair of adjacent symbols that merges: higher `priority` merges first, then the leftmost.
struct PairMerge {
  double priority = 0;
  int merged = -1;
};

/// Merges `symbols` until no adjacent pair does. `find(left, right, merge)` returns true and
/// fills `merge` when the pair merges. The result equals rescanning every pair each round and
/// merging the best one, the leftmost on ties (llama2.c run.c; HF BPE by rank), because merging
/// keeps the order of the surviving positions; a heap keyed by (priority, -position) pops the
/// same pair in O(n log n). Stale entries are skipped when popped.
template <typename Find>
std::vector<int> merge_pairs(std::vector<int> symbols, Find find) {
  const std::size_t n = symbols.size();
  std::vector<int> prev(n), next(n);
  std::vector<bool> alive(n, true);
  for (std::size_t i = 0; i < n; ++i) {
    prev[i] = static_cast<int>(i) - 1;
    next[i] = i + 1 < n ? static_cast<int>(i + 1) : -1;
  }
  struct Candidate {
    double priority;
    int pos, right, left_symbol, right_symbol, merged;
  };
  auto worse = [](const Candidate& a, const Candidate& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.pos > b.pos;
  };
  std::priority_queue<Candidate, std::vector<Candidate>, decltype(worse)> heap(worse);
  auto push_pair = [&](int left) {
    if (left < 0) return;
    const int right = next[static_cast<std::size_t>(left)];
    if (right < 0) return;
    const int ls = symbols[static_cast<std::size_t>(left)];
    const int rs = symbols[static_cast<std::size_t>(right)];
    PairMerge m;
    if (find(ls, rs, m)) heap.push({m.priority, left, right, ls, rs, m.merged});
  };
  for (std::size_t i = 0; i + 1 < n; ++i) push_pair(static_cast<int>(i));
  while (!heap.empty()) {
    const Candidate c = heap.top();
    heap.pop();
    const auto l = static_cast<std::size_t>(c.pos), r = static_cast<std::size_t>(c.right);
    if (!alive[l] || !alive[r] || next[l] != c.right || symbols[l] != c.left_symbol ||
        symbols[r] != c.right_symbol)
      continue;
    symbols[l] = c.merged;
    alive[r] = false;
    next[l] = next[r];
    if (next[r] >= 0) prev[static_cast<std::size_t>(next[r])] = c.pos;
    push_pair(prev[l]);
    push_pair(c.pos);
  }
  std::vector<int> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    if (alive[i]) out.push_back(symbols[i]);
  return out;
}

}  // namespace aimcsim::workloads
