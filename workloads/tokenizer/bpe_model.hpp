// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The BPE model of a HuggingFace tokenizer.json: a vocabulary, ranked merges, and the merge
/// loop of HF tokenizers (lowest rank first, leftmost on ties), with unk / byte fallback.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace aimcsim::workloads {

/// What the "model" object of tokenizer.json says about BPE.
struct BpeOptions {
  std::optional<std::string> unk_token;
  bool fuse_unk = false;
  bool byte_fallback = false;
  bool ignore_merges = false;  ///< a word that is a vocabulary entry is taken whole
};

class BpeModel {
 public:
  /// `merges`: pairs in rank order. Throws std::invalid_argument naming the first merge whose
  /// parts or result are not in `vocab`.
  BpeModel(std::unordered_map<std::string, int> vocab,
           const std::vector<std::pair<std::string, std::string>>& merges, BpeOptions options);

  /// Ids of one pre-tokenized word (valid UTF-8). Results are cached per word.
  void encode_word(std::string_view word, std::vector<int>& out) const;

  /// The token string of `id`, or nullptr if the model has no such id.
  const std::string* token_of(int id) const;
  int id_of(const std::string& token) const;  ///< -1 if absent
  int max_id() const { return m_max_id; }

 private:
  std::vector<int> merge_word(std::string_view word) const;

  std::unordered_map<std::string, int> m_vocab;
  std::unordered_map<int, std::string> m_tokens;
  /// (left id, right id) -> (rank, merged id)
  std::unordered_map<std::uint64_t, std::pair<int, int>> m_merges;
  BpeOptions m_options;
  int m_unk_id = -1;
  int m_max_id = -1;
  int m_byte_ids[256];
  mutable std::mutex m_cache_mutex;
  mutable std::unordered_map<std::string, std::vector<int>> m_cache;
};

}  // namespace aimcsim::workloads
