#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `aimcsim sweep --slurm 3 --submit` end to end on a real single-node Slurm (slurm_cluster.sh):
# the array job runs the three shards, the merge job joins them, and the merged results equal
# the same sweep run locally (every column but the wall times). Exit 0 pass, 1 fail, 77 skip
# (only when munge/Slurm are not installed or cannot be started on this machine).
#   slurm_e2e.sh AIMCSIM_BINARY
set -euo pipefail
bin="$(realpath "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d /tmp/aimcsim_slurm_e2e.XXXXXX)"
state="$work/slurm-state"
cleanup() { bash "$here/slurm_cluster.sh" stop "$state" || true; rm -rf "$work"; }
trap cleanup EXIT

set +e
env_line="$(bash "$here/slurm_cluster.sh" start "$state" 2>"$work/cluster.err")"
rc=$?
set -e
if ((rc == 77)); then
  echo "SKIP: $(cat "$work/cluster.err")"
  exit 77
elif ((rc != 0)); then
  echo "SKIP: a single-node Slurm cannot be started on this machine: $(cat "$work/cluster.err")"
  for log in "$state"/*.log; do echo "--- $log"; tail -5 "$log"; done
  exit 77
fi
eval "$env_line"  # SLURM_CONF for sbatch, squeue and the jobs

cd "$work"
cat >config.json <<'JSON'
{"model_type":"llama","hidden_size":256,"intermediate_size":768,"num_hidden_layers":2,
 "num_attention_heads":4,"num_key_value_heads":2,"vocab_size":2048,
 "tie_word_embeddings":true,"max_position_embeddings":2048}
JSON
cat >sweep.yaml <<'YAML'
version: 1
name: slurm-e2e
base:
  arch: hermes
  params:
    workload.prompt_tokens: 8
    workload.decode_tokens: 4
commands:
  run: [--model, config.json]
axes:
  chip.analog_tile.adc.bits: [4, 6, 8]
  chip.analog_tile.input_phases: [1, 4]
pareto:
  - {metric: run.energy_per_token_j, goal: min}
  - {metric: run.tpot_s, goal: min}
YAML

"$bin" sweep sweep.yaml -j 2 --no-report -o local >local.out
"$bin" sweep sweep.yaml --slurm 3 --submit -o cluster >submit.out
cat submit.out
ids=$(grep -o 'job [0-9]*' submit.out | awk '{print $2}' | tr '\n' ' ')
[[ $(wc -w <<<"$ids") -eq 2 ]] || { echo "FAIL: expected two job ids in: $(cat submit.out)"; exit 1; }
for _ in $(seq 600); do
  [[ -z "$(squeue -h -j "${ids// /,}" 2>/dev/null)" ]] && break
  sleep 0.5
done
if [[ -n "$(squeue -h -j "${ids// /,}" 2>/dev/null)" ]]; then
  echo "FAIL: jobs still queued or running after 300 s:"; squeue; exit 1
fi
for i in 1 2 3; do
  [[ -f cluster/shards/$i/results.json ]] || { echo "FAIL: shard $i wrote no results"; cat cluster/slurm/shard-$i.log || true; exit 1; }
done
[[ -f cluster/merged/results.csv ]] || { echo "FAIL: no merged results"; cat cluster/slurm/merge.log || true; exit 1; }
grep -q '"ok": 6' cluster/merged/sweep_summary.json || { echo "FAIL: not every point ok"; cat cluster/merged/sweep_summary.json; exit 1; }
[[ -f cluster/merged/index.html ]] || { echo "FAIL: the merge made no report"; cat cluster/slurm/merge.log; exit 1; }

# Every column but the wall-clock times (wall_s, run.sim_wall_s) equals the local sweep's.
strip() { /usr/bin/python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
keep = [k for k, name in enumerate(rows[0]) if not name.endswith("wall_s")]
for r in rows: print(",".join(r[k] for k in keep))' "$1"; }
if ! diff <(strip local/results.csv) <(strip cluster/merged/results.csv); then
  echo "FAIL: the merged results differ from the local sweep's"; exit 1
fi
if ! diff <(strip local/pareto.csv) <(strip cluster/merged/pareto.csv); then
  echo "FAIL: the merged Pareto front differs from the local sweep's"; exit 1
fi
echo "PASS: 3 shards ran as a Slurm array job ($ids), merged results equal the local sweep"
