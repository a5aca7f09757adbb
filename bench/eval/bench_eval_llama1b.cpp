// SPDX-License-Identifier: Apache-2.0
/// \file
/// Issue 8 target (b): a Llama-3.2-1B-shaped model with random weights on the llm-scale preset,
/// `pcm` devices at t = 1 day, 512 tokens (one window) evaluated as `aimcsim eval` does it
/// (float32 reference pass, programming, drift, analog pass with the SNR probe, timed
/// simulation): at most 60 s on 2 cores and a peak RSS of at most 3 x the float32 weights.
/// Prints the wall time of every phase and the peak resident set size.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <thread>

#include <systemc>

#include "sim/arch_config.hpp"
#include "sim/cli/run_pipeline.hpp"
#include "sim/report/component_walk.hpp"
#include "tiles/physics/rng.hpp"
#include "workloads/mapper.hpp"
#include "workloads/model_catalog.hpp"
#include "workloads/runner/evaluator.hpp"
#include "workloads/runner/snr_probe.hpp"
#include "workloads/tile_linears.hpp"

using namespace aimcsim;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

/// CPU time of the process so far (user + system, all threads) [s]: on a loaded machine the
/// wall time of a phase overstates its cost, its CPU time does not.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

double load_average() {
  double load[1] = {0};
  return getloadavg(load, 1) == 1 ? load[0] : -1.0;
}

double peak_rss_bytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) * 1024.0;  // Linux: kilobytes
}

}  // namespace

// SystemC provides main() and calls sc_main.
int sc_main(int, char**) {
  constexpr int k_tokens = 512;
  constexpr double k_drift_s = 86400.0;  // 1 day
  constexpr int k_snr_probe_rows = 16;   // as sim/cli/eval_command.cpp
  constexpr std::size_t k_cache_bytes = std::size_t{1} << 30;
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  // As sim/cli/main.cpp: SystemC's warnings (renamed device-state modules) stay quiet.
  sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_DO_NOTHING);

  config::YamlDocument doc = cli::load_arch("llm-scale");
  doc.apply_override("chip.analog_tile.device.impl=pcm");
  RunConfig cfg = read_run_config(doc);
  workloads::TransformerSpec spec;
  spec.desc = workloads::load_model("llama-3.2-1b");
  const workloads::ModelDesc& model = spec.desc;

  const auto t0 = Clock::now();
  const double c0 = cpu_seconds();
  const workloads::FloatWeights weights = workloads::random_float_weights(spec, 1);
  const double t_weights = seconds(t0, Clock::now()), cpu_weights = cpu_seconds() - c0;

  // 512 token ids from a fixed stream: the throughput does not depend on which.
  workloads::EvalWindow window;
  physics::Xoshiro256pp rng(8);
  for (int i = 0; i < k_tokens; ++i)
    window.tokens.push_back(static_cast<int>(rng() % static_cast<std::uint64_t>(model.vocab)));

  // The workload eval simulates for one window: a prefill scored at every position.
  cfg.workload.serial_requests = {{k_tokens, 1, true}};
  cfg.workload.batch = 1;
  cfg.workload.prompt_tokens = k_tokens;
  cfg.workload.decode_tokens = 1;
  const workloads::Mapping mapping = workloads::map_model(model, cfg);

  std::ostringstream log_text;
  auto log = cli::make_logger("warn", log_text);
  report::RunOutputs outputs;
  outputs.cfg = &cfg;
  outputs.mapping = &mapping;
  report::StatsCollector stats;
  // Wall and CPU time of each phase, in order.
  enum Phase { elaboration, reference, programming, drift, analog, timed, k_phases };
  const char* const labels[k_phases] = {
      "elaboration", "reference pass (float32)", "programming", "drift to 1 day",
      "analog pass + SNR probe", "timed simulation"};
  double wall[k_phases] = {}, cpu[k_phases] = {};
  auto last_wall = Clock::now();
  double last_cpu = cpu_seconds();
  auto lap = [&](Phase p) {
    const auto now = Clock::now();
    const double c = cpu_seconds();
    wall[p] = seconds(last_wall, now);
    cpu[p] = c - last_cpu;
    last_wall = now;
    last_cpu = c;
  };
  double ppl_ref = 0, ppl_analog = 0;
  long long tiles_programmed = 0;
  const report::RunSummary summary =
      cli::simulate(cfg, mapping, outputs, stats, *log, [&](System& system) {
        lap(elaboration);
        workloads::Evaluator evaluator(weights, {window}, k_cache_bytes);
        ppl_ref = evaluator.reference_scores().perplexity();
        lap(reference);
        workloads::TileLinears tiles(system, mapping, weights, threads);
        tiles.program(physics::derive_seed(cfg.workload.seed, 0));
        tiles_programmed = tiles.tiles();
        lap(programming);
        tiles.drift_to(k_drift_s);
        lap(drift);
        workloads::SnrProbe probe(tiles, evaluator.reference_linears(), model.layers,
                                  k_snr_probe_rows);
        ppl_analog = evaluator.score(probe).perplexity();
        lap(analog);
      });
  lap(timed);

  const double w = static_cast<double>(model.weight_count());  // tied head once
  const double limit = 3.0 * 4.0 * w, rss = peak_rss_bytes();
  std::printf("%s (random weights, %.4g weights), llm-scale, pcm at %.0f s, %d tokens, "
              "%u threads, %lld analog tiles, load average %.2f at the end\n",
              model.name.c_str(), w, k_drift_s, k_tokens, threads, tiles_programmed,
              load_average());
  std::printf("  %-30s %8s %8s\n", "phase", "wall [s]", "CPU [s]");
  std::printf("  %-30s %8.2f %8.2f\n", "weights generation (excluded)", t_weights, cpu_weights);
  double total_wall = 0, total_cpu = 0;
  for (int p = 0; p < k_phases; ++p) {
    std::printf("  %-30s %8.2f %8.2f\n", labels[p], wall[p], cpu[p]);
    total_wall += wall[p];
    total_cpu += cpu[p];
  }
  std::printf("  %-30s %8.2f %8.2f   (target <= 60 s wall)\n", "total (without weights)",
              total_wall, total_cpu);
  std::printf("  perplexity: float32 %.6g, analog %.6g; simulated e2e latency %.4g s\n", ppl_ref,
              ppl_analog, summary.e2e_latency_s);
  std::printf("  peak RSS %.2f GB = %.2f x float32 weights (%.2f GB; target <= 3 x = %.2f GB)\n",
              rss / 1e9, rss / (4.0 * w), 4.0 * w / 1e9, limit / 1e9);
  return 0;
}
