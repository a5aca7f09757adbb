// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/sweep_command.hpp"

#include <sched.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "sim/cli/error_exit.hpp"
#include "sim/cli/results_dir.hpp"
#include "sim/config/config_error.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/sweep/child_process.hpp"
#include "sim/sweep/dry_run.hpp"
#include "sim/sweep/results_table.hpp"
#include "sim/sweep/slurm_job.hpp"
#include "sim/sweep/sweep_folder.hpp"
#include "sim/sweep/sweep_merge.hpp"
#include "sim/sweep/sweep_report.hpp"
#include "sim/sweep/sweep_runner.hpp"

namespace aimcsim::cli {
namespace fs = std::filesystem;
using config::ConfigError;
using namespace aimcsim::sweep;
using Clock = std::chrono::steady_clock;

CLI::App* add_sweep_command(CLI::App& app, SweepOptions& opt) {
  auto* cmd = app.add_subcommand(
      "sweep",
      "run every point of a design-space sweep file, one simulator process per point "
      "(docs/sweeps.md)");
  cmd->add_option("sweep_file", opt.file, "the sweep file (YAML, docs/sweeps.md)")->required();
  cmd->add_option("-j,--jobs", opt.jobs, "points running at once (default: the CPUs available)")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("-o,--output", opt.output,
                  "sweep folder (default results/sweep-<name>); must be new or empty, or an "
                  "earlier sweep folder with --resume");
  cmd->add_flag("--resume", opt.resume,
                "continue an earlier sweep folder: points whose status.json is ok are kept, "
                "the others run again");
  cmd->add_option("--shard", opt.shard, "run only shard K of N: the points with index % N == K-1");
  cmd->add_flag("--dry-run", opt.dry_run,
                "list the points (and those the constraints skip); run nothing");
  cmd->add_flag("--no-report", opt.no_report, "write the tables only, no plots or index.html");
  cmd->add_option("--slurm", opt.slurm,
                  "write a Slurm array job of N shard tasks and a merge job into -o DIR/slurm")
      ->check(CLI::Range(1, 100000));
  cmd->add_flag("--submit", opt.submit, "with --slurm: submit both jobs with sbatch");
  cmd->add_option("--partition", opt.partition, "with --slurm: the Slurm partition");
  cmd->add_option("--time", opt.time, "with --slurm: the time limit of each task (e.g. 1:00:00)");
  return cmd;
}

CLI::App* add_sweep_merge_command(CLI::App& app, SweepMergeOptions& opt) {
  auto* cmd = app.add_subcommand(
      "sweep-merge", "join the folders of a sharded sweep (--shard K/N) into one sweep folder");
  cmd->add_option("shard_dirs", opt.dirs, "the shard folders")->required();
  cmd->add_option("-o,--output", opt.output,
                  "the merged folder; must be new or empty, or an earlier merge")
      ->required();
  cmd->add_flag("--no-report", opt.no_report, "write the tables only, no plots or index.html");
  return cmd;
}

namespace {

std::string read_file_bytes(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file + ": cannot read the sweep file");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// --shard "K/N" with 1 <= K <= N.
void parse_shard(const std::string& text, std::size_t& k, std::size_t& n) {
  const auto slash = text.find('/');
  const std::string bad =
      "--shard '" + printable_line(text) + "': expected K/N with 1 <= K <= N, e.g. 2/4";
  if (slash == std::string::npos || slash == 0 || slash + 1 >= text.size()) throw ConfigError(bad);
  const std::string ks = text.substr(0, slash), ns = text.substr(slash + 1);
  if (ks.find_first_not_of("0123456789") != std::string::npos ||
      ns.find_first_not_of("0123456789") != std::string::npos || ks.size() > 9 || ns.size() > 9)
    throw ConfigError(bad);
  k = std::stoul(ks);
  n = std::stoul(ns);
  if (k < 1 || n < 1 || k > n) throw ConfigError(bad);
}

int available_cpus() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return 1;
}

void check_flag_combinations(const SweepOptions& opt) {
  auto refuse = [](const std::string& what) { throw ConfigError(what); };
  if (opt.submit && opt.slurm == 0) refuse("--submit: expected --slurm N as well");
  if ((!opt.partition.empty() || !opt.time.empty()) && opt.slurm == 0)
    refuse(std::string(opt.partition.empty() ? "--time" : "--partition") +
           ": expected --slurm N as well");
  if (opt.slurm > 0 && (opt.resume || !opt.shard.empty() || opt.dry_run))
    refuse(
        "--slurm: writes the job scripts only; --resume, --shard and --dry-run belong to the "
        "tasks it writes");
}

/// Tables, then the report; returns the exit code.
int finish(const fs::path& dir, const SweepInfo& info, const std::vector<PointRecord>& records,
           bool no_report, const char* label) {
  write_tables(dir, info, records);
  std::size_t ok = 0, failed = 0, not_run = 0;
  for (const auto& r : records) {
    ok += r.state == PointState::ok;
    failed += r.state == PointState::failed;
    not_run += r.state == PointState::not_run;
  }
  int code = failed > 0 ? k_exit_failed_points : k_exit_ok;
  if (!no_report) {
    const std::string problem = make_sweep_report(dir);
    if (!problem.empty()) {
      std::cerr << "error: " << printable_line(problem) << std::endl;
      code = k_exit_internal;
    }
  }
  char wall[32];
  std::snprintf(wall, sizeof wall, "%.3g s", info.wall_s);
  std::cout << label << info.name << " | " << records.size() << " points: " << ok << " ok, "
            << failed << " failed, " << not_run << " not run"
            << (info.shard.empty() ? "" : " (shard " + info.shard + ")") << ", "
            << info.skipped_by_constraints << " skipped by constraints | " << wall << " | "
            << dir.string() << "\n";
  return code;
}

int write_slurm(const SweepOptions& opt, const SweepSpec& spec) {
  const std::string out =
      opt.output.empty() ? "results/sweep-" + safe_folder_name(spec.name) + "-slurm" : opt.output;
  SweepFolder folder(out, opt.output.empty() ? out : "-o " + opt.output, SweepFolderKind::slurm,
                     true);
  SlurmJob job;
  job.exe = self_executable();
  job.sweep_file = fs::absolute(opt.file).lexically_normal().string();
  job.dir = folder.path().string();
  job.name = spec.name;
  job.shards = opt.slurm;
  job.jobs = opt.jobs > 0 ? opt.jobs : 1;
  job.partition = opt.partition;
  job.time = opt.time;
  write_slurm_scripts(job);
  const fs::path slurm = folder.path() / "slurm";
  std::cout << "aimcsim sweep: " << spec.name << " | " << spec.points.size() << " points in "
            << opt.slurm << " Slurm tasks | " << (slurm / "sweep.sbatch").string() << ", "
            << (slurm / "merge.sbatch").string() << "\n";
  if (!opt.submit) return k_exit_ok;
  try {
    const SubmittedJobs ids = submit_slurm(job);
    std::cout << "submitted: array job " << ids.array_id << ", merge job " << ids.merge_id
              << " (afterany); merged results in " << (folder.path() / "merged").string() << "\n";
  } catch (const std::runtime_error& e) {
    std::cerr << "error: --submit: " << printable_line(e.what()) << std::endl;
    return k_exit_internal;
  }
  return k_exit_ok;
}

}  // namespace

