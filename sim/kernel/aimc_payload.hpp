// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <tlm>

#include "tiles/op_counts.hpp"

namespace aimcsim::kernel {

/// A place on the system: chip index and mesh node (row-major index) on that chip.
struct NodeId {
  int chip = 0;
  int node = 0;
  bool operator==(const NodeId& o) const { return chip == o.chip && node == o.node; }
};

/// What a transaction asks of its target. One transaction may stand for many vectors or tokens
/// (an aggregated transaction); targets apply the same block equations to the count.
enum class Command {
  mvm,              ///< analog tile: `vectors` input vectors through the crossbar, then the
                    ///< local digital scales them and adds an incoming partial sum, if any
  digital,          ///< digital unit: execute `ops` with `sram_bytes` of buffer traffic
  kv_write,         ///< KV memory: append `tokens` of `bytes_per_token` for (sequence, layer, shard)
  kv_read,          ///< KV memory: read the whole cache of (sequence, layer, shard)
  kv_release,       ///< KV memory: free the cache of `sequence` (all layers and shards)
  kv_adopt,         ///< KV memory: (sequence, layer, shard) starts with `tokens` rows already
                    ///< in memory (a shared prefix): placed like a write, without time or energy
  dram_read,        ///< DRAM: stream `bytes`
  transfer,         ///< NoC / chip links: move `bytes` from `src` to `dst` (or to `multicast`)
};

/// TLM-2.0 extension carrying aimcsim's command; the generic payload's address selects the
/// target through the router. Functional runs set the data pointers; timing-only runs leave them
/// null and pay nothing for data.
struct AimcPayload : tlm::tlm_extension<AimcPayload> {
  Command command = Command::mvm;
  // mvm
  int rows_used = 0;
  int cols_used = 0;
  long long vectors = 0;
  double partial_sum_ready_s = -1;  ///< arrival of the upstream tile's partial sums; < 0: none
  const float* input = nullptr;  ///< vectors x rows_used, row-major (functional mode)
  float* output = nullptr;       ///< vectors x cols_used, row-major (functional mode)
  // digital
  tiles::OpCounts ops;
  double sram_bytes = 0;
  // kv / dram / transfer
  int sequence = 0;
  int layer = 0;
  int shard = 0;  ///< kv: which KV-group shard of the layer (one per attention digital unit)
  long long tokens = 0;
  double bytes_per_token = 0;
  double bytes = 0;
  NodeId src, dst;
  const NodeId* multicast = nullptr;  ///< when set: `multicast_count` destinations
  int multicast_count = 0;
  const int* slice = nullptr;          ///< per destination: which slice of the payload it needs
  const double* slice_bytes = nullptr;  ///< bytes of each slice
  double* arrival_s = nullptr;         ///< per multicast destination: arrival time [s]
  // result
  double energy_j = 0;  ///< energy the target spent on this transaction

  tlm::tlm_extension_base* clone() const override { return new AimcPayload(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    *this = static_cast<const AimcPayload&>(other);
  }
};

}  // namespace aimcsim::kernel
