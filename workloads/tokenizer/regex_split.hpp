// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The regular expressions of tokenizer.json pre-tokenizers, matched with PCRE2 (UTF + Unicode
/// properties, JIT when available), as HF tokenizers matches them with Oniguruma.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aimcsim::workloads {

class Pcre2Regex {
 public:
  /// Compiles `pattern` (Oniguruma/Rust syntax as in tokenizer.json). `\s` is widened to also
  /// match U+0085, which Oniguruma's \s includes and PCRE2's does not. Throws
  /// std::invalid_argument with PCRE2's message and offset.
  explicit Pcre2Regex(const std::string& pattern);
  ~Pcre2Regex();
  Pcre2Regex(const Pcre2Regex&) = delete;
  Pcre2Regex& operator=(const Pcre2Regex&) = delete;

  /// Byte ranges [begin, end) of the successive non-overlapping matches in valid UTF-8
  /// `text`; after an empty match the search resumes one character further. Throws
  /// std::runtime_error when a match exceeds the backtracking limit.
  std::vector<std::pair<std::size_t, std::size_t>> find_all(std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// How a Split pre-tokenizer keeps the matches (tokenizers' SplitDelimiterBehavior).
enum class SplitBehavior { isolated, removed, merged_with_previous, merged_with_next };

/// Splits `text` at the `matches` (ranges from find_all or a literal search); empty pieces
/// are dropped.
std::vector<std::string> split_at_matches(
    std::string_view text, const std::vector<std::pair<std::size_t, std::size_t>>& matches,
    SplitBehavior behavior);

}  // namespace aimcsim::workloads
