// SPDX-License-Identifier: Apache-2.0
#include "workloads/tokenizer/regex_split.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstdint>
#include <stdexcept>

#include "workloads/tokenizer/utf8.hpp"

namespace aimcsim::workloads {

namespace {

/// `\s` -> `[\s\x{85}]` outside character classes and `\s\x{85}` inside them; `\S` likewise
/// (`[^\s\x{85}]`; inside a class it is left alone, no tokenizer we know writes that).
std::string widen_whitespace(const std::string& pattern) {
  std::string out;
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      const char e = pattern[i + 1];
      ++i;
      if (e == 's') {
        out += in_class ? "\\s\\x{85}" : "[\\s\\x{85}]";
      } else if (e == 'S' && !in_class) {
        out += "[^\\s\\x{85}]";
      } else {
        out += '\\';
        out += e;
      }
      continue;
    }
    if (c == '[' && !in_class) {
      in_class = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal member.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];
      continue;
    }
    if (c == ']' && in_class) in_class = false;
    out += c;
  }
  return out;
}

}  // namespace

struct Pcre2Regex::Impl {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
};

namespace {
/// Backtracking budget of one match (PCRE2's default is 10^7). The tokenizer patterns need a
/// few steps per character; a pathological pattern fails fast with an error instead of
/// stalling the run.
constexpr std::uint32_t k_match_limit = 1000000;
}  // namespace

Pcre2Regex::Pcre2Regex(const std::string& pattern) : m_impl(std::make_unique<Impl>()) {
  const std::string widened = widen_whitespace(pattern);
  int error = 0;
  PCRE2_SIZE offset = 0;
  m_impl->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(widened.data()), widened.size(),
                               PCRE2_UTF | PCRE2_UCP, &error, &offset, nullptr);
  if (!m_impl->code) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof message);
    throw std::invalid_argument("regex does not compile at offset " + std::to_string(offset) +
                                ": " + reinterpret_cast<const char*>(message));
  }
  pcre2_jit_compile(m_impl->code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter
  m_impl->context = pcre2_match_context_create(nullptr);
  if (!m_impl->context) {
    pcre2_code_free(m_impl->code);
    throw std::bad_alloc();
  }
  pcre2_set_match_limit(m_impl->context, k_match_limit);
}

Pcre2Regex::~Pcre2Regex() {
  pcre2_match_context_free(m_impl->context);
  pcre2_code_free(m_impl->code);
}

std::vector<std::pair<std::size_t, std::size_t>> Pcre2Regex::find_all(std::string_view text) const {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(m_impl->code, nullptr);
  if (!md) throw std::bad_alloc();
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const int rc = pcre2_match(m_impl->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(),
                               pos, PCRE2_NO_UTF_CHECK, md, m_impl->context);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    if (rc < 0) {
      pcre2_match_data_free(md);
      PCRE2_UCHAR message[256];
      pcre2_get_error_message(rc, message, sizeof message);
      throw std::runtime_error(std::string("pre-tokenizer regex match failed: ") +
                               reinterpret_cast<const char*>(message));
    }
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    const std::size_t b = ov[0], e = ov[1];
    out.emplace_back(b, e);
    if (e > b) {
      pos = e;
    } else {
      if (b >= text.size()) break;
      const std::size_t len = utf8::valid_sequence_length(text, b);
      pos = b + (len ? len : 1);
    }
  }
  pcre2_match_data_free(md);
  return out;
}

std::vector<std::string> split_at_matches(
    std::string_view text, const std::vector<std::pair<std::size_t, std::size_t>>& matches,
    SplitBehavior behavior) {
  std::vector<std::string> out;
  std::string carry;  // merged_with_next: a match waiting for what follows it
  auto emit = [&](std::string piece) {
    if (!piece.empty()) out.push_back(std::move(piece));
  };
  std::size_t prev = 0;
  for (const auto& [b, e] : matches) {
    const std::string gap(text.substr(prev, b - prev));
    const std::string match(text.substr(b, e - b));
    switch (behavior) {
      case SplitBehavior::isolated:
        emit(gap);
        emit(match);
        break;
      case SplitBehavior::removed:
        emit(gap);
        break;
      case SplitBehavior::merged_with_previous:
        if (!gap.empty()) {
          emit(gap + match);
        } else if (!out.empty() && prev > 0 && !match.empty()) {
          out.back() += match;
        } else {
          emit(match);
        }
        break;
      case SplitBehavior::merged_with_next:
        emit(carry + gap);
        carry = match;
        break;
    }
    prev = e;
  }
  const std::string tail(text.substr(prev));
  if (behavior == SplitBehavior::merged_with_next) {
    emit(carry + tail);
  } else {
    emit(tail);
  }
  return out;
}

}  // namespace aimcsim::workloads
