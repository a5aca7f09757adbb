#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Wall time and peak memory of the two reference runs of issue 2: the default run and
# Llama-3.1-8B (prompt 2048, decode 256) on the LLM-scale preset. Prints one line per run and
# writes bench/results.csv-style lines to stdout. Targets (2-core machine): default < 1 s,
# 8B < 10 s, peak memory < 500 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${AIMCSIM_BIN:-build/release/bin/aimcsim}"
[[ -x "$bin" ]] || bash scripts/build.sh release aimcsim >&2
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
repeats="${REPEATS:-3}"

measure() {  # name, then aimcsim arguments
  local name="$1"; shift
  local best_s="" best_kb=""
  for ((i = 0; i < repeats; i++)); do
    /usr/bin/time -f "%e %M" -o "$out/time" "$bin" run "$@" -o "$out/run" >/dev/null 2>"$out/err" \
      || { cat "$out/err" >&2; exit 1; }
    read -r s kb <"$out/time"
    if [[ -z "$best_s" ]] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; fi
    if [[ -z "$best_kb" ]] || ((kb > best_kb)); then best_kb=$kb; fi
  done
  printf '%-28s wall %6.2f s (best of %d)   peak RSS %6.1f MB\n' "$name" "$best_s" "$repeats" \
    "$(awk "BEGIN{print $best_kb/1024}")"
}

echo "aimcsim benchmark on $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
measure "default (llama-3.2-1b)"
measure "llama-3.1-8b p2048 d256" --model llama-3.1-8b --prompt 2048 --decode 256

# Issue 8: `aimcsim eval` throughput (bench/eval). EVAL_BENCH=0 skips them (the Llama-3.2-1B
# one needs ~14 GB of memory and about a minute).
if [[ "${EVAL_BENCH:-1}" != 0 ]]; then
  bench_dir="$(dirname "$bin")/../bench/eval"
  if [[ ! -x "$bench_dir/bench_eval_ideal" || ! -x "$bench_dir/bench_eval_llama1b" ]]; then
    cmake --build "$(dirname "$bin")/.." -j2 --target bench_eval_ideal bench_eval_llama1b >&2
  fi
  echo "--- stories260K ideal eval vs plain float32 forward (target ratio <= 2)"
  "$bench_dir/bench_eval_ideal"
  echo "--- Llama-3.2-1B-shaped, pcm at 1 day, 512 tokens (targets <= 60 s, <= 3 x weights)"
  "$bench_dir/bench_eval_llama1b"
fi
