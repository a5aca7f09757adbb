// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

namespace aimcsim::fuzz {

/// Aborts (a finding for libFuzzer) with `what` and the offending text on stderr.
[[noreturn]] void finding(const std::string& what, const std::string& text);

/// The contract of every reader error: one line, valid UTF-8, no control characters, starting
/// with `origin` (the file name given to the reader). Aborts otherwise.
void check_error_message(const std::string& message, const std::string& origin);

}  // namespace aimcsim::fuzz
