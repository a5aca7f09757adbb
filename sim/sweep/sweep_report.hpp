// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <filesystem>
#include <string>

namespace aimcsim::sweep {

/// The sweep's plots and index.html: runs `${AIMCSIM_PYTHON:-/usr/bin/python3}
/// <source dir>/scripts/sweep_report.py DIR` (matplotlib; docs/sweeps.md "Report") after the
/// tables are written, its stdout and stderr going to DIR/report.log. Returns "" on success,
/// else one line saying what failed (the script or Python missing, its exit code and last
/// line); the tables stay either way and the sweep exits with code 1.
std::string make_sweep_report(const std::filesystem::path& dir);

/// The report script's path: the source tree's scripts/sweep_report.py (compile definition
/// AIMCSIM_SOURCE_DIR).
std::string sweep_report_script();

}  // namespace aimcsim::sweep
