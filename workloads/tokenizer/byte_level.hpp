// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// GPT-2's byte <-> character table (tokenizers' bytes_char): each byte is written as one
/// printable character so byte-level BPE vocabularies are valid text.

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>

namespace aimcsim::workloads::byte_level {

/// The UTF-8 of the character standing for each byte: printable ASCII '!'..'~' and Latin-1
/// U+00A1..U+00AC, U+00AE..U+00FF stand for themselves, the other 68 bytes for U+0100 upward
/// in byte order.
const std::array<std::string, 256>& byte_to_char();

/// The inverse: character code point -> byte.
const std::unordered_map<char32_t, unsigned char>& char_to_byte();

/// Every byte of `bytes` as its character.
std::string encode(std::string_view bytes);

}  // namespace aimcsim::workloads::byte_level
