// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstddef>
#include <string>

#include "sim/sweep/sweep_spec.hpp"

namespace aimcsim::sweep {

/// What `aimcsim sweep --dry-run` prints: a header line (name, file, points, commands), one line
/// per point of shard K/N, "<id> key=value key=value ...", one line per point the constraints
/// removed, "skipped key=value ... (constraint: <expression>)", and a closing count line.
std::string dry_run_text(const SweepSpec& spec, std::size_t shard_k, std::size_t shard_n);

}  // namespace aimcsim::sweep
