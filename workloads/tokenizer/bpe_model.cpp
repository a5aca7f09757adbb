// SPDX-License-Identifier: Apache-2.0
#include "workloads/tokenizer/bpe_model.hpp"

#include <cstdio>
#include <utility>
#include <stdexcept>

#include "workloads/tokenizer/pair_merge.hpp"
#include "workloads/tokenizer/utf8.hpp"

namespace aimcsim::workloads {

namespace {
std::uint64_t pair_key(int a, int b) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) |
         static_cast<std::uint32_t>(b);
}
/// Words longer than this are not cached (HF tokenizers caches words under 256 characters).
constexpr std::size_t k_max_cached_word = 256;
constexpr std::size_t k_max_cache_entries = 100000;
}  // namespace

BpeModel::BpeModel(std::unordered_map<std::string, int> vocab,
                   const std::vector<std::pair<std::string, std::string>>& merges,
                   BpeOptions options)
    : m_vocab(std::move(vocab)), m_options(std::move(options)) {
  for (const auto& [token, id] : m_vocab) {
    m_tokens.emplace(id, token);
    m_max_id = std::max(m_max_id, id);
  }
  for (std::size_t rank = 0; rank < merges.size(); ++rank) {
    const auto& [a, b] = merges[rank];
    const int ia = id_of(a), ib = id_of(b), im = id_of(a + b);
    if (ia < 0 || ib < 0 || im < 0)
      throw std::invalid_argument("merge " + std::to_string(rank) + " (\"" + a + "\" + \"" + b +
                                  "\") names a token missing from the vocabulary");
    // A repeated pair keeps its last rank, as HF's map built from the list does.
    m_merges[pair_key(ia, ib)] = std::make_pair(static_cast<int>(rank), im);
  }
  if (m_options.unk_token) {
    m_unk_id = id_of(*m_options.unk_token);
    if (m_unk_id < 0)
      throw std::invalid_argument("unk_token \"" + *m_options.unk_token +
                                  "\" is not in the vocabulary");
  }
  for (int b = 0; b < 256; ++b) {
    char name[8];
    std::snprintf(name, sizeof name, "<0x%02X>", b);
    m_byte_ids[b] = id_of(name);
  }
}

const std::string* BpeModel::token_of(int id) const {
  const auto it = m_tokens.find(id);
  return it == m_tokens.end() ? nullptr : &it->second;
}

int BpeModel::id_of(const std::string& token) const {
  const auto it = m_vocab.find(token);
  return it == m_vocab.end() ? -1 : it->second;
}

void BpeModel::encode_word(std::string_view word, std::vector<int>& out) const {
  if (m_options.ignore_merges) {
    const int whole = id_of(std::string(word));
    if (whole >= 0) {
      out.push_back(whole);
      return;
    }
  }
  const bool cacheable = word.size() < k_max_cached_word;
  if (cacheable) {
    std::lock_guard<std::mutex> lock(m_cache_mutex);
    const auto it = m_cache.find(std::string(word));
    if (it != m_cache.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
      return;
    }
  }
  std::vector<int> ids = merge_word(word);
  out.insert(out.end(), ids.begin(), ids.end());
  if (cacheable) {
    std::lock_guard<std::mutex> lock(m_cache_mutex);
    if (m_cache.size() >= k_max_cache_entries) m_cache.clear();
    m_cache.emplace(std::string(word), std::move(ids));
  }
}

std::vector<int> BpeModel::merge_word(std::string_view word) const {
  // Initial symbols, as HF's BPE::merge_word: one per character; a character missing from the
  // vocabulary becomes its byte tokens (byte_fallback, when all 1..4 exist), else unk. Like HF,
  // a pending unk (fused over a run with fuse_unk) is written only before the next known
  // character or at the end; without unk_token the character is dropped.
  std::vector<int> sym;
  bool unk_pending = false;
  for (std::size_t i = 0; i < word.size();) {
    std::size_t len = utf8::valid_sequence_length(word, i);
    if (len == 0) len = 1;  // callers pass valid UTF-8; never loop forever
    const std::string ch(word.substr(i, len));
    i += len;
    const int id = id_of(ch);
    if (id >= 0) {
      if (unk_pending) sym.push_back(m_unk_id);
      unk_pending = false;
      sym.push_back(id);
      continue;
    }
    if (m_options.byte_fallback) {
      bool all = true;
      for (const char c : ch) all = all && m_byte_ids[static_cast<unsigned char>(c)] >= 0;
      if (all) {
        for (const char c : ch) sym.push_back(m_byte_ids[static_cast<unsigned char>(c)]);
        continue;
      }
    }
    if (m_unk_id >= 0) {
      if (unk_pending && !m_options.fuse_unk) sym.push_back(m_unk_id);
      unk_pending = true;
    }
  }
  if (unk_pending) sym.push_back(m_unk_id);
  // Merges by rank, the lowest first, the leftmost on ties (HF BPE).
  return merge_pairs(std::move(sym), [&](int lt, int rt, PairMerge& m) {
    const auto it = m_merges.find(pair_key(lt, rt));
    if (it == m_merges.end()) return false;
    m = {-static_cast<double>(it->second.first), it->second.second};
    return true;
  });
}

}  // namespace aimcsim::workloads
