// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <exception>
#include <string>

namespace aimcsim::cli {

/// Exit codes of every aimcsim command.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_internal = 1;   ///< I/O failure (disk full, ...) or an internal error
inline constexpr int k_exit_bad_input = 2;  ///< the configuration, a flag, a file or -o

/// `text` as one printable line: control characters and invalid UTF-8 bytes shown as \xNN, so
/// that an error quoting user input can neither span lines nor drive the terminal.
std::string printable_line(const std::string& text);

/// The top-level error handler of every command: prints one line "error: ..." on stderr for the
/// exception `e` and returns the exit code (2 for bad input: configuration, flags, models, the
/// output folder, a run that exceeds the resource budget or the model's time range; 1 for I/O
/// failures and internal errors, which are labelled as such).
int report_error(std::exception_ptr e);

}  // namespace aimcsim::cli