int execute_sweep(const SweepOptions& opt) {
  const auto start = Clock::now();
  check_flag_combinations(opt);
  std::size_t shard_k = 1, shard_n = 1;
  if (!opt.shard.empty()) parse_shard(opt.shard, shard_k, shard_n);
  const SweepSpec spec = read_sweep_file(opt.file);
  if (opt.dry_run) {
    std::cout << dry_run_text(spec, shard_k, shard_n);
    return k_exit_ok;
  }
  if (opt.slurm > 0) return write_slurm(opt, spec);
  const std::string bytes = read_file_bytes(opt.file);

  const std::string out =
      opt.output.empty() ? "results/sweep-" + safe_folder_name(spec.name) : opt.output;
  SweepFolder folder(out, opt.output.empty() ? out : "-o " + opt.output, SweepFolderKind::sweep,
                     opt.resume);
  SweepRunOptions run;
  run.jobs = opt.jobs > 0 ? opt.jobs : available_cpus();
  run.resume = opt.resume;
  run.shard_k = shard_k;
  run.shard_n = shard_n;
  const SweepPlan plan = plan_sweep(spec, folder.path(), run);
  io::replace_file_atomically(folder.path() / "sweep.yaml", bytes);
  if (!plan.kept.empty())
    std::cerr << "sweep: resuming " << folder.path().string() << ": " << plan.kept.size()
              << " points done earlier, " << plan.to_run.size() << " to run" << std::endl;
  const auto records = run_sweep_points(spec, folder.path(), plan, run);

  SweepInfo info = sweep_info(spec, bytes);
  if (shard_n > 1) info.shard = std::to_string(shard_k) + "/" + std::to_string(shard_n);
  info.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  return finish(folder.path(), info, records, opt.no_report, "aimcsim sweep: ");
}

int execute_sweep_merge(const SweepMergeOptions& opt) {
  const auto start = Clock::now();
  const ShardSet shards = check_shards(opt.dirs, opt.output);
  SweepFolder folder(opt.output, "-o " + opt.output, SweepFolderKind::merge, true);
  MergedSweep merged = copy_shards(shards, folder.path());
  merged.info.shard.clear();
  merged.info.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  return finish(folder.path(), merged.info, merged.records, opt.no_report, "aimcsim sweep-merge: ");
}

}  // namespace aimcsim::cli
