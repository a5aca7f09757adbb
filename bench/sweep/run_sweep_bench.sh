#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 10 benchmark: a 100-point sweep of the default run (llm-scale, Llama-3.2-1B, prompt 512,
# decode 128; the points differ in workload.seed only, so each is a full default run) with -j 2.
# Target (2-core machine): >= 100 points per minute. Prints the points per minute of the whole
# `aimcsim sweep` (the report's plots and index.html included) and of the tables alone
# (--no-report), each the best of REPEATS (default 1) sweeps.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${AIMCSIM_BIN:-build/release/bin/aimcsim}"
[[ -x "$bin" ]] || bash scripts/build.sh release aimcsim >&2
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
repeats="${REPEATS:-1}"
cat >"$out/bench.yaml" <<'YAML'
version: 1
name: bench-default-100
base:
  arch: llm-scale
commands:
  run: [--model, llama-3.2-1b]
axes:
  workload.seed: {from: 1, to: 100}
YAML

measure() {  # label, then extra sweep flags
  local label="$1"; shift
  local best=""
  for ((i = 0; i < repeats; i++)); do
    rm -rf "$out/sweep"
    local t0 t1
    t0=$(date +%s.%N)
    "$bin" sweep "$out/bench.yaml" -j 2 -o "$out/sweep" "$@" >"$out/stdout" 2>"$out/err" \
      || { cat "$out/err" >&2; exit 1; }
    t1=$(date +%s.%N)
    local s
    s=$(awk "BEGIN{print $t1 - $t0}")
    if [[ -z "$best" ]] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
  done
  grep -q '100 points: 100 ok' "$out/stdout" || { echo "not every point ran ok:" >&2; cat "$out/stdout" >&2; exit 1; }
  printf '%-36s %6.1f s for 100 points = %5.0f points/min (best of %d)\n' "$label" "$best" \
    "$(awk "BEGIN{print 6000 / $best}")" "$repeats"
}

echo "aimcsim sweep benchmark on $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
measure "sweep -j 2 (tables + report)"
measure "sweep -j 2 --no-report (tables)" --no-report
