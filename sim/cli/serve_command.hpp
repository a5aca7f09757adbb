// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// `aimcsim serve`: replays an LLM inference trace on the mapped chip with continuous batching
/// (docs/serving.md).

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace aimcsim::cli {

struct ServeOptions {
  std::string arch;                    ///< file or preset; empty = default
  std::string model;                   ///< --model: workload.model
  std::string trace;                   ///< --trace FILE
  std::string format = "auto";         ///< --trace-format
  std::string time_scale, max_requests, start, duration;  ///< as typed, validated here
  std::string mode;                    ///< --mode fast|fine: serving.mode
  bool skip_bad_rows = false;
  std::vector<std::string> overrides;  ///< -p dotted.key=value
  std::string output_dir;
  std::string log_level;
  std::vector<std::string> argv;  ///< the command line, saved with the results
};

/// Adds the `serve` subcommand to `app`, filling `opt`; returns it.
CLI::App* add_serve_command(CLI::App& app, ServeOptions& opt);

/// Runs the replay and writes its results folder; returns 0. Errors are thrown for
/// report_error() (one line; exit 2 for bad input).
int execute_serve(const ServeOptions& opt);

}  // namespace aimcsim::cli
