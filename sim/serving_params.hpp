// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "sim/config/param_spec.hpp"
#include "sim/config/param_values.hpp"

namespace aimcsim {

/// How `aimcsim serve` schedules a trace on the chip (the run file's `serving:` section;
/// docs/serving.md, "The serving model").
struct ServingParams {
  enum class Mode { fast, fine };
  enum class Policy { fcfs, decode_first, priority };
  enum class Preemption { recompute, swap };
  enum class Routing { round_robin, least_loaded };
  Mode mode = Mode::fast;
  Policy policy = Policy::fcfs;
  Preemption preemption = Preemption::recompute;
  Routing routing = Routing::least_loaded;
  int max_batch = 256;      ///< requests holding a batch slot per replica
  int token_budget = 512;   ///< tokens per step (decodes + prefill chunks)
  long long kv_capacity_tokens = 0;  ///< KV cache per replica [tokens]; 0 = what the memories hold
  int max_context = 0;      ///< longest prompt + output [tokens]; 0 = the model's context
  bool prefix_caching = true;
  double swap_bandwidth_bytes_per_s = 63e9;  ///< KV cache <-> host memory
  double swap_energy_per_bit_j = 5e-12;
  double slo_ttft_s = 1.0, slo_tpot_s = 0.05;
  double sample_interval_s = 1.0;  ///< time-series interval
};

/// The `serving` section's schema.
const config::ComponentSpec& serving_spec();
/// Reads a validated `serving` section.
ServingParams read_serving(const config::ParamValues& v);

}  // namespace aimcsim
