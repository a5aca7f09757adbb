#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A single-node Slurm on this machine for tests: munge, slurmctld and slurmd from Debian's
# packages, every file (key, sockets, state, spool, logs) inside STATE_DIR, nothing in /etc.
#   slurm_cluster.sh start STATE_DIR   # starts the daemons, waits until the node is idle; prints
#                                      # "export SLURM_CONF=STATE_DIR/slurm.conf" on stdout
#   slurm_cluster.sh stop STATE_DIR    # stops what start started (by its pid files)
# Exit 77 from start: the binaries are not installed (the caller skips); 1: they would not start
# (the logs in STATE_DIR say why).
set -euo pipefail
cmd="${1:-}"
state="${2:-}"
[[ -n "$cmd" && -n "$state" ]] || { echo "usage: $0 start|stop STATE_DIR" >&2; exit 2; }

stop() {
  for d in slurmd slurmctld munged; do
    local pid_file="$state/$d.pid"
    [[ -f "$pid_file" ]] || continue
    local pid
    pid=$(cat "$pid_file")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pid_file"
  done
}

if [[ "$cmd" == stop ]]; then
  stop
  exit 0
fi
[[ "$cmd" == start ]] || { echo "usage: $0 start|stop STATE_DIR" >&2; exit 2; }

for tool in munged slurmctld slurmd sbatch squeue sinfo scontrol; do
  if ! command -v "$tool" >/dev/null && [[ ! -x "/usr/sbin/$tool" ]]; then
    echo "slurm_cluster: $tool is not installed (Debian munge, slurmctld, slurmd, slurm-client)" >&2
    exit 77
  fi
done
export PATH="$PATH:/usr/sbin"
mkdir -p "$state"/{ctld,spool}
chmod 700 "$state"
node=$(hostname -s)
cpus=$(nproc)
# Two free TCP ports for slurmctld and slurmd (a system Slurm may hold 6817/6818).
read -r ctld_port slurmd_port < <(/usr/bin/python3 - <<'PY'
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
PY
)

# munge: a fresh key and a private socket; --force because the tests run as root (munged
# refuses root otherwise) and the state folder is not munge's usual /run/munge.
head -c 1024 /dev/urandom >"$state/munge.key"
chmod 400 "$state/munge.key"
munged --force --socket="$state/munge.socket" --key-file="$state/munge.key" \
  --pid-file="$state/munged.pid" --log-file="$state/munged.log" --seed-file="$state/munged.seed"

cat >"$state/slurm.conf" <<CONF
# Written by tests/sweep/slurm_cluster.sh: one node, everything under $state.
ClusterName=aimcsimtest
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
# munge on its own socket (AuthInfo applies to both the authentication and the credentials).
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$state/munge.socket
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
# No cgroups in a container: processes are tracked through /proc, tasks are not confined, no
# accounting daemon or job completion log.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
PlugStackConfig=$state/plugstack.conf
MpiDefault=none
SwitchType=switch/none
# CPUs are the resource (no memory accounting: RealMemory is nominal).
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=60
NodeName=$node CPUs=$cpus RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
: >"$state/plugstack.conf"
export SLURM_CONF="$state/slurm.conf"
slurmctld -i -f "$SLURM_CONF" || { echo "slurm_cluster: slurmctld did not start ($state/slurmctld.log)" >&2; stop; exit 1; }
slurmd -f "$SLURM_CONF" || { echo "slurm_cluster: slurmd did not start ($state/slurmd.log)" >&2; stop; exit 1; }
for _ in $(seq 150); do
  if [[ "$(sinfo -h -n "$node" -o %T 2>/dev/null)" == idle ]]; then
    echo "export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.2
done
echo "slurm_cluster: the node did not become idle in 30 s: $(sinfo -h -o '%T %E' 2>&1 | head -1)" \
     "(logs in $state)" >&2
stop
exit 1
