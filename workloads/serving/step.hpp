// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <vector>

#include "workloads/serving/serve_result.hpp"

namespace aimcsim::workloads::serving {

/// One request's share of a micro-batch.
struct StepPart {
  int slot = 0;             ///< KV-cache owner (the sequence id the KV memories file it under)
  long long first_pos = 0;  ///< tokens of this request already in its KV cache
  int tokens = 1;           ///< tokens processed now: a prefill chunk's length, or 1 in decode
  bool emits_token = false; ///< the LM head runs for this part's last token
};

/// Parts that traverse the layer pipeline together: every linear layer processes their tokens
/// as one aggregated MVM of sum(tokens) vectors per tile; attention runs per part (its own
/// context and KV cache).
struct MicroBatch {
  std::vector<StepPart> parts;
  int tokens() const {
    int n = 0;
    for (const auto& p : parts) n += p.tokens;
    return n;
  }
  int emitting() const {
    int n = 0;
    for (const auto& p : parts) n += p.emits_token ? 1 : 0;
    return n;
  }
};

/// One scheduler iteration. All micro-batches are ready at the step's start; micro-batch k+1
/// enters each layer behind k, so it uses layer l's tiles while k is in layer l+1.
struct StepPlan {
  std::vector<MicroBatch> micro;
};

/// For each micro-batch of `plan`, the latest earlier micro-batch that holds one of its
/// requests (-1 if none), into `after`. A request's later chunk reads the K and V rows its
/// earlier chunks write, so both chip models keep it from leaving a layer before them.
inline void previous_micro_batch_of_same_request(const StepPlan& plan, std::vector<int>& after) {
  after.assign(plan.micro.size(), -1);
  for (std::size_t k = 1; k < plan.micro.size(); ++k)
    for (std::size_t j = k; j-- > 0 && after[k] < 0;)
      for (const auto& p : plan.micro[k].parts)
        for (const auto& q : plan.micro[j].parts)
          if (p.slot == q.slot) after[k] = static_cast<int>(j);
}

/// What one step cost.
struct StepOutcome {
  std::vector<double> micro_end_s;     ///< when each micro-batch left the LM head [s]
  std::vector<double> micro_energy_j;  ///< dynamic energy of each micro-batch [J]
  double end_s = 0;                    ///< the last micro-batch's end [s]
};

/// Energy and activity of a replica over a whole replay.
struct ChipTotals {
  double dynamic_energy_j = 0;
  double static_energy_j = 0;     ///< power gating applied, over [0, span]
  /// Static energy of the blocks that never gate while idle (memories, routers, links, other
  /// area; everything under `none`), as a mean power over the span [W]: the time series adds
  /// it evenly and spreads the rest by busy time.
  double ungated_static_w = 0;
  Utilisation utilisation;
  long long events = 0;           ///< transactions (fine) or per-layer events (fast) simulated
};

/// Runs batch steps on one replica of the mapped model. Implemented by the fine-grained
/// SystemC sequencer (one transaction per tile, link and kernel) and by the fast layer model
/// (one event per layer per micro-batch). Calls come in non-decreasing time order.
class StepExecutor {
 public:
  virtual ~StepExecutor() = default;
  /// Runs `plan` with every micro-batch ready at `start_s`.
  virtual StepOutcome run_step(const StepPlan& plan, double start_s) = 0;
  /// The KV cache of `slot` is freed (request finished or preempted) at `t_s`.
  virtual void release(int slot, double t_s) = 0;
  /// `slot` starts with `tokens` of KV already in memory (a prefix-cache hit): its cache
  /// holds them without their being computed or written again.
  virtual void adopt_prefix(int slot, long long tokens, double t_s) = 0;
  /// Totals for a replay that spanned [0, span_s].
  virtual ChipTotals totals(double span_s) = 0;
};

}  // namespace aimcsim::workloads::serving
