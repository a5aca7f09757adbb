// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace aimcsim::config {

/// Largest configuration file (YAML run file or HuggingFace config.json) the readers accept
/// [bytes]: 1 MiB. The presets are ~10 KB and a config.json ~1 KB; the limit keeps a wrong file
/// (a log, /dev/zero, a 58 MB YAML) from being parsed into gigabytes of nodes.
inline constexpr std::size_t k_max_config_bytes = std::size_t{1} << 20;

/// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points beyond
/// U+10FFFF).
bool valid_utf8(std::string_view text);

/// Why `text` cannot be a text value of a configuration ("byte 3 is not valid UTF-8", "character
/// 5 is a control character (U+001B)"), or empty when it can: valid UTF-8 without C0/C1 control
/// characters or DEL. Such bytes would reach terminals, file names and JSON reports raw.
std::string text_value_problem(std::string_view text);

/// `text` for an error message: control characters and bytes that are not UTF-8 written as
/// \xNN, cut to `max_chars` characters with "..." so one bad value cannot flood the terminal.
std::string printable(std::string_view text, std::size_t max_chars = 60);

/// A configuration file's text, or why it could not be read.
struct ConfigText {
  std::string text;
  std::string problem;  ///< empty on success, else e.g. "is a directory", "is larger than 1 MiB"
};

/// Reads `file` if it is no larger than k_max_config_bytes. Pipes and devices are read up to
/// the limit + 1 byte, so `/dev/zero` ends with "is larger than ..." instead of exhausting memory.
ConfigText read_config_text(const std::string& file);

}  // namespace aimcsim::config
