// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/dry_run.hpp"

#include "sim/sweep/sweep_runner.hpp"

namespace aimcsim::sweep {
namespace {

std::string settings_text(const std::vector<Setting>& settings) {
  std::string t;
  for (const auto& s : settings) t += (t.empty() ? "" : " ") + s.key + "=" + s.value;
  return t;
}

}  // namespace

std::string dry_run_text(const SweepSpec& spec, std::size_t shard_k, std::size_t shard_n) {
  std::string commands;
  for (const auto& c : spec.commands)
    commands += (commands.empty() ? "" : ", ") + std::string(command_name(c.command));
  std::string text =
      "sweep " + spec.name + " (" + spec.file + "): " + std::to_string(spec.points.size()) +
      " points, " + std::to_string(spec.skipped.size()) +
      " skipped by constraints; each point runs " + commands + " on " + spec.arch + "\n";
  std::size_t listed = 0;
  for (const auto& p : spec.points) {
    if (!in_shard(p.index, shard_k, shard_n)) continue;
    text += p.id + " " + settings_text(p.settings) + "\n";
    ++listed;
  }
  for (const auto& s : spec.skipped)
    text += "skipped " + settings_text(s.settings) + " (constraint: " + s.constraint + ")\n";
  text += std::to_string(listed) + " points would run";
  if (shard_n > 1) text += " in shard " + std::to_string(shard_k) + "/" + std::to_string(shard_n);
  text += "; nothing was run (--dry-run)\n";
  return text;
}

}  // namespace aimcsim::sweep
