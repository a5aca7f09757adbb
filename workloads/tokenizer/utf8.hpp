// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// UTF-8 helpers of the tokenizers: code point iteration, validation, lossy repair as Rust's
/// String::from_utf8_lossy and WHATWG TextDecoder do it, and NFC through ICU.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace aimcsim::workloads::utf8 {

/// Byte length of the valid UTF-8 sequence starting at `pos`, or 0 if the bytes there are not
/// one (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t valid_sequence_length(std::string_view text, std::size_t pos);

/// Byte offset of the first invalid byte, or nullopt when `text` is valid UTF-8.
std::optional<std::size_t> first_invalid_byte(std::string_view text);

/// `bytes` with every maximal invalid subpart replaced by U+FFFD (Unicode "best practice", the
/// rule of Rust from_utf8_lossy and of JavaScript's TextDecoder).
std::string repair_lossy(std::string_view bytes);

/// UTF-8 of one code point (must be <= U+10FFFF).
std::string encode(char32_t cp);

/// The code point of the valid sequence at `pos` (caller checked validity) and its length.
char32_t decode_at(std::string_view text, std::size_t pos, std::size_t& length);

/// True when `what` occurs in `text` at byte `pos` (no std::string_view::compare, whose
/// signed length difference trips the fuzzers' implicit-conversion check).
bool has_at(std::string_view text, std::size_t pos, std::string_view what);

/// Unicode Normalization Form C of valid UTF-8 text (ICU).
std::string nfc(std::string_view text);

}  // namespace aimcsim::workloads::utf8
