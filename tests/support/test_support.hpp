// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the core tests: temporary folders, running the aimcsim binary, reading files
// and summary.json, and loading run configurations through the real configuration reader.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/arch_config.hpp"

namespace aimcsim::test {

/// Source tree root (compile definition AIMCSIM_SOURCE_DIR).
std::filesystem::path source_dir();
/// configs/<name> in the source tree.
std::string config_file(const std::string& name);

/// A fresh, unique temporary folder, removed (recursively) by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

 private:
  std::filesystem::path m_path;
};

/// Outcome of one `aimcsim ...` process.
struct CliResult {
  int exit_code = -1;
  std::string out, err;
  /// Non-empty lines of stdout / stderr.
  std::vector<std::string> out_lines() const;
  std::vector<std::string> err_lines() const;
};

/// Runs the aimcsim binary with `args` (each passed as one shell-quoted argument) in `cwd`,
/// stdout and stderr redirected to files of `cwd`.
CliResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd);

/// Starts the aimcsim binary with `args` in `cwd` without waiting (stdout and stderr to
/// /dev/null); returns its process id.
/// With `own_process_group` the child leads a new process group, so a test can signal it and
/// every process it starts at once (kill(-pid, ...)) without signalling itself.
int spawn_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd,
              bool own_process_group = false);
/// Waits for a process started by spawn_cli; returns its exit code as a shell reports it
/// (128 + n when a signal n ended it).
int wait_cli(int pid);

std::string read_text(const std::filesystem::path& file);
void write_text(const std::filesystem::path& file, const std::string& text);
nlohmann::json read_json(const std::filesystem::path& file);

/// Reads a run configuration through YamlDocument + read_run_config, with -p style overrides.
RunConfig load_config(const std::string& file, const std::vector<std::string>& overrides = {});

/// A small Llama-type HuggingFace config.json (hidden 256, intermediate 512, 2 layers, 4 heads,
/// vocab 1000) written to `dir`/config.json; returns its path. 20 tiles of 256x256 (see users).
std::string write_small_llama(const std::filesystem::path& dir);

/// Relative difference |a - b| / max(|a|, |b|), 0 when both are 0.
double rel_diff(double a, double b);

}  // namespace aimcsim::test
