// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

#include "sim/arch_config.hpp"
#include "sim/kernel/aimc_payload.hpp"
#include "workloads/model_desc.hpp"

namespace aimcsim::workloads {

/// One tile-sized block of a weight matrix and where it sits.
struct TilePlacement {
  kernel::NodeId node;
  int global_tile = 0;  ///< chip * tiles_per_chip + node
  int block_row = 0, block_col = 0;
  int rows_used = 0, cols_used = 0;
};

/// A linear layer split into ceil(in/rows) x ceil(out/weight_cols) blocks (row-major in `tiles`).
struct MappedLinear {
  LinearShape shape;
  int layer = -1;  ///< -1: LM head
  bool analog = true;
  int row_blocks = 0, col_blocks = 0;
  std::vector<TilePlacement> tiles;
  const TilePlacement& tile(int r, int c) const { return tiles[r * col_blocks + c]; }
};

/// A transformer block: its linear layers and the digital unit running its other kernels.
struct MappedBlock {
  int layer = 0;
  int du = 0;  ///< global digital-unit index: chip * units_per_chip + k
  std::vector<MappedLinear> linears;
  /// Digital units running the layer's attention, each for `kv_groups[i]` KV groups (its heads
  /// and its shard of the KV cache, on its own chip): the units placed among the layer's tiles,
  /// at most one per KV group; `du` alone when none is.
  std::vector<int> attention_dus;
  std::vector<int> kv_groups;
};

/// The model placed on the system.
struct Mapping {
  ModelDesc model;
  int chips = 0;
  int tiles_per_chip = 0;
  int tiles_used = 0;
  int tile_rows = 0, tile_cols = 0;  ///< weight rows and weight columns per tile
  std::vector<kernel::NodeId> du_nodes;  ///< every digital unit's node
  std::vector<MappedBlock> blocks;
  MappedLinear lm_head;
  int lm_head_du = 0;
  int embedding_du = 0;

  int du_chip(int du) const { return du_nodes[du].chip; }
  /// Used cells / cells of used tiles.
  double mean_utilization() const;
};

/// Tiles a matrix needs: ceil(in/rows) x ceil(out/weight_cols).
long long tiles_for(const LinearShape& s, int tile_rows, int tile_weight_cols);

/// Tiles the model's analog layers need on the tiles of `cfg` (every block's linears, and the
/// LM head when mapping.lm_head is analog). At most ~1e10 within the model limits: 64-bit.
long long tiles_needed(const ModelDesc& model, const RunConfig& cfg);

/// Places `model` on the hardware of `cfg`. Throws config::ConfigError (naming the key of
/// `cfg` that forbids it) when the model does not fit.
Mapping map_model(const ModelDesc& model, const RunConfig& cfg);

/// Checks that every chip's memory holds what the run puts there: the K and V rows of the whole
/// workload (batch x (prompt + decode) tokens of the layers the chip runs) in SRAM then DRAM,
/// plus, in DRAM, the embedding table and the weights of a digitally executed LM head. Throws
/// config::ConfigError naming chip.kv_cache.dram.capacity (and where it was set) otherwise.
void check_memory_capacity(const Mapping& mapping, const RunConfig& cfg);

/// Tokens of KV cache (K and V rows of every layer) one copy of the mapped model can hold: on
/// each chip its KV SRAM first, then the package DRAM beside the embedding table and the
/// digitally executed weights. 0 when those weights alone overflow a package's DRAM.
long long kv_capacity_tokens(const Mapping& mapping, const RunConfig& cfg);

/// Node of the `slot`-th tile in placement order: chip-major, then a snake over the mesh so
/// consecutive slots are neighbours.
kernel::NodeId slot_node(long long slot, int mesh_rows, int mesh_cols);

/// Placement slot of node `n` on the snake: the inverse of slot_node.
long long node_slot(kernel::NodeId n, int mesh_rows, int mesh_cols);

/// Slot on its chip of the `k`-th of `du_count` digital units, spread evenly along the snake of
/// `tiles_per_chip` slots: floor((k + 0.5) x tiles_per_chip / du_count).
long long du_slot(int k, int tiles_per_chip, int du_count);

}  // namespace aimcsim::workloads
