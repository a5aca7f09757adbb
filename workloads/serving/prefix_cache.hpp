// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <list>
#include <unordered_map>
#include <vector>

namespace aimcsim::workloads::serving {

/// KV blocks of shared prompt prefixes (Mooncake hash ids) that one replica's KV cache holds.
/// A block is pinned while a running request uses it; unpinned blocks stay cached until the
/// space is needed and are evicted least recently used first.
class PrefixCache {
 public:
  /// Leading blocks of `ids` present in the cache (the reusable prefix).
  std::size_t hit_blocks(const std::vector<std::uint64_t>& ids) const;
  bool contains(std::uint64_t id) const { return m_blocks.count(id) != 0; }
  /// A hit on `id`: an unpinned block becomes the most recently used.
  void touch(std::uint64_t id);
  /// Pins block `id` (inserting it if absent): one more request uses it.
  void pin(std::uint64_t id);
  /// One request fewer uses `id`; at zero it becomes evictable (most recently used).
  void unpin(std::uint64_t id);
  /// Evicts the least recently used unpinned block; false if there is none.
  bool evict_one();
  std::size_t blocks() const { return m_blocks.size(); }

 private:
  struct Block {
    int pins = 0;
    std::list<std::uint64_t>::iterator lru;  // valid when pins == 0
  };
  std::unordered_map<std::uint64_t, Block> m_blocks;
  std::list<std::uint64_t> m_lru;  // unpinned blocks, least recently used first
};

}  // namespace aimcsim::workloads::serving
