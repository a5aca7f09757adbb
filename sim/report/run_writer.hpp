// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <filesystem>
#include <map>
#include <string>

#include "sim/arch_config.hpp"
#include "sim/report/component_walk.hpp"
#include "sim/report/run_summary.hpp"
#include "workloads/mapper.hpp"
#include "workloads/run_records.hpp"

namespace aimcsim::report {

/// Everything a results folder is made of.
struct RunOutputs {
  const RunConfig* cfg = nullptr;
  const workloads::Mapping* mapping = nullptr;
  const workloads::RunRecords* records = nullptr;  ///< null for `aimcsim map`
  const RunSummary* summary = nullptr;             ///< null for `aimcsim map`
  std::map<std::string, TypeTotals> by_type;
  const StatsCollector* stats = nullptr;
};

/// Writes config.resolved.yaml, summary.json, stats.txt, the CSV tables and the energy table
/// into `dir` (which exists and is empty).
void write_run_files(const std::filesystem::path& dir, const RunOutputs& out);

/// summary.json text (flat object; units in key names).
std::string summary_json(const RunSummary& s, const RunConfig& cfg);

/// Formats a number for tables: shortest round-trip decimal form.
std::string num(double v);

}  // namespace aimcsim::report
