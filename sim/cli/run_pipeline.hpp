// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The steps every simulating command shares (`run`, `eval`, `generate`): the architecture
/// file, the logger, and the simulation on its own kernel thread.

#include <functional>
#include <memory>
#include <sstream>
#include <string>

#include <spdlog/spdlog.h>

#include "sim/arch_config.hpp"
#include "sim/config/yaml_document.hpp"
#include "sim/report/run_summary.hpp"
#include "sim/report/run_writer.hpp"
#include "workloads/mapper.hpp"

namespace aimcsim {
class System;
}

namespace aimcsim::cli {

/// The architecture: a YAML file, or a built-in preset name (empty: the default preset).
/// Throws config::ConfigError when it is neither.
config::YamlDocument load_arch(const std::string& arch);

/// log.txt gets `level` (info unless asked), kept in `log_text` and written with the other
/// results; stderr gets warnings, or `level` when one was asked for explicitly.
std::shared_ptr<spdlog::logger> make_logger(const std::string& level,
                                            std::ostringstream& log_text);

/// Work done on the elaborated system before the timed simulation starts (functional
/// evaluation on the programmed tiles). Runs on the kernel thread.
using BeforeRun = std::function<void(System&)>;

/// Elaborates the system, calls `before_run`, simulates to completion and fills `outputs` and
/// `stats`; returns the summary. Everything runs on a thread of its own and errors are
/// rethrown on the caller's; a simulated time beyond the model's range becomes a ConfigError
/// naming the keys that set it.
report::RunSummary simulate(const RunConfig& cfg, const workloads::Mapping& mapping,
                            report::RunOutputs& outputs, report::StatsCollector& stats,
                            spdlog::logger& log, const BeforeRun& before_run = {});

}  // namespace aimcsim::cli
