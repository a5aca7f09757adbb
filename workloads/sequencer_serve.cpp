// SPDX-License-Identifier: Apache-2.0
// Trace serving on the fine-grained model: the scheduler's steps become the sequencer's
// transactions, one per tile, link, kernel and KV access (docs/serving.md, "Fast and fine").
#include <algorithm>
#include <utility>

#include <sysc/kernel/sc_spawn.h>

#include "sim/kernel/sim_time.hpp"
#include "sim/report/component_walk.hpp"
#include "workloads/sequencer.hpp"
#include "workloads/sequencer_context.hpp"

namespace aimcsim::workloads {

using kernel::Command;

class Sequencer::FineSteps : public serving::StepExecutor {
 public:
  FineSteps(Sequencer& seq, Context& ctx) : m_seq(seq), m_ctx(ctx) {}

  serving::StepOutcome run_step(const serving::StepPlan& plan, double start_s) override;
  void release(int slot, double t_s) override;
  void adopt_prefix(int slot, long long tokens, double t_s) override;
  serving::ChipTotals totals(double span_s) override;

 private:
  void sync_to(double t) {
    m_ctx.keeper.set(kernel::delay_until(t, kernel::now_s()));
    if (m_ctx.keeper.need_sync()) m_ctx.keeper.sync();
  }

