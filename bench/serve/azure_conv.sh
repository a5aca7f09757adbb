#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue #9 benchmark: full replay of the Azure LLM inference conversation trace (19,366 requests,
# about one hour of traffic) for Llama-3.2-1B on the llm-scale preset in the fast mode. Targets
# on 2 cores: at most 60 s of wall time (60x faster than real time or better) and at most 1 GB of
# peak memory. Prints wall time, peak RSS, simulated seconds per wall second and events per
# second. TRACE=... replays another file; extra arguments go to `aimcsim serve`.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${AIMCSIM_BIN:-build/release/bin/aimcsim}"
[[ -x "$bin" ]] || bash scripts/build.sh release aimcsim >&2
data="${AIMCSIM_DATA_DIR:-../shared/data}"
trace="${TRACE:-$data/traces/AzureLLMInferenceTrace_conv_2023.csv}"
[[ -f "$trace" ]] || { echo "trace $trace not found; set AIMCSIM_DATA_DIR or TRACE" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
/usr/bin/time -f "%e %M" -o "$out/time" "$bin" serve llm-scale --model llama-3.2-1b \
  --trace "$trace" -o "$out/serve" "$@" >"$out/stdout" 2>"$out/err" || { cat "$out/err" >&2; exit 1; }
read -r wall kb <"$out/time"
s="$out/serve/serve_summary.json"
echo "aimcsim serve benchmark on $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
echo "trace $(basename "$trace"): $(jq -r .requests "$s") requests, $(jq -r .span_s "$s") s simulated"
printf 'wall %.2f s (process), replay %.2f s; peak RSS %.1f MB\n' "$wall" "$(jq -r .sim_wall_s "$s")" \
  "$(awk "BEGIN{print $kb/1024}")"
printf 'simulated s per wall s %.1f; events %s (%.3g per wall s); steps %s\n' \
  "$(awk "BEGIN{print $(jq -r .span_s "$s")/$wall}")" "$(jq -r .layer_events "$s")" \
  "$(awk "BEGIN{print $(jq -r .layer_events "$s")/$wall}")" "$(jq -r .steps "$s")"
cat "$out/stdout"
