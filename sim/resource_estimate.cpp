// SPDX-License-Identifier: Apache-2.0
#include "sim/resource_estimate.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "sim/config/config_error.hpp"
#include "workloads/mapper.hpp"

namespace aimcsim {
namespace {

// Host cost per object, measured on the release build (docs/reliability.md). Only mapped tiles
// are SystemC modules (plus one per chip for its unmapped tiles); every mesh node keeps a
// TileState, its NoC router calendars and its node flags. Peak RSS of `aimcsim run --prompt 1
// --decode 1 -p system.multi_die_package=true` on one chip grows by ~810 B per mesh node
// (mesh 128x128 -> 256x256: 48.7 -> 87.5 MB; 1024x1024 -> 2048x2048: 0.86 -> 3.35 GB). Before
// tiles were instantiated lazily it grew by ~6.0 KB per node (128x128 -> 256x256: 108 -> 396
// MB), so a tile module with its five blocks costs ~5.2 KB beyond its node. `aimcsim map` grows
// by ~120 B per placed block (placement record plus its mapping_tiles.csv row). Rounded up so
// the estimate errs high.
constexpr double k_bytes_per_tile_module = 7.0e3;
constexpr double k_bytes_per_mesh_node = 1.0e3;
constexpr double k_bytes_per_placed_block = 160.0;
constexpr double k_bytes_per_digital_unit = 4.0e3;
// Per chip beyond its mesh nodes: chip module, KV memory, links. system.chips 100 -> 400
// (llm_scale: 240 tiles and 16 digital units a chip) grows by ~328 KB a chip: 240 x 810 B of
// nodes, 64 KB of digital units, the rest ~70 KB.
constexpr double k_bytes_per_chip = 96.0e3;
constexpr double k_bytes_per_token_record = 128.0;    // token timeline row
constexpr double k_bytes_base = 64.0e6;               // binary, SystemC kernel, reports
// Wall time per simulated transaction: ~0.21 us with one sequence (20,000 decode tokens of the
// default run: 1.95e8 transactions in 41 s); 1.0-1.8 us with a batch, whose sequences book the
// same calendars (batch 16 / 64 / 256 / 1024 at prompt 4, decode 8: 1.5 / 1.4 / 1.0 / 1.8 us).
// The estimate uses the upper side of each.
constexpr double k_wall_s_per_transaction_single = 0.3e-6;
constexpr double k_wall_s_per_transaction_batched = 2.0e-6;
// Host memory per sequence of a batch: thread stack, transaction context, calendar intervals
// (batch 1024: 580 MB peak, ~0.55 MB each).
constexpr double k_bytes_per_sequence = 0.6e6;
// Chunked prefill of long prompts (default run, prompt 8,000 / 16,000 / 32,000, 32-token
// chunks): 0.86 / 2.52 / 7.99 s and 180 / 312 / 574 MB, i.e. a wall time c1 n + c2 n^2 in the
// chunk count n with c2 = 5.7e-6 s over 2 x 4,716 tile transactions per chunk, ~6e-10 s per
// transaction and chunk in flight, and ~16 KB of calendar intervals per prompt token. The
// estimate uses 1e-9 s and 20 KB.
constexpr double k_wall_s_per_transaction_per_chunk = 1.0e-9;
constexpr double k_bytes_per_prompt_token = 20.0e3;
// Transactions per forward pass of one block besides the tiles' MVMs and partial-sum transfers:
// norms, RoPE, KV write/read, attention, residuals, activation, multicasts, transfers.
constexpr double k_block_overhead_transactions = 24.0;

double physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? double(pages) * double(page) : 8.0 * (1ull << 30);
}

double max_map_count() {
  std::ifstream in("/proc/sys/vm/max_map_count");
  double n = 0;
  return in >> n && n > 0 ? n : 65530.0;  // the Linux default
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

}  // namespace

ResourceEstimate estimate_resources(const RunConfig& cfg, const workloads::ModelDesc& model,
                                    bool map_only) {
  ResourceEstimate e;
  e.mapped_tiles = double(workloads::tiles_needed(model, cfg));
  const double per_chip = double(cfg.chip.mesh_rows) * cfg.chip.mesh_cols;
  e.chips = cfg.system.chips > 0 ? cfg.system.chips : std::max(1.0, std::ceil(e.mapped_tiles / per_chip));
  e.memory_bytes = k_bytes_base + e.mapped_tiles * k_bytes_per_placed_block;
  if (map_only) return e;

  e.mesh_nodes = e.chips * per_chip;
  // A module per mapped tile, and one per chip standing for its unmapped tiles (upper side).
  e.tiles_instantiated = std::min(e.mapped_tiles, e.mesh_nodes) + e.chips;
  e.digital_units = e.chips * cfg.chip.digital_unit.count;
  const auto& w = cfg.workload;
  const double batch = w.batch;
  const double chunk = w.prefill_chunk > 0 ? std::min(w.prefill_chunk, w.prompt_tokens) : w.prompt_tokens;
  const double chunks = std::ceil(w.prompt_tokens / chunk);
  const double per_pass = 2.0 * e.mapped_tiles + k_block_overhead_transactions * model.layers;
  const double prefill = batch * chunks * per_pass, decode = batch * w.decode_tokens * per_pass;
  e.transactions = prefill + decode;
  e.memory_bytes += e.tiles_instantiated * k_bytes_per_tile_module +
                    e.mesh_nodes * k_bytes_per_mesh_node +
                    e.digital_units * k_bytes_per_digital_unit + e.chips * k_bytes_per_chip;
  e.sequence_bytes = batch * (w.decode_tokens * k_bytes_per_token_record + k_bytes_per_sequence +
                              w.prompt_tokens * k_bytes_per_prompt_token);
  e.memory_bytes += e.sequence_bytes;
  e.memory_maps = 2.0 * batch;
  const double per_transaction = w.batch > 1 ? k_wall_s_per_transaction_batched
                                             : k_wall_s_per_transaction_single;
  // All chunks of a prompt are in flight at once, so each booking searches calendars that
  // hold one interval per chunk: prefill grows with the square of the chunk count.
  e.wall_s = decode * per_transaction +
             prefill * (per_transaction + k_wall_s_per_transaction_per_chunk * chunks);
  return e;
}

HostBudget host_budget(const RunConfig& cfg) {
  HostBudget b;
  b.memory_bytes = cfg.simulation.memory_budget_bytes > 0 ? cfg.simulation.memory_budget_bytes
                                                          : 0.8 * physical_memory_bytes();
  b.wall_s = cfg.simulation.wall_time_budget_s;
  b.memory_maps = max_map_count() - 4096.0;  // libraries, heap arenas, thread pools
  return b;
}

void check_budget(const ResourceEstimate& e, const HostBudget& b, const RunConfig& cfg) {
  const auto& v = *cfg.values;
  const auto& chip = v.child("chip");
  const auto& tile = chip.child("analog_tile");
  const auto& mesh = chip.child("mesh");
  const auto& wl = v.child("workload");
  const auto& sim = v.child("simulation");
  const std::string tail = "; use --ignore-budget to run anyway";
  if (e.memory_bytes > b.memory_bytes) {
    // Name the keys behind the largest of the three shares: the mesh, the mapped blocks, the
    // sequences (their threads and prompts).
    const double mesh_b = e.mesh_nodes * k_bytes_per_mesh_node;
    const double blocks_b = e.mapped_tiles * (k_bytes_per_placed_block + k_bytes_per_tile_module);
    const double seq_b = e.sequence_bytes;
    const std::string drivers =
        seq_b > mesh_b && seq_b > blocks_b
            ? config::describe_value(wl, "batch") + ", " + config::describe_value(wl, "prompt_tokens") + ", " +
                  config::describe_value(wl, "decode_tokens")
        : mesh_b > blocks_b ? config::describe_value(mesh, "rows") + ", " + config::describe_value(mesh, "cols") + ", " +
                                  config::describe_value(v.child("system"), "chips")
                            : config::describe_value(tile, "rows") + ", " + config::describe_value(tile, "cols");
    throw config::ConfigError(
        "resource budget: the run needs about " + fmt(e.memory_bytes / 1e9) + " GB of host memory (" +
        fmt(e.mapped_tiles) + " mapped tile blocks" +
        (e.mesh_nodes > 0 ? ", " + fmt(e.mesh_nodes) + " tiles on " + fmt(e.chips) + " chips"
                                  : std::string()) +
        "), above the budget of " +
        fmt(b.memory_bytes / 1e9) + " GB (" + config::describe_value(sim, "memory_budget") + "); driven by " +
        drivers + tail);
  }
  if (e.memory_maps > b.memory_maps)
    throw config::ConfigError("resource budget: " + config::describe_value(wl, "batch") + " needs " +
                              fmt(e.memory_maps) + " memory maps for its sequence threads, above "
                              "the host's vm.max_map_count allowance of " +
                              fmt(b.memory_maps) + "; expected a smaller batch" + tail);
  if (e.wall_s > b.wall_s)
    throw config::ConfigError(
        "resource budget: the run issues about " + fmt(e.transactions) +
        " simulated transactions, an estimated " + fmt(e.wall_s / 60.0) + " min of wall time, "
        "above " + config::describe_value(sim, "wall_time_budget") + "; driven by " + config::describe_value(wl, "batch") +
        ", " + config::describe_value(wl, "prompt_tokens") + ", " + config::describe_value(wl, "decode_tokens") + ", " +
        config::describe_value(wl, "prefill_chunk") + " and " + fmt(e.mapped_tiles) + " mapped tile blocks (" +
        config::describe_value(tile, "rows") + ", " + config::describe_value(tile, "cols") + ")" + tail);
}

}  // namespace aimcsim
