#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fuzzes the configuration, checkpoint, tokenizer and trace readers: installs clang if missing,
# builds the `fuzz` preset (libFuzzer + ASan + UBSan incl. float-cast-overflow and integer
# checks), writes the seed corpora and dictionaries (fuzz_seeds: configs/*.yaml, the built-in
# models, tiny checkpoints, small tokenizer files, small traces), then runs each target for
# SECONDS (default 60).
# Fails on any crash, sanitizer report, leak, uncaught exception, timeout (> 10 s for one input)
# or oracle finding; the input is left in build/fuzz/work/artifacts/. The corpus in
# build/fuzz/work/corpus/ grows from run to run.
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]     targets: fuzz_run_config fuzz_model_config
#                                                 fuzz_checkpoint fuzz_tokenizer fuzz_trace
#                                                 fuzz_sweep
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
((${#targets[@]})) ||
  targets=(fuzz_run_config fuzz_model_config fuzz_checkpoint fuzz_tokenizer fuzz_trace fuzz_sweep)

bash scripts/install-deps.sh fuzz
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "${AIMCSIM_JOBS:-2}"

bin=build/fuzz/tests/fuzz
work=build/fuzz/work
mkdir -p "$work/artifacts"
"$bin/fuzz_seeds" . "$work"

status=0
for t in "${targets[@]}"; do
  name="${t#fuzz_}"
  corpus="$work/corpus/$name"
  mkdir -p "$corpus"
  log="$work/$t.log"
  echo "fuzz: $t for ${seconds} s (log: $log)" >&2
  # The first directory receives new inputs; the seeds are read only. Leak checking is on by
  # default under ASan (-detect_leaks=1).
  if "$bin/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -dict="$work/$name.dict" -artifact_prefix="$work/artifacts/$t-" \
      "$corpus" "$work/seeds/$name" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
    files=$(find "$corpus" -type f | wc -l)
    bytes=$(du -sb "$corpus" | cut -f1)
    echo "fuzz: $t ok: $runs inputs in ${seconds} s ($rate/s), corpus $files files" \
         "($bytes bytes), peak RSS ${rss} MB, no finding" >&2
  else
    status=1
    echo "fuzz: $t FAILED; end of its log:" >&2
    grep -v -E '^#[0-9]+\s+(NEW|REDUCE|pulse)' "$log" | tail -n 60 >&2
  fi
done
exit "$status"
