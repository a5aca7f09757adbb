// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "sim/arch_config.hpp"
#include "sim/report/run_summary.hpp"

namespace aimcsim::cli {

/// "key = value (where)" for the values of dimension `dim` given on the command line, or when
/// there are none those set in the configuration file; "none set (all built-in defaults)".
std::string describe_user_values(const RunConfig& cfg, config::Dimension dim);

/// "key = value (where)" for every value given on the command line, whatever its dimension;
/// empty when there is none.
std::string describe_command_line_values(const RunConfig& cfg);

/// Throws config::ConfigError if a headline figure is not a finite number (an energy or time
/// parameter so large that the sums overflow), naming the figure and the values given on the
/// command line. No results folder is written for such a run.
void check_finite(const report::RunSummary& s, const RunConfig& cfg);

}  // namespace aimcsim::cli
