// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "sim/arch_config.hpp"
#include "sim/report/run_summary.hpp"

namespace aimcsim::cli {

/// "key = value (where)" for every value of dimension `dim` that the user set (not a built-in
/// default), comma-separated; "none set (all built-in defaults)" when there is none.
std::string describe_user_values(const RunConfig& cfg, config::Dimension dim);

/// Throws config::ConfigError if a headline figure is not a finite number (an energy or time
/// parameter so large that the sums overflow), naming the figure and the energy- and time-
/// valued keys the user set. No results folder is written for such a run.
void check_finite(const report::RunSummary& s, const RunConfig& cfg);

}  // namespace aimcsim::cli
