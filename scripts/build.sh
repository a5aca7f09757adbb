#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Configures and builds one CMake preset (default: release) after installing dependencies;
# further arguments name the targets to build (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
shift || true
targets=()
(($#)) && targets=(--target "$@")
bash scripts/install-deps.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "${AIMCSIM_JOBS:-2}" "${targets[@]}"
