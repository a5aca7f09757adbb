#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Regenerates tests/core/references/<name>.json from references/cases.txt with the built
# binary (default build/release/bin/aimcsim). Check the new values against the hand estimates
# in test_cli_regression.cpp before committing them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
bin=${AIMCSIM_BINARY:-$src/build/release/bin/aimcsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' "$here/references/cases.txt" | while IFS='|' read -r name args; do
  [ -n "$name" ] || continue
  # shellcheck disable=SC2086 # the arguments are split on purpose
  "$bin" $(echo "$args" | sed "s|@SOURCE@|$src|g") -o "$tmp/$name" >/dev/null 2>&1
  cp "$tmp/$name/summary.json" "$here/references/$name.json"
  echo "$name: $(tail -c +1 "$here/references/$name.json" | grep -E '"(ttft_s|tpot_s)"' | tr -d '\n ')"
done
