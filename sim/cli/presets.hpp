// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

namespace aimcsim::cli {

/// Presets compiled into the binary from configs/*.yaml, so `aimcsim run hermes` works anywhere.
struct Preset {
  const char* name;
  const char* file;
  const char* yaml;
};
const std::vector<Preset>& builtin_presets();
/// The preset run when no architecture is given.
inline constexpr const char* k_default_preset = "llm-scale";

}  // namespace aimcsim::cli
