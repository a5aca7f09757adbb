// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// FastChip's per-layer state, shared by fast_chip.cpp (steps) and fast_totals.cpp (totals).
#include <memory>
#include <vector>

#include "workloads/serving/fast_chip.hpp"

namespace aimcsim::workloads::serving {

/// A linear layer: analog (memoized chain + one group calendar for its tiles) or digital
/// (weights streamed from DRAM while the unit computes).
struct FastChip::Linear {
  const MappedLinear* mapped = nullptr;
  int du = 0;
  std::shared_ptr<LinearCost> cost;  ///< analog only: shared by the linears issued together
  int member = 0;                    ///< its index in `cost`
  GatedCalendar group;               ///< all its tiles
  FootprintMemo footprints;  ///< its group's shared-link runs (first analog member only)
  std::unique_ptr<KernelMemo> bias;     ///< bias add on the unit, when it has one
  std::unique_ptr<KernelMemo> digital;  ///< the MACs on the unit, when digital
  double weight_bytes = 0;              ///< digital: weights read from DRAM per call
  double tile_busy_s = 0, local_busy_s = 0;  ///< summed over its tiles
};

/// A transfer between two units whose bytes are proportional to the token count, memoized.
struct FastChip::Transfer {
  struct Point {
    double time_s = 0, energy_j = 0, noc_busy_s = 0, chip_link_busy_s = 0;
    double serialisation_s = 0;  ///< its bytes on one mesh link
  };
  kernel::NodeId from, to;
  double bytes_per_token = 0;
  std::vector<Point> points;
  int out_dir = -2, in_dir = -2;  ///< first link out of `from`, last into `to` (-1: none); -2 unset
  FootprintMemo footprints{};     ///< its shared-link runs per token count
};

/// One attention unit of a layer: its share of the heads and of the KV cache.
struct FastChip::Shard {
  int du = 0;
  double share = 1;
  int entry = 0;  ///< KvStore entry
  Transfer in, back;
  std::unique_ptr<AttentionCost> attention;
};

struct FastChip::Block {
  const MappedBlock* mapped = nullptr;
  std::vector<std::unique_ptr<Linear>> linears;
  std::vector<Shard> shards;
  Transfer entry;  ///< the residual stream from the previous unit
};

}  // namespace aimcsim::workloads::serving
