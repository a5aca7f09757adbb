// SPDX-License-Identifier: Apache-2.0
#include "workloads/serving/prefix_cache.hpp"

namespace aimcsim::workloads::serving {

std::size_t PrefixCache::hit_blocks(const std::vector<std::uint64_t>& ids) const {
  std::size_t n = 0;
  while (n < ids.size() && m_blocks.count(ids[n])) ++n;
  return n;
}

void PrefixCache::pin(std::uint64_t id) {
  auto [it, inserted] = m_blocks.try_emplace(id);
  if (!inserted && it->second.pins == 0) m_lru.erase(it->second.lru);
  ++it->second.pins;
}

void PrefixCache::touch(std::uint64_t id) {
  auto it = m_blocks.find(id);
  if (it == m_blocks.end() || it->second.pins > 0) return;
  m_lru.splice(m_lru.end(), m_lru, it->second.lru);
}

void PrefixCache::unpin(std::uint64_t id) {
  auto it = m_blocks.find(id);
  if (it == m_blocks.end() || it->second.pins == 0) return;
  if (--it->second.pins == 0) it->second.lru = m_lru.insert(m_lru.end(), id);
}

bool PrefixCache::evict_one() {
  if (m_lru.empty()) return false;
  m_blocks.erase(m_lru.front());
  m_lru.pop_front();
  return true;
}

}  // namespace aimcsim::workloads::serving
