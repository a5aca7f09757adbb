// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "sim/arch_config.hpp"
#include "workloads/model_desc.hpp"

namespace aimcsim {

/// What a run will cost the host before anything is allocated: computed arithmetically from the
/// configuration and the model's shapes, in 64-bit or floating-point arithmetic (no overflow).
struct ResourceEstimate {
  double mapped_tiles = 0;        ///< tile-sized weight blocks the mapper will place
  double chips = 0;               ///< chips instantiated
  double mesh_nodes = 0;          ///< tiles of all chips (each keeps a state and NoC calendars)
  double tiles_instantiated = 0;  ///< SystemC tile modules: mapped tiles + one per chip
  double digital_units = 0;
  double memory_bytes = 0;        ///< host memory, approximate (upper side)
  double sequence_bytes = 0;      ///< the part of it that the sequences take (threads, prompts)
  double transactions = 0;        ///< TLM transactions the run will issue (0 for `map`)
  double memory_maps = 0;         ///< mmap areas: two per sequence thread stack (stack + guard)
  double wall_s = 0;              ///< rough wall time (2-core VM of docs/reliability.md) [s]
};

/// Estimates the host resources of mapping (and, unless `map_only`, simulating) `model` on `cfg`.
ResourceEstimate estimate_resources(const RunConfig& cfg, const workloads::ModelDesc& model,
                                    bool map_only);

/// The host's limits a run is checked against.
struct HostBudget {
  double memory_bytes = 0;    ///< usable host memory
  double wall_s = 0;          ///< estimated wall time allowed [s]
  double memory_maps = 0;     ///< the kernel's vm.max_map_count minus a margin
};

/// The budget of `cfg.simulation` (`memory_budget`: 0 = 80 % of the machine's physical memory;
/// `wall_time_budget`) and the host's memory-map limit.
HostBudget host_budget(const RunConfig& cfg);

/// Throws config::ConfigError if `e` exceeds `b`: one line saying which resource, the estimate,
/// the limit, and the configuration keys that drive it (with where each was set), and that
/// `--ignore-budget` overrides the check.
void check_budget(const ResourceEstimate& e, const HostBudget& b, const RunConfig& cfg);

}  // namespace aimcsim
