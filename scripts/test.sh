#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The whole test suite: installs dependencies, builds the preset (default: release) and runs
# every test with CTest. Test data is read from ../shared/data unless AIMCSIM_DATA_DIR is set.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
bash scripts/build.sh "$preset"
ctest --preset "$preset" -j "${AIMCSIM_JOBS:-2}"
