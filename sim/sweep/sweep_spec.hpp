// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace aimcsim::config {
class YamlDocument;
}

namespace aimcsim::sweep {

/// The aimcsim commands a sweep point can run. A point runs every command its sweep file names
/// (for example `run` for latency and energy on Llama-3.2-1B and `eval` for perplexity on a
/// checkpoint), each as its own simulator process, with the same configuration overrides.
enum class PointCommand { run, serve, eval };

/// "run", "serve", "eval".
const char* command_name(PointCommand c);

/// How one command of every point is invoked: `aimcsim <command> <arch> <args...> -p ... -o ...`.
struct CommandSpec {
  PointCommand command = PointCommand::run;
  /// Extra arguments after the architecture (e.g. {"--model", "llama-3.2-1b"} or
  /// {"--trace", "/abs/trace.csv"}); paths the sweep file gives relative to itself are made
  /// absolute when read, so a point runs the same from any working directory.
  std::vector<std::string> args;
  /// The report file metrics are read from, inside the command's results folder:
  /// summary.json (run), serve_summary.json (serve), eval.json (eval).
  std::string summary_file;
};

/// One setting of a point: a dotted configuration key and its value as YAML scalar text,
/// exactly what `-p key=value` takes.
struct Setting {
  std::string key;
  std::string value;
};

/// One point of the design space, after expansion, derivation and constraints.
struct SweepPoint {
  /// Position among the points kept by the constraints, in expansion order (0-based). Shards,
  /// folder names (points/0007) and the rows of results.csv follow it.
  std::size_t index = 0;
  /// "0007": the point's folder name under points/.
  std::string id;
  /// Axis and zip values, then derived values, then the seed (workload.seed) if the file sets
  /// seeds or repeats: in that order, each key once. These are the point's -p overrides on top
  /// of the base parameters.
  std::vector<Setting> settings;
  /// The seed's repeat number (0-based) when the file sets `repeats:`; 0 otherwise.
  std::size_t repeat = 0;
};

/// A point the constraints removed, for --dry-run and sweep_summary.json.
struct SkippedPoint {
  std::vector<Setting> settings;
  std::string constraint;  ///< the constraint expression that was false
};

/// An objective of the Pareto front: a metric column and its direction.
struct Objective {
  std::string metric;  ///< a metric column name, e.g. "run.energy_per_token_j"
  bool minimize = true;
};

/// A validated sweep file with its points expanded.
struct SweepSpec {
  std::string file;  ///< the sweep file as given
  std::string name;  ///< `name:`, default the file's stem
  int version = 1;
  /// `base.arch`: a preset name, or an architecture YAML path made absolute.
  std::string arch;
  /// `base.params`: -p overrides applied to every point before the point's own settings.
  std::vector<Setting> base_params;
  /// The commands every point runs, in file order (at least one).
  std::vector<CommandSpec> commands;
  /// Column names of the swept keys (axes, zip keys, derived keys, then workload.seed), in the
  /// order of SweepPoint::settings.
  std::vector<std::string> swept_keys;
  /// Unit of each swept key as its declaration gives it ("ns", "bit"; "" if dimensionless), in
  /// the order of swept_keys. Values of dimensioned keys are stored as bare numbers in this
  /// unit ("5 ns" becomes "5"), which -p reads the same way and CSV columns can plot.
  std::vector<std::string> swept_units;
  /// Metric columns to collect, "<command>.<key>" (e.g. "run.ttft_s", "eval.<flattened key>");
  /// empty means every numeric field of each command's summary file.
  std::vector<std::string> metrics;
  std::vector<Objective> objectives;  ///< `pareto:`; empty: no front
  std::vector<SweepPoint> points;
  std::vector<SkippedPoint> skipped;
};

/// Loads an architecture as `aimcsim run ARCH` does: a preset name or a YAML file (the CLI's
/// cli::load_arch). A sweep validates every point's configuration with it.
using ArchLoader = std::function<config::YamlDocument(const std::string& arch)>;

/// Reads, validates and expands a sweep file. Throws config::ConfigError with one line naming
/// file, line and key, and what was expected; every point's full configuration is validated
/// (as `aimcsim run` would read it) so a bad value fails here, before any point runs.
/// Defined in aimcsim_core (it loads presets with cli::load_arch).
SweepSpec read_sweep_file(const std::string& path);

/// The same with the architecture loader given (SystemC-free; tests and the fuzzer).
SweepSpec read_sweep_file(const std::string& path, const ArchLoader& load_arch);

/// The same from text in memory; `name` stands for the file. Relative paths (an architecture
/// file, command arguments naming files) resolve against `base_dir`.
SweepSpec read_sweep_text(const std::string& text, const std::string& name,
                          const std::string& base_dir, const ArchLoader& load_arch);

/// Points a sweep may have before constraints (the product of its axes, groups and seeds).
inline constexpr std::size_t k_max_sweep_points = 10000;

}  // namespace aimcsim::sweep
