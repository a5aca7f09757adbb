// SPDX-License-Identifier: Apache-2.0
#include "workloads/tokenizer/added_tokens.hpp"

#include <unicode/uchar.h>

#include <algorithm>

#include "workloads/tokenizer/utf8.hpp"

namespace aimcsim::workloads {

namespace {

/// The code point before byte `pos` (0 if none or not valid UTF-8).
char32_t cp_before(std::string_view text, std::size_t pos) {
  std::size_t start = pos;
  while (start > 0 && pos - start < 4) {
    --start;
    if ((static_cast<unsigned char>(text[start]) & 0xC0) != 0x80) break;
  }
  if (start == pos) return 0;
  std::size_t len = utf8::valid_sequence_length(text, start);
  if (len != pos - start) return 0;
  return utf8::decode_at(text, start, len);
}

char32_t cp_at(std::string_view text, std::size_t pos, std::size_t& len) {
  len = pos < text.size() ? utf8::valid_sequence_length(text, pos) : 0;
  if (len == 0) return 0;
  return utf8::decode_at(text, pos, len);
}

bool is_whitespace(char32_t cp) { return cp != 0 && u_isUWhiteSpace(static_cast<UChar32>(cp)); }
/// Rust's char::is_alphanumeric or '_': the word characters of single_word.
bool is_word_char(char32_t cp) {
  return cp == U'_' ||
         (cp != 0 && (u_isUAlphabetic(static_cast<UChar32>(cp)) ||
                      u_charType(static_cast<UChar32>(cp)) == U_DECIMAL_DIGIT_NUMBER ||
                      u_charType(static_cast<UChar32>(cp)) == U_LETTER_NUMBER ||
                      u_charType(static_cast<UChar32>(cp)) == U_OTHER_NUMBER));
}

}  // namespace

AddedTokenMatcher::AddedTokenMatcher(const std::vector<AddedToken>& tokens) : m_tokens(tokens) {
  for (std::size_t i = 0; i < m_tokens.size(); ++i)
    m_by_first_byte[static_cast<unsigned char>(m_tokens[i].content[0])].push_back(i);
  for (auto& [byte, list] : m_by_first_byte)
    std::stable_sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
      return m_tokens[a].content.size() > m_tokens[b].content.size();
    });
}

std::vector<TextPiece> AddedTokenMatcher::split(std::string_view text) const {
  std::vector<TextPiece> out;
  std::size_t plain_start = 0;
  auto emit_plain = [&](std::size_t end) {
    if (end > plain_start)
      out.push_back({std::string(text.substr(plain_start, end - plain_start)), -1, plain_start});
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    // Leftmost-longest, as HF's Aho-Corasick search: the longest token starting here. A
    // single_word token inside a word is discarded with its span, as HF discards the match.
    const auto it = m_by_first_byte.find(static_cast<unsigned char>(text[pos]));
    const AddedToken* hit = nullptr;
    if (it != m_by_first_byte.end()) {
      for (const std::size_t k : it->second) {
        if (utf8::has_at(text, pos, m_tokens[k].content)) {
          hit = &m_tokens[k];
          break;
        }
      }
    }
    if (!hit) {
      ++pos;
      continue;
    }
    if (hit->single_word) {
      std::size_t len = 0;
      if (is_word_char(cp_before(text, pos)) ||
          is_word_char(cp_at(text, pos + hit->content.size(), len))) {
        pos += hit->content.size();
        continue;
      }
    }
    std::size_t begin = pos, end = pos + hit->content.size();
    if (hit->lstrip)
      while (begin > plain_start && is_whitespace(cp_before(text, begin))) {
        const char32_t cp = cp_before(text, begin);
        begin -= utf8::encode(cp).size();
      }
    if (hit->rstrip) {
      std::size_t len = 0;
      while (end < text.size() && is_whitespace(cp_at(text, end, len))) end += len;
    }
    emit_plain(begin);
    out.push_back({hit->content, hit->id, begin});
    plain_start = pos = end;
  }
  emit_plain(text.size());
  return out;
}

}  // namespace aimcsim::workloads
