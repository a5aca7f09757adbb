// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/slurm_job.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sim/io/atomic_file.hpp"
#include "sim/io/checked_file.hpp"
#include "sim/sweep/child_process.hpp"

namespace aimcsim::sweep {
namespace fs = std::filesystem;

namespace {

std::string header(const SlurmJob& job, const std::string& job_name, const std::string& log) {
  std::string h = "#!/bin/bash\n";
  h += "# Written by `aimcsim sweep " + job.sweep_file + " --slurm " + std::to_string(job.shards) +
       "`; see docs/sweeps.md \"Shards, merge and Slurm\".\n";
  h += "#SBATCH --job-name=" + job_name + "\n";
  h += "#SBATCH --output=" + log + "\n";
  if (!job.partition.empty()) h += "#SBATCH --partition=" + job.partition + "\n";
  if (!job.time.empty()) h += "#SBATCH --time=" + job.time + "\n";
  return h;
}

/// A job name Slurm and the shell both take: the sweep name's safe characters.
std::string job_name(const SlurmJob& job, const std::string& suffix) {
  std::string n = "aimcsim-" + job.name;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  return n + suffix;
}

/// Runs `argv` (argv[0] found on PATH), returns its stdout; throws with one line on failure.
std::string run_capture(std::vector<std::string> argv, const fs::path& log_dir,
                        const std::string& tag) {
  std::string found;
  const char* path_env = std::getenv("PATH");
  std::stringstream path(path_env ? path_env : "/usr/local/bin:/usr/bin:/bin");
  for (std::string d; std::getline(path, d, ':');) {
    const fs::path candidate = fs::path(d.empty() ? "." : d) / argv[0];
    if (access(candidate.c_str(), X_OK) == 0) {
      found = candidate.string();
      break;
    }
  }
  if (found.empty())
    throw std::runtime_error(argv[0] +
                             ": not found on PATH (install Slurm's client commands, "
                             "or submit " +
                             (log_dir / "sweep.sbatch").string() + " yourself)");
  const std::string shown = argv[0];
  argv[0] = found;
  const fs::path out = log_dir / (tag + ".stdout.txt"), err = log_dir / (tag + ".stderr.txt");
  const pid_t pid = spawn_child(argv, out, err);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const ChildExit e = decode_wait_status(status);
  std::ifstream in(out);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (e.exit_code != 0) {
    const std::string last = last_line_of(err);
    throw std::runtime_error(shown + " exited with code " + std::to_string(e.exit_code) +
                             (last.empty() ? "" : ": " + last));
  }
  return text;
}

/// The job id in `sbatch --parsable` output: "id" or "id;cluster", one line.
std::string parsable_id(const std::string& out) {
  std::string id = out.substr(0, out.find_first_of(";\r\n"));
  if (id.empty() || id.find_first_not_of("0123456789_") != std::string::npos)
    throw std::runtime_error("sbatch --parsable printed '" + out.substr(0, 80) +
                             "'; expected a job id");
  return id;
}

}  // namespace

std::string shell_quote(const std::string& text) {
  std::string q = "'";
  for (const char c : text) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string sweep_sbatch_text(const SlurmJob& job) {
  const fs::path dir(job.dir);
  const std::string n = std::to_string(job.shards);
  std::string s = header(job, job_name(job, ""), (dir / "slurm" / "shard-%a.log").string());
  s += "#SBATCH --array=1-" + n + "\n";
  s += "#SBATCH --ntasks=1\n";
  s += "#SBATCH --cpus-per-task=" + std::to_string(job.jobs) + "\n";
  s += "set -u\n";
  s += "exec " + shell_quote(job.exe) + " sweep " + shell_quote(job.sweep_file) +
       " --shard \"${SLURM_ARRAY_TASK_ID}/" + n + "\" -j \"${SLURM_CPUS_PER_TASK:-" +
       std::to_string(job.jobs) + "}\" --resume --no-report -o " +
       shell_quote((dir / "shards").string() + "/") + "\"${SLURM_ARRAY_TASK_ID}\"\n";
  return s;
}

std::string merge_sbatch_text(const SlurmJob& job) {
  const fs::path dir(job.dir);
  std::string s = header(job, job_name(job, "-merge"), (dir / "slurm" / "merge.log").string());
  s += "#SBATCH --ntasks=1\n";
  s += "set -u\n";
  s += "exec " + shell_quote(job.exe) + " sweep-merge";
  for (int i = 1; i <= job.shards; ++i)
    s += " " + shell_quote((dir / "shards" / std::to_string(i)).string());
  s += " -o " + shell_quote((dir / "merged").string()) + "\n";
  return s;
}

void write_slurm_scripts(const SlurmJob& job) {
  const fs::path slurm = fs::path(job.dir) / "slurm";
  std::error_code ec;
  fs::create_directories(slurm, ec);
  if (ec) throw io::WriteError(slurm.string() + ": cannot create: " + ec.message());
  for (const auto& [name, text] :
       {std::pair<std::string, std::string>{"sweep.sbatch", sweep_sbatch_text(job)},
        {"merge.sbatch", merge_sbatch_text(job)}}) {
    io::replace_file_atomically(slurm / name, text);
    fs::permissions(slurm / name,
                    fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add, ec);
  }
}

SubmittedJobs submit_slurm(const SlurmJob& job) {
  const fs::path slurm = fs::path(job.dir) / "slurm";
  SubmittedJobs ids;
  ids.array_id = parsable_id(run_capture(
      {"sbatch", "--parsable", (slurm / "sweep.sbatch").string()}, slurm, "sbatch-sweep"));
  ids.merge_id =
      parsable_id(run_capture({"sbatch", "--parsable", "--dependency=afterany:" + ids.array_id,
                               (slurm / "merge.sbatch").string()},
                              slurm, "sbatch-merge"));
  return ids;
}

}  // namespace aimcsim::sweep
