// SPDX-License-Identifier: Apache-2.0
#include "workloads/mapper.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>

#include "sim/chip_area.hpp"
#include "sim/config/config_error.hpp"

namespace aimcsim::workloads {

long long tiles_for(const LinearShape& s, int tile_rows, int tile_weight_cols) {
  const long long r = (s.in + tile_rows - 1) / tile_rows;
  const long long c = (s.out + tile_weight_cols - 1) / tile_weight_cols;
  return r * c;
}

long long tiles_needed(const ModelDesc& model, const RunConfig& cfg) {
  const int rows = cfg.chip.analog_tile.rows, cols = cfg.chip.analog_tile.weight_cols();
  long long per_layer = 0;
  for (const auto& s : block_linears(model))
    if (!cfg.mapping.is_digital(s.name)) per_layer += tiles_for(s, rows, cols);
  long long needed = per_layer * model.layers;
  if (cfg.mapping.lm_head_analog) needed += tiles_for(lm_head_linear(model), rows, cols);
  return needed;
}

kernel::NodeId slot_node(long long slot, int mesh_rows, int mesh_cols) {
  const long long per_chip = static_cast<long long>(mesh_rows) * mesh_cols;
  const int chip = static_cast<int>(slot / per_chip);
  const int local = static_cast<int>(slot % per_chip);
  const int row = local / mesh_cols;
  const int col = row % 2 == 0 ? local % mesh_cols : mesh_cols - 1 - local % mesh_cols;
  return {chip, row * mesh_cols + col};
}

long long du_slot(int k, int tiles_per_chip, int du_count) {
  return static_cast<long long>((k + 0.5) * tiles_per_chip / du_count);
}

long long node_slot(kernel::NodeId n, int mesh_rows, int mesh_cols) {
  const int row = n.node / mesh_cols, col = n.node % mesh_cols;
  const long long local = static_cast<long long>(row) * mesh_cols +
                          (row % 2 == 0 ? col : mesh_cols - 1 - col);
  return static_cast<long long>(n.chip) * mesh_rows * mesh_cols + local;
}

double Mapping::mean_utilization() const {
  double used = 0, cells = 0;
  auto add = [&](const MappedLinear& l) {
    if (!l.analog) return;
    for (const auto& t : l.tiles) {
      used += double(t.rows_used) * t.cols_used;
      cells += double(tile_rows) * tile_cols;
    }
  };
  for (const auto& b : blocks)
    for (const auto& l : b.linears) add(l);
  add(lm_head);
  return cells > 0 ? used / cells : 0.0;
}

namespace {

struct Placer {
  const ChipParams& chip;
  int rows, wcols;
  long long next_slot = 0;

