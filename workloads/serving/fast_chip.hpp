// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <memory>
#include <vector>

#include "sim/arch_config.hpp"
#include "sim/kernel/timeline.hpp"
#include "workloads/mapper.hpp"
#include "workloads/serving/du_kernels.hpp"
#include "workloads/serving/fast_fabric.hpp"
#include "workloads/serving/kv_store.hpp"
#include "workloads/serving/linear_cost.hpp"
#include "workloads/serving/link_contention.hpp"
#include "workloads/serving/step.hpp"

namespace aimcsim::workloads::serving {

/// A calendar with idle power gating as DigitalUnit and AnalogTile keep it: a request after a
/// gap longer than the timeout wakes the block first (wake_time of latency, one wake-up).
struct GatedCalendar {
  kernel::Timeline calendar;
  double idle_on_s = 0, wakeups = 0, bookings = 0;
  /// Books `busy_s` from `ready_s`; returns the start of the work (after any wake-up) [s].
  double book(const kernel::PowerGating& gating, double ready_s, double busy_s, double now_s);
};

/// The fast chip model of `aimcsim serve` (docs/serving.md): one event per layer per
/// micro-batch. Latency and energy come from the block equations the fine SystemC model uses
/// (the per-linear chain and the digital kernels memoized per token count); contention from
/// one calendar per digital unit, per memory port and per analog linear (all its tiles as one
/// group), the units' router ports (attention transfers of one layer), and in steps of several
/// micro-batches the links patterns share (LinkContention). Needs no SystemC kernel.
class FastChip : public StepExecutor {
 public:
  /// `mapping` and `cfg` must outlive the chip.
  FastChip(const Mapping& mapping, const RunConfig& cfg);
  ~FastChip() override;

  StepOutcome run_step(const StepPlan& plan, double start_s) override;
  void release(int slot, double t_s) override;
  void adopt_prefix(int slot, long long tokens, double t_s) override;
  ChipTotals totals(double span_s) override;

  /// KV bytes held in chip `c`'s SRAM and in package `p`'s DRAM.
  double kv_sram_used_bytes(int c) const { return m_kv.sram_used_bytes(c); }
  double kv_dram_used_bytes(int p) const { return m_kv.dram_used_bytes(p); }
  /// The memoized cost of block b's i-th linear (the LM head: b = -1) for n vectors.
  const LinearPoint& linear_point(int b, int i, int n);

 private:
  struct Linear;
  struct Transfer;
  struct Shard;
  struct Block;

  void share_cost(std::vector<std::unique_ptr<Linear>>& linears, std::size_t first,
                  std::size_t last, kernel::NodeId du_node);
  double du_kernel(int du, const KernelCost& c, double ready_s, double& energy_j);
  double linear(Linear& l, int n, double ready_s, double& energy_j);
  double transfer(Transfer& x, int n, double ready_s, double& energy_j);
  /// Linears [first, last) of `linears`, issued together from their unit at `ready_s`.
  double linear_group(std::vector<std::unique_ptr<Linear>>& linears, std::size_t first,
                      std::size_t last, int n, double ready_s, double& energy_j);
  /// Delay of `busy_s` of traffic on the link in direction `dir` out of (or into) `node`'s
  /// router, ready at `ready_s`, in steps of one micro-batch: attention transfers of one layer
  /// meet there (a first-come-first-served server: that traffic comes in time order).
  double port_delay(bool out, kernel::NodeId node, int dir, double ready_s, double busy_s);
  /// The bookings of transfer `x` for n tokens on idle links, ready at 0.
  void record(const Transfer& x, int n, std::vector<FastFabric::Booking>& out);
  /// The shared-link runs of a linear group (`lead`: its first analog member) or a transfer.
  const Footprint& footprint(Linear& lead, int n);
  const Footprint& footprint(Transfer& x, int n);
  double block(Block& b, const MicroBatch& mb, int n, double ready_s, double& energy_j);
  double head(int n, double ready_s, double& energy_j);

  const Mapping& m_map;
  const RunConfig& m_cfg;
  FastFabric m_fabric;
  KvStore m_kv;
  std::vector<std::unique_ptr<Block>> m_blocks;
  std::unique_ptr<Linear> m_lm_head;
  std::unique_ptr<Transfer> m_head_transfer;
  KernelMemo m_norm, m_rope, m_residual, m_activation, m_sampling;
  std::vector<GatedCalendar> m_du;
  std::vector<double> m_du_energy_j, m_du_sram_bytes, m_du_sram_busy_s;
  double m_act_bytes, m_kv_bytes_per_token, m_embed_bytes_per_token;
  double m_now_s = 0;  ///< start of the current step: no booking can come before it
  /// Router ports of every mesh node (out, in): the time each link is next free [s], for
  /// steps of one micro-batch.
  std::vector<double> m_port_out_free, m_port_in_free;
  /// Links shared between patterns: where the micro-batches of one step meet.
  LinkContention m_links;
  std::vector<FastFabric::Booking> m_bookings;  // scratch of footprint()
  bool m_contend = false;  ///< the current step has several micro-batches
  std::vector<int> m_after;  ///< per micro-batch: the earlier one holding one of its requests
  double m_dynamic_j = 0, m_tile_busy_s = 0, m_noc_busy_s = 0, m_link_busy_s = 0;
  long long m_events = 0;
  std::vector<double> m_ready;  // per micro-batch, reused
  std::vector<double> m_adopt_bytes;
};

}  // namespace aimcsim::workloads::serving