  Sequencer& m_seq;
  Context& m_ctx;
  std::vector<std::vector<SeqSpan>> m_spans;  // per micro-batch, reused
  std::vector<double> m_ready, m_energy;
  std::vector<int> m_after;  // per micro-batch: the earlier one holding one of its requests
};

serving::StepOutcome Sequencer::FineSteps::run_step(const serving::StepPlan& plan,
                                                    double start_s) {
  const Mapping& map = m_seq.m_map;
  const std::size_t micro = plan.micro.size();
  m_spans.resize(micro);
  m_ready.assign(micro, start_s);
  m_energy.assign(micro, 0.0);
  for (std::size_t k = 0; k < micro; ++k) {
    m_spans[k].clear();
    for (const auto& p : plan.micro[k].parts)
      m_spans[k].push_back({p.slot, double(p.first_pos), double(p.tokens)});
  }
  serving::previous_micro_batch_of_same_request(plan, m_after);
  sync_to(start_s);
  // The energy of each micro-batch is what its own transactions spent.
  auto charged = [&](std::size_t k, auto&& action) {
    m_ctx.pass_energy_j = 0;
    const double t = action();
    m_energy[k] += m_ctx.pass_energy_j;
    return t;
  };
  for (std::size_t k = 0; k < micro; ++k)
    m_ready[k] = charged(k, [&] { return m_seq.embedding(m_ctx, plan.micro[k].tokens(), start_s); });
  int prev_du = map.embedding_du;
  for (const auto& b : map.blocks) {
    for (std::size_t k = 0; k < micro; ++k) {
      const double n = plan.micro[k].tokens();
      m_ready[k] = charged(k, [&] {
        const double t = m_seq.transfer(m_ctx, map.du_nodes[prev_du], map.du_nodes[b.du],
                                        n * map.model.hidden * m_seq.m_act_bytes, m_ready[k],
                                        m_seq.m_records.layers[1 + b.layer]);
        return m_seq.block(m_ctx, b, m_spans[k].data(), static_cast<int>(m_spans[k].size()), n,
                           t);
      });
      // A chunk reads the K and V rows its request's previous chunks wrote in this layer.
      if (m_after[k] >= 0) m_ready[k] = std::max(m_ready[k], m_ready[m_after[k]]);
    }
    prev_du = b.du;
    sync_to(*std::min_element(m_ready.begin(), m_ready.end()));
  }
  serving::StepOutcome out;
  out.end_s = start_s;
  for (std::size_t k = 0; k < micro; ++k) {
    const int emitting = plan.micro[k].emitting();
    if (emitting > 0)
      m_ready[k] = charged(k, [&] { return m_seq.head(m_ctx, prev_du, emitting, m_ready[k]); });
    out.end_s = std::max(out.end_s, m_ready[k]);
  }
  out.micro_end_s = m_ready;
  out.micro_energy_j = m_energy;
  sync_to(out.end_s);
  return out;
}

void Sequencer::FineSteps::release(int slot, double t_s) {
  for (int chip = 0; chip < m_seq.m_map.chips; ++chip) {
    auto& p = m_ctx.reset(Command::kv_release);
    p.sequence = slot;
    m_seq.send(m_ctx, m_seq.m_addr.memory(chip), t_s);
  }
}

void Sequencer::FineSteps::adopt_prefix(int slot, long long tokens, double t_s) {
  const Mapping& map = m_seq.m_map;
  const double groups = std::max(1, map.model.kv_heads);
  for (const auto& b : map.blocks)
    for (std::size_t i = 0; i < b.attention_dus.size(); ++i) {
      auto& p = m_ctx.reset(Command::kv_adopt);
      p.sequence = slot;
      p.layer = b.layer;
      p.shard = static_cast<int>(i);
      p.tokens = tokens;
      p.bytes_per_token = m_seq.m_kv_bytes_per_token * b.kv_groups[i] / groups;
      m_seq.send(m_ctx, m_seq.m_addr.memory(map.du_chip(b.attention_dus[i])), t_s);
    }
}

serving::ChipTotals Sequencer::FineSteps::totals(double span_s) {
  const auto& cfg = m_seq.m_cfg;
  const Mapping& map = m_seq.m_map;
  const auto by_type =
      report::totals_by_type(report::find_components(), cfg.chip.gating, span_s);
  serving::ChipTotals t;
  double constant_j = 0;
  double tile_busy = 0, du_busy = 0, noc_busy = 0, mem_busy = 0, link_busy = 0;
  long long noc_links = 0, mem_ports = 0, link_count = 0;
  for (const auto& [type, tt] : by_type) {
    t.dynamic_energy_j += tt.sum.dynamic_energy_j;
    t.static_energy_j += tt.static_energy_j;
    // Blocks that never gate while idle leak at a constant power over the span.
    const bool gated = cfg.chip.gating.mode == kernel::PowerGating::Mode::idle &&
                       (type.rfind("analog_tile", 0) == 0 || type == "digital_unit");
    if (!gated) constant_j += tt.static_energy_j;
    if (type == "analog_tile.array") tile_busy += tt.sum.busy_s;
    if (type == "digital_unit") du_busy += tt.sum.busy_s;
    if (type == "noc") noc_busy += tt.sum.busy_s;
    if (type == "kv_cache.sram" || type == "dram") mem_busy += tt.sum.busy_s, mem_ports += tt.count;
    if (type == "chip_link") link_busy += tt.sum.busy_s, link_count += tt.count;
  }
  // Directed links of a mesh: 2 per neighbouring pair of routers.
  const int r = cfg.chip.mesh_rows, c = cfg.chip.mesh_cols;
  noc_links = static_cast<long long>(map.chips) * 2 * (r * (c - 1) + c * (r - 1));
  const double other_w = map.chips * cfg.chip.other_total_static_power_w();
  t.static_energy_j += other_w * span_s;
  constant_j += other_w * span_s;
  t.ungated_static_w = span_s > 0 ? constant_j / span_s : 0.0;
  auto frac = [&](double busy, double instances) {
    return instances > 0 && span_s > 0 ? busy / (instances * span_s) : 0.0;
  };
  t.utilisation.tiles = frac(tile_busy, double(map.tiles_used));
  t.utilisation.digital_units = frac(du_busy, double(map.du_nodes.size()));
  t.utilisation.noc = frac(noc_busy, double(noc_links));  // busy of every directed link
  t.utilisation.memory = frac(mem_busy, double(mem_ports));
  t.utilisation.chip_links = frac(link_busy, double(link_count));
  t.events = m_seq.m_transactions;
  return t;
}

void Sequencer::serve(std::function<void(serving::StepExecutor&)> body) {
  sc_core::sc_spawn(
      [this, body = std::move(body)] {
        guarded([&](Context& ctx) {
          FineSteps steps(*this, ctx);
          body(steps);
        });
      },
      "serve");
}

}  // namespace aimcsim::workloads
