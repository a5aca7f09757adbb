#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main job on the built-in default: installs dependencies, builds, and runs `aimcsim run`
# (llm-scale preset, Llama-3.2-1B, 512-token prompt, 128 generated tokens). Extra arguments go
# to `aimcsim run`. The report lands in results/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh release aimcsim >&2
exec build/release/bin/aimcsim run "$@"
