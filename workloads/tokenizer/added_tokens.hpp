// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Splitting a text at its added tokens (HF AddedVocabulary): leftmost-longest matches, with
/// each token's lstrip / rstrip / single_word options.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "workloads/tokenizer/hf_spec.hpp"

namespace aimcsim::workloads {

/// A piece of text: an added token (id >= 0) or plain text to tokenize (id -1). `offset`:
/// where the piece starts in the text it was cut from.
struct TextPiece {
  std::string text;
  int id = -1;
  std::size_t offset = 0;
};

class AddedTokenMatcher {
 public:
  /// The tokens of `tokens` to match, keyed by their (already normalized if needed) content.
  explicit AddedTokenMatcher(const std::vector<AddedToken>& tokens);
  bool empty() const { return m_tokens.empty(); }
  /// Cuts `text` into plain pieces and added tokens; empty plain pieces are dropped.
  std::vector<TextPiece> split(std::string_view text) const;

 private:
  std::vector<AddedToken> m_tokens;
  /// first byte -> indices of m_tokens, longest content first
  std::unordered_map<unsigned char, std::vector<std::size_t>> m_by_first_byte;
};

}  // namespace aimcsim::workloads
