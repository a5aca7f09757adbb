// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <filesystem>
#include <string>

namespace aimcsim::sweep {

/// A sweep split into Slurm array tasks, one shard each, and a merge job after them
/// (`aimcsim sweep SWEEP --slurm N`; docs/sweeps.md "Shards, merge and Slurm").
struct SlurmJob {
  std::string exe;         ///< the aimcsim binary, absolute
  std::string sweep_file;  ///< the sweep file, absolute
  std::string dir;         ///< the Slurm sweep folder, absolute: slurm/, shards/<i>, merged/
  std::string name;        ///< the sweep's name (job names)
  int shards = 1;          ///< array tasks 1..shards
  int jobs = 1;  ///< -j of each task when Slurm gives no SLURM_CPUS_PER_TASK; also --cpus-per-task
  std::string partition;  ///< --partition, "" = the cluster's default
  std::string time;       ///< --time limit per task, "" = the partition's default
};

/// DIR/slurm/sweep.sbatch: an array job (--array=1-N), task i running
/// `<exe> sweep <sweep file> --shard i/N -j ${SLURM_CPUS_PER_TASK:-jobs} --resume --no-report
/// -o DIR/shards/i` (the report is made once, by the merge; --resume lets a requeued task
/// continue where it stopped).
std::string sweep_sbatch_text(const SlurmJob& job);

/// DIR/slurm/merge.sbatch: `<exe> sweep-merge DIR/shards/1 ... DIR/shards/N -o DIR/merged`.
std::string merge_sbatch_text(const SlurmJob& job);

/// Writes both scripts into DIR/slurm (executable, atomically). Throws io::WriteError.
void write_slurm_scripts(const SlurmJob& job);

/// Job ids of a submitted sweep.
struct SubmittedJobs {
  std::string array_id, merge_id;
};

/// Submits DIR/slurm/sweep.sbatch with `sbatch --parsable`, then merge.sbatch with
/// --dependency=afterany:<array id> (the merge runs however the tasks ended; failed points are
/// in the tables). sbatch is looked up on PATH. Throws std::runtime_error with one line (sbatch
/// missing, or its exit code and last line of output).
SubmittedJobs submit_slurm(const SlurmJob& job);

/// `text` single-quoted for a POSIX shell.
std::string shell_quote(const std::string& text);

}  // namespace aimcsim::sweep