  MappedLinear place(const LinearShape& s, int layer) {
    MappedLinear l;
    l.shape = s;
    l.layer = layer;
    l.row_blocks = (s.in + rows - 1) / rows;
    l.col_blocks = (s.out + wcols - 1) / wcols;
    l.tiles.resize(static_cast<size_t>(l.row_blocks) * l.col_blocks);
    // Column-block-major: the row blocks of one output slice, which pass partial sums down a
    // chain, become neighbours on the snake.
    for (int c = 0; c < l.col_blocks; ++c) {
      for (int r = 0; r < l.row_blocks; ++r) {
        TilePlacement t;
        t.node = slot_node(next_slot, chip.mesh_rows, chip.mesh_cols);
        t.global_tile = t.node.chip * chip.tiles_per_chip() + t.node.node;
        t.block_row = r;
        t.block_col = c;
        t.rows_used = std::min(rows, s.in - r * rows);
        t.cols_used = std::min(wcols, s.out - c * wcols);
        l.tiles[static_cast<size_t>(r) * l.col_blocks + c] = t;
        ++next_slot;
      }
    }
    return l;
  }
};

/// The digital unit nearest to the centre of the tiles, on the chip that holds most of them.
int nearest_du(const std::vector<const MappedLinear*>& linears, const Mapping& m, int mesh_cols,
               int fallback) {
  std::map<int, int> per_chip;
  for (const auto* l : linears)
    for (const auto& t : l->tiles) ++per_chip[t.node.chip];
  if (per_chip.empty()) return fallback;
  const int chip = std::max_element(per_chip.begin(), per_chip.end(),
                                    [](auto a, auto b) { return a.second < b.second; })
                       ->first;
  double cx = 0, cy = 0, n = 0;
  for (const auto* l : linears)
    for (const auto& t : l->tiles)
      if (t.node.chip == chip) cx += t.node.node % mesh_cols, cy += t.node.node / mesh_cols, ++n;
  cx /= n, cy /= n;
  int best = fallback;
  double best_d = std::numeric_limits<double>::infinity();
  for (size_t d = 0; d < m.du_nodes.size(); ++d) {
    if (m.du_nodes[d].chip != chip) continue;
    const double dist = std::abs(m.du_nodes[d].node % mesh_cols - cx) +
                        std::abs(m.du_nodes[d].node / mesh_cols - cy);
    if (dist < best_d) best_d = dist, best = static_cast<int>(d);
  }
  return best;
}

/// The digital units among the tiles of `b` (placement slots between its first and last tile),
/// at most `groups`, evenly chosen; the KV groups dealt out round-robin.
void assign_attention(MappedBlock& b, const Mapping& m, const ChipParams& chip, int groups) {
  long long first = -1, last = -1;
  for (const auto& l : b.linears)
    for (const auto& t : l.tiles) {
      const long long slot = node_slot(t.node, chip.mesh_rows, chip.mesh_cols);
      first = first < 0 ? slot : std::min(first, slot);
      last = std::max(last, slot);
    }
  std::vector<int> inside;
  const int per_chip = chip.digital_unit.count;
  for (size_t d = 0; d < m.du_nodes.size(); ++d) {
    const int k = static_cast<int>(d) % per_chip;
    const long long slot = static_cast<long long>(m.du_nodes[d].chip) * m.tiles_per_chip +
                           du_slot(k, m.tiles_per_chip, per_chip);
    if (slot >= first && slot <= last) inside.push_back(static_cast<int>(d));
  }
  if (inside.empty()) inside.push_back(b.du);
  const int units = std::min<int>(static_cast<int>(inside.size()), std::max(1, groups));
  b.attention_dus.clear();
  b.kv_groups.assign(units, 0);
  for (int i = 0; i < units; ++i)
    b.attention_dus.push_back(inside[static_cast<size_t>(i) * inside.size() / units]);
  for (int g = 0; g < std::max(1, groups); ++g) b.kv_groups[g % units] += 1;
}

}  // namespace

Mapping map_model(const ModelDesc& model, const RunConfig& cfg) {
  const ChipParams& chip = cfg.chip;
  Mapping m;
  m.model = model;
  m.tiles_per_chip = chip.tiles_per_chip();
  m.tile_rows = chip.analog_tile.rows;
  m.tile_cols = chip.analog_tile.weight_cols();

  const long long needed = tiles_needed(model, cfg);
  const long long chips_needed = (needed + m.tiles_per_chip - 1) / m.tiles_per_chip;
  const std::string need = "model " + model.name + " needs " + std::to_string(needed) +
                           " tiles of " + std::to_string(m.tile_rows) + "x" +
                           std::to_string(m.tile_cols) + " weights = " +
                           std::to_string(chips_needed) + " chips of " +
                           std::to_string(m.tiles_per_chip) + " tiles";
  const auto& sys_values = cfg.values->child("system");
  if (chips_needed > 1 && !cfg.system.allow_multi_chip)
    config::fail_value(sys_values, "allow_multi_chip",
                       need + "; expected true (or a larger chip.mesh / chip.analog_tile)");
  if (cfg.system.chips > 0 && chips_needed > cfg.system.chips)
    config::fail_value(sys_values, "chips", need + "; expected at least " +
                                                std::to_string(chips_needed) + " (or 0 for automatic)");
  m.chips = cfg.system.chips > 0 ? cfg.system.chips : static_cast<int>(std::max(1LL, chips_needed));

  // Digital units spread evenly along the placement snake of every chip.
  const int du_count = chip.digital_unit.count;
  for (int c = 0; c < m.chips; ++c)
    for (int k = 0; k < du_count; ++k) {
      kernel::NodeId n = slot_node(du_slot(k, m.tiles_per_chip, du_count), chip.mesh_rows,
                                   chip.mesh_cols);
      m.du_nodes.push_back({c, n.node});
    }

  // A listed layer the model does not have would silently change nothing.
  for (const auto& name : cfg.mapping.digital_linears) {
    std::string names;
    bool found = false;
    for (const auto& s : block_linears(model)) {
      found = found || s.name == name;
      names += (names.empty() ? "" : ", ") + s.name;
    }
    if (!found)
      config::fail_value(cfg.values->child("mapping"), "digital_linears",
                         "model " + model.name + " has no " + name + "; its block linears are " +
                             names);
  }
  Placer placer{chip, m.tile_rows, m.tile_cols};
  int last_du = 0;
  for (int layer = 0; layer < model.layers; ++layer) {
    MappedBlock b;
    b.layer = layer;
    for (const auto& s : block_linears(model)) {
      if (!cfg.mapping.is_digital(s.name)) {
        b.linears.push_back(placer.place(s, layer));
        continue;
      }
      // Kept digital: no tiles; the block's digital unit streams the weights from DRAM.
      MappedLinear l;
      l.shape = s;
      l.layer = layer;
      l.analog = false;
      b.linears.push_back(std::move(l));
    }
    std::vector<const MappedLinear*> ls;
    for (const auto& l : b.linears)
      if (l.analog) ls.push_back(&l);
    b.du = last_du = nearest_du(ls, m, chip.mesh_cols, last_du);
    assign_attention(b, m, chip, model.kv_heads);
    m.blocks.push_back(std::move(b));
  }
  if (cfg.mapping.lm_head_analog) {
    m.lm_head = placer.place(lm_head_linear(model), -1);
    m.lm_head_du = nearest_du({&m.lm_head}, m, chip.mesh_cols, last_du);
  } else {
    m.lm_head.shape = lm_head_linear(model);
    m.lm_head.analog = false;
    m.lm_head_du = last_du;
  }
  m.embedding_du = m.blocks.empty() ? 0 : m.blocks.front().du;
  m.tiles_used = static_cast<int>(placer.next_slot);
  check_die_area(cfg, m.chips);
  return m;
}

void check_memory_capacity(const Mapping& mapping, const RunConfig& cfg) {
  const auto& w = cfg.workload;
  const double kv_per_layer = double(w.batch) * (double(w.prompt_tokens) + w.decode_tokens) *
                              2.0 * double(mapping.model.kv_dim()) * cfg.mapping.kv_bits / 8.0;
  const double weight_bytes = cfg.mapping.digital_weight_bits / 8.0;
  std::vector<double> kv(mapping.chips, 0.0), weights(mapping.chips, 0.0);
  const double groups = std::max(1, mapping.model.kv_heads);
  for (const auto& b : mapping.blocks)
    for (size_t i = 0; i < b.attention_dus.size(); ++i)
      kv[mapping.du_chip(b.attention_dus[i])] += kv_per_layer * b.kv_groups[i] / groups;
  // The embedding table, and the LM head's weights when it runs digitally, live in the DRAM of
  // the chip whose digital unit uses them.
  weights[mapping.du_chip(mapping.embedding_du)] +=
      double(mapping.model.vocab) * mapping.model.hidden * weight_bytes;
  const bool shares_embedding = mapping.model.tied_embeddings &&
                                mapping.du_chip(mapping.lm_head_du) == mapping.du_chip(mapping.embedding_du);
  if (!mapping.lm_head.analog && !shares_embedding)
    weights[mapping.du_chip(mapping.lm_head_du)] +=
        double(mapping.lm_head.shape.in) * mapping.lm_head.shape.out * weight_bytes;
  // Block linears kept digital (mapping.digital_linears) stream from the block unit's DRAM.
  bool digital_blocks = false;
  for (const auto& b : mapping.blocks)
    for (const auto& l : b.linears)
      if (!l.analog) {
        weights[mapping.du_chip(b.du)] += double(l.shape.in) * l.shape.out * weight_bytes;
        digital_blocks = true;
      }
  const auto& kv_cfg = cfg.chip.kv_cache;
  const int packages = cfg.system.packages(mapping.chips);
  std::vector<double> spill(packages, 0.0), dram_weights(packages, 0.0);
  for (int c = 0; c < mapping.chips; ++c) {
    spill[c / cfg.system.chips_per_package] += std::max(0.0, kv[c] - kv_cfg.sram.capacity_bytes);
    dram_weights[c / cfg.system.chips_per_package] += weights[c];
  }
  const double capacity = cfg.system.memory_stacks_per_package * kv_cfg.dram.capacity_bytes;
  const auto& w_values = cfg.values->child("workload");
  for (int p = 0; p < packages; ++p) {
    const double need = spill[p] + dram_weights[p];
    if (need <= capacity) continue;
    char what[320];
    std::snprintf(what, sizeof what,
                  "package %d must hold %.4g GB in its %d DRAM stack(s) (%.4g GB of weights: "
                  "embedding%s; %.4g GB of KV cache beyond its chips' SRAM for batch %d x %d "
                  "tokens, set by ",
                  p, need / 1e9, cfg.system.memory_stacks_per_package, dram_weights[p] / 1e9,
                  mapping.lm_head.analog ? (digital_blocks ? " and digital block linears" : "")
                                         : (digital_blocks ? ", digital LM head and block linears"
                                                           : " and digital LM head"),
                  spill[p] / 1e9, w.batch,
                  w.prompt_tokens + w.decode_tokens);
    char expected[160];
    std::snprintf(expected, sizeof expected,
                  "); expected a stack capacity of at least %.4g GB, more "
                  "system.memory_stacks_per_package, or a smaller batch or context",
                  need / cfg.system.memory_stacks_per_package / 1e9);
    const std::string why = what + config::describe_value(w_values, "batch") + ", " +
                            config::describe_value(w_values, "prompt_tokens") + " and " +
                            config::describe_value(w_values, "decode_tokens") + expected;
    config::fail_value(cfg.values->child("chip").child("kv_cache").child("dram"), "capacity", why);
  }
}

long long kv_capacity_tokens(const Mapping& mapping, const RunConfig& cfg) {
  // Bytes one token's K and V rows (every layer) put on each chip, and the DRAM weights.
  const double weight_bytes = cfg.mapping.digital_weight_bits / 8.0;
  const double per_layer = 2.0 * mapping.model.kv_dim() * cfg.mapping.kv_bits / 8.0;
  const double groups = std::max(1, mapping.model.kv_heads);
  std::vector<double> kv(mapping.chips, 0.0), weights(mapping.chips, 0.0);
  for (const auto& b : mapping.blocks)
    for (size_t i = 0; i < b.attention_dus.size(); ++i)
      kv[mapping.du_chip(b.attention_dus[i])] += per_layer * b.kv_groups[i] / groups;
  weights[mapping.du_chip(mapping.embedding_du)] +=
      double(mapping.model.vocab) * mapping.model.hidden * weight_bytes;
  const bool shares_embedding =
      mapping.model.tied_embeddings &&
      mapping.du_chip(mapping.lm_head_du) == mapping.du_chip(mapping.embedding_du);
  if (!mapping.lm_head.analog && !shares_embedding)
    weights[mapping.du_chip(mapping.lm_head_du)] +=
        double(mapping.lm_head.shape.in) * mapping.lm_head.shape.out * weight_bytes;
  for (const auto& b : mapping.blocks)
    for (const auto& l : b.linears)
      if (!l.analog) weights[mapping.du_chip(b.du)] += double(l.shape.in) * l.shape.out * weight_bytes;
  const double sram = cfg.chip.kv_cache.sram.capacity_bytes;
  const double dram = cfg.system.memory_stacks_per_package * cfg.chip.kv_cache.dram.capacity_bytes;
  const int per_package = cfg.system.chips_per_package;
  double tokens = 9.0e15;
  for (int p = 0; p * per_package < mapping.chips; ++p) {
    const int first = p * per_package, last = std::min(mapping.chips, first + per_package);
    double free = dram;
    for (int c = first; c < last; ++c) free -= weights[c];
    if (free < 0) return 0;
    // The DRAM spill sum_c max(0, T kv_c - sram) grows with T: the largest T that fits.
    auto spill = [&](double t) {
      double s = 0;
      for (int c = first; c < last; ++c) s += std::max(0.0, t * kv[c] - sram);
      return s;
    };
    double lo = 0, hi = 1;
    while (spill(hi) <= free && hi < 9.0e15) hi *= 2;
    for (int it = 0; it < 80; ++it) {
      const double mid = 0.5 * (lo + hi);
      (spill(mid) <= free ? lo : hi) = mid;
    }
    tokens = std::min(tokens, std::floor(lo));
  }
  return static_cast<long long>(tokens);
}

}  // namespace aimcsim::workloads
