// SPDX-License-Identifier: Apache-2.0
#include "workloads/tokenizer/byte_level.hpp"

#include "workloads/tokenizer/utf8.hpp"

namespace aimcsim::workloads::byte_level {

namespace {
struct Tables {
  std::array<std::string, 256> to_char;
  std::unordered_map<char32_t, unsigned char> to_byte;
  Tables() {
    char32_t next_extra = 256;
    for (int b = 0; b < 256; ++b) {
      const bool self =
          (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      const char32_t cp = self ? static_cast<char32_t>(b) : next_extra++;
      to_char[static_cast<std::size_t>(b)] = utf8::encode(cp);
      to_byte.emplace(cp, static_cast<unsigned char>(b));
    }
  }
};
const Tables& tables() {
  static const Tables t;
  return t;
}
}  // namespace

const std::array<std::string, 256>& byte_to_char() { return tables().to_char; }
const std::unordered_map<char32_t, unsigned char>& char_to_byte() { return tables().to_byte; }

std::string encode(std::string_view bytes) {
  const auto& table = byte_to_char();
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) out += table[static_cast<unsigned char>(c)];
  return out;
}

}  // namespace aimcsim::workloads::byte_level
