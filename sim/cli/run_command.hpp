// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

namespace aimcsim::cli {

/// Options shared by `run` and `map`.
struct RunOptions {
  std::string arch;                    ///< file path or built-in preset name; empty = default
  std::vector<std::string> overrides;  ///< -p dotted.key=value, then the dedicated flags
  std::vector<std::string> shown;      ///< per override: how errors name it ("--model x")
  std::string output_dir;              ///< -o; empty = results/<derived name>
  std::string log_level;               ///< empty: info to log.txt, warnings to stderr
  bool map_only = false;
  bool ignore_budget = false;          ///< --ignore-budget: skip the host-resource check
};

/// Executes `aimcsim run` (or `map`); returns 0. Every failure is thrown (config::ConfigError,
/// OutputError, io::WriteError, ...) for the top-level handler report_error(), which prints one
/// line and picks the exit code. The last stdout line is a one-line summary.
int execute_run(const RunOptions& opt);

/// Prints every configurable component with its parameters, as Markdown.
void print_components();

}  // namespace aimcsim::cli
