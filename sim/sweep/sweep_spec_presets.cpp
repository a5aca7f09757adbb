// SPDX-License-Identifier: Apache-2.0
// The sweep file reader with the CLI's architecture loader (presets compiled into aimcsim_core).
#include "sim/cli/run_pipeline.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace aimcsim::sweep {

SweepSpec read_sweep_file(const std::string& path) {
  return read_sweep_file(path, [](const std::string& arch) { return cli::load_arch(arch); });
}

}  // namespace aimcsim::sweep
