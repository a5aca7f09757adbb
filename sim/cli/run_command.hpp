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
};

/// Executes `aimcsim run` (or `map`); returns the process exit code: 0, 2 for bad input, 1 for
/// an internal failure. The last stdout line is a one-line summary.
int execute_run(const RunOptions& opt);

/// Prints every configurable component with its parameters, as Markdown.
void print_components();

}  // namespace aimcsim::cli
