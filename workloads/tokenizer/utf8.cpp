// SPDX-License-Identifier: Apache-2.0
#include "workloads/tokenizer/utf8.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace aimcsim::workloads::utf8 {

namespace {
unsigned char byte_at(std::string_view s, std::size_t i) {
  return static_cast<unsigned char>(s[i]);
}

/// Length of the longest prefix at `pos` that could still start a valid sequence (the
/// "maximal subpart" of the Unicode standard, chapter 3, U+FFFD substitution), at least 1.
std::size_t maximal_subpart(std::string_view s, std::size_t pos) {
  const unsigned char b0 = byte_at(s, pos);
  std::size_t need = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 1;
  }
  std::size_t n = 1;
  for (std::size_t k = 0; k < need; ++k) {
    if (pos + n >= s.size()) return n;
    const unsigned char b = byte_at(s, pos + n);
    const unsigned char l = k == 0 ? lo : 0x80, h = k == 0 ? hi : 0xBF;
    if (b < l || b > h) return n;
    ++n;
  }
  return n;  // a complete sequence: the caller only asks after validity failed
}
}  // namespace

std::size_t valid_sequence_length(std::string_view text, std::size_t pos) {
  const unsigned char b0 = byte_at(text, pos);
  if (b0 < 0x80) return 1;
  const std::size_t n = maximal_subpart(text, pos);
  const std::size_t need = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2;
  return (b0 >= 0xC2 && b0 <= 0xF4 && n == need) ? n : 0;
}

std::optional<std::size_t> first_invalid_byte(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = valid_sequence_length(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

std::string repair_lossy(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t n = valid_sequence_length(bytes, i);
    if (n > 0) {
      out.append(bytes.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      i += maximal_subpart(bytes, i);
    }
  }
  return out;
}

std::string encode(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

char32_t decode_at(std::string_view text, std::size_t pos, std::size_t& length) {
  const unsigned char b0 = byte_at(text, pos);
  length = b0 < 0x80 ? 1 : b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2;
  if (length == 1) return b0;
  char32_t cp = b0 & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (byte_at(text, pos + k) & 0x3F);
  return cp;
}

bool has_at(std::string_view text, std::size_t pos, std::string_view what) {
  return pos <= text.size() && text.size() - pos >= what.size() &&
         (what.empty() || std::memcmp(text.data() + pos, what.data(), what.size()) == 0);
}

std::string nfc(std::string_view text) {
  if (text.size() > static_cast<std::size_t>(INT32_MAX))
    throw std::runtime_error("text too long for NFC (2 GiB)");
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* norm = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFC normalizer unavailable");
  const icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  const icu::UnicodeString out = norm->normalize(in, status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFC normalization failed");
  std::string result;
  out.toUTF8String(result);
  return result;
}

}  // namespace aimcsim::workloads::utf8
