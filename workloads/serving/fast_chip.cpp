// SPDX-License-Identifier: Apache-2.0
#include "workloads/serving/fast_chip.hpp"

#include <algorithm>
#include <cmath>

#include "interconnect/fabric_routing.hpp"
#include "interconnect/mesh_route.hpp"
#include "workloads/kernels.hpp"
#include "workloads/serving/fast_chip_parts.hpp"

namespace aimcsim::workloads::serving {

double GatedCalendar::book(const kernel::PowerGating& gating, double ready_s, double busy_s,
                           double now_s) {
  // As DigitalUnit::b_transport and run_mvm: a block idle beyond its timeout gated and wakes.
  double wake_s = 0;
  if (gating.idle_gap(ready_s, calendar.last_end_s(), idle_on_s)) {
    wake_s = gating.wake_time_s;
    wakeups += 1;
  }
  bookings += 1;
  return calendar.reserve(ready_s, wake_s + busy_s, now_s) + wake_s;
}

namespace {
interconnect::ChipLinkSetup link_setup(const RunConfig& cfg) {
  return {cfg.system.chip_link, cfg.system.board_link, cfg.system.chips_per_package,
          cfg.chip.gating};
}
}  // namespace

FastChip::FastChip(const Mapping& mapping, const RunConfig& cfg)
    : m_map(mapping),
      m_cfg(cfg),
      m_fabric(cfg.chip.noc, cfg.chip.mesh_rows, cfg.chip.mesh_cols, link_setup(cfg),
               mapping.chips),
      m_kv(mapping, cfg),
      m_norm([this](int n) {
        return kernel_cost(m_cfg.chip.digital_unit, norm_ops(m_map.model, m_cfg.chip.digital_unit, n),
                           2.0 * n * m_map.model.hidden * m_act_bytes);
      }),
      m_rope([this](int n) {
        const ModelDesc& m = m_map.model;
        return kernel_cost(m_cfg.chip.digital_unit, rope_ops(m, m_cfg.chip.digital_unit, n),
                           2.0 * n * (m.q_dim() + m.kv_dim()) * m_act_bytes);
      }),
      m_residual([this](int n) {
        return kernel_cost(m_cfg.chip.digital_unit,
                           residual_ops(m_map.model, m_cfg.chip.digital_unit, n),
                           3.0 * n * m_map.model.hidden * m_act_bytes);
      }),
      m_activation([this](int n) {
        return kernel_cost(m_cfg.chip.digital_unit,
                           mlp_activation_ops(m_map.model, m_cfg.chip.digital_unit, n),
                           3.0 * n * m_map.model.intermediate * m_act_bytes);
      }),
      m_sampling([this](int n) {
        return kernel_cost(m_cfg.chip.digital_unit,
                           sampling_ops(m_map.model, m_cfg.chip.digital_unit, n),
                           double(n) * m_map.model.vocab * m_act_bytes);
      }),
      m_links(m_fabric.link_ids()) {
  // The byte counts of Sequencer's constructor and transactions.
  m_act_bytes = cfg.mapping.activation_bits / 8.0;
  m_kv_bytes_per_token = 2.0 * mapping.model.kv_dim() * cfg.mapping.kv_bits / 8.0;
  m_embed_bytes_per_token = double(mapping.model.hidden) * cfg.mapping.digital_weight_bits / 8.0;
  const ModelDesc& m = mapping.model;
  const auto& dp = cfg.chip.digital_unit;
  m_du.resize(mapping.du_nodes.size());
  const std::size_t ports = static_cast<std::size_t>(mapping.chips) * cfg.chip.tiles_per_chip() * 4;
  m_port_out_free.assign(ports, 0.0);
  m_port_in_free.assign(ports, 0.0);
  m_du_energy_j.assign(m_du.size(), 0.0);
  m_du_sram_bytes.assign(m_du.size(), 0.0);
  m_du_sram_busy_s.assign(m_du.size(), 0.0);
  auto make_linear = [&](const MappedLinear& ml, int du) {
    auto l = std::make_unique<Linear>();
    l->mapped = &ml;
    l->du = du;
    if (ml.analog) {
      if (ml.shape.has_bias) {
        const int out = ml.shape.out;
        l->bias = std::make_unique<KernelMemo>([this, out](int n) {
          return kernel_cost(m_cfg.chip.digital_unit, bias_ops(out, m_cfg.chip.digital_unit, n),
                             2.0 * n * out * m_act_bytes);
        });
      }
    } else {
      const LinearShape shape = ml.shape;
      l->weight_bytes = double(shape.in) * shape.out * cfg.mapping.digital_weight_bits / 8.0;
      l->digital = std::make_unique<KernelMemo>([this, shape](int n) {
        return kernel_cost(m_cfg.chip.digital_unit,
                           digital_linear_ops(shape, m_cfg.chip.digital_unit, n),
                           double(n) * (shape.in + shape.out) * m_act_bytes);
      });
    }
    return l;
  };
  const double groups = std::max(1, m.kv_heads);
  int prev_du = mapping.embedding_du;
  for (std::size_t bi = 0; bi < mapping.blocks.size(); ++bi) {
    const MappedBlock& mb = mapping.blocks[bi];
    auto b = std::make_unique<Block>();
    b->mapped = &mb;
    for (const auto& ml : mb.linears) b->linears.push_back(make_linear(ml, mb.du));
    // Linears the sequencer issues at one time share one joint cost: q, k, v (or qkv), o,
    // gate and up (or gate_up), down.
    const std::size_t attn = m.fused_qkv ? 1 : 3, down = mb.linears.size() - 1;
    share_cost(b->linears, 0, attn, mapping.du_nodes[mb.du]);
    share_cost(b->linears, attn, attn + 1, mapping.du_nodes[mb.du]);
    share_cost(b->linears, attn + 1, down, mapping.du_nodes[mb.du]);
    share_cost(b->linears, down, down + 1, mapping.du_nodes[mb.du]);
    b->entry = {mapping.du_nodes[prev_du], mapping.du_nodes[mb.du], m.hidden * m_act_bytes, {}};
    b->shards.resize(mb.attention_dus.size());
    for (std::size_t i = 0; i < mb.attention_dus.size(); ++i) {
      Shard& s = b->shards[i];
      s.du = mb.attention_dus[i];
      s.share = mb.kv_groups[i] / groups;
      s.entry = m_kv.block_entry(static_cast<int>(bi)) + static_cast<int>(i);
      s.in = {mapping.du_nodes[mb.du], mapping.du_nodes[s.du],
              (m.q_dim() + 2.0 * m.kv_dim()) * s.share * m_act_bytes, {}};
      s.back = {mapping.du_nodes[s.du], mapping.du_nodes[mb.du], m.q_dim() * s.share * m_act_bytes,
                {}};
      s.attention = std::make_unique<AttentionCost>(m, dp, m.heads * s.share,
                                                    2.0 * m.q_dim() * s.share * m_act_bytes);
    }
    prev_du = mb.du;
    m_blocks.push_back(std::move(b));
  }
  m_lm_head = make_linear(mapping.lm_head, mapping.lm_head_du);
  if (mapping.lm_head.analog)
    m_lm_head->cost = std::make_shared<LinearCost>(
        std::vector<const MappedLinear*>{&mapping.lm_head},
        mapping.du_nodes[mapping.lm_head_du], cfg, m_fabric);
  m_head_transfer = std::make_unique<Transfer>(
      Transfer{mapping.du_nodes[prev_du], mapping.du_nodes[mapping.lm_head_du],
               m.hidden * m_act_bytes, {}});
  // Every pattern's links, to find those it shares (link sets do not depend on n).
  auto add_group = [&](Linear& l) {
    if (!l.cost || l.member != 0) return;
    l.cost->record(1, m_bookings);
    m_links.add_user(m_bookings);
  };
  auto add_transfer = [&](const Transfer& x) {
    record(x, 1, m_bookings);
    m_links.add_user(m_bookings);
  };
  for (auto& b : m_blocks) {
    add_transfer(b->entry);
    for (auto& l : b->linears) add_group(*l);
    for (const Shard& sh : b->shards) add_transfer(sh.in), add_transfer(sh.back);
  }
  add_transfer(*m_head_transfer);
  add_group(*m_lm_head);
}

void FastChip::record(const Transfer& x, int n, std::vector<FastFabric::Booking>& out) {
  out.clear();
  if (x.from == x.to) return;
  double energy_j = 0;
  m_fabric.begin_scratch();
  m_fabric.record_into(&out);
  m_fabric.transfer(x.from, x.to, n * x.bytes_per_token, 0.0, energy_j);
  m_fabric.record_into(nullptr);
  m_fabric.end_scratch();
}

const Footprint& FastChip::footprint(Linear& lead, int n) {
  return lead.footprints.at(n, [&](int k, Footprint& f) {
    lead.cost->record(k, m_bookings);
    m_links.footprint(m_bookings, f);
  });
}

const Footprint& FastChip::footprint(Transfer& x, int n) {
  return x.footprints.at(n, [&](int k, Footprint& f) {
    record(x, k, m_bookings);
    m_links.footprint(m_bookings, f);
  });
}

FastChip::~FastChip() = default;

void FastChip::share_cost(std::vector<std::unique_ptr<Linear>>& linears, std::size_t first,
                          std::size_t last, kernel::NodeId du_node) {
  std::vector<const MappedLinear*> analog;
  for (std::size_t i = first; i < last; ++i)
    if (linears[i]->mapped->analog) analog.push_back(linears[i]->mapped);
  if (analog.empty()) return;
  auto cost = std::make_shared<LinearCost>(analog, du_node, m_cfg, m_fabric);
  int member = 0;
  for (std::size_t i = first; i < last; ++i)
    if (linears[i]->mapped->analog) linears[i]->cost = cost, linears[i]->member = member++;
}

const LinearPoint& FastChip::linear_point(int b, int i, int n) {
  Linear& l = b < 0 ? *m_lm_head : *m_blocks[b]->linears[i];
  return l.cost->at(n, l.member);
}

double FastChip::du_kernel(int du, const KernelCost& c, double ready_s, double& energy_j) {
  const double start = m_du[du].book(m_cfg.chip.digital_unit.gating, ready_s, c.busy_s, m_now_s);
  m_du_energy_j[du] += c.energy_j;
  m_du_sram_bytes[du] += c.sram_bytes;
  m_du_sram_busy_s[du] += c.sram_busy_s;
  energy_j += c.energy_j;
  return start + c.busy_s;
}

double FastChip::transfer(Transfer& x, int n, double ready_s, double& energy_j) {
  if (x.from == x.to) return ready_s;  // as Sequencer::transfer
  if (static_cast<std::size_t>(n) >= x.points.size()) {
    const std::size_t old = x.points.size();
    x.points.resize(std::max<std::size_t>(static_cast<std::size_t>(n) + 1, 2 * old));
    for (std::size_t i = old; i < x.points.size(); ++i) {
      Transfer::Point& p = x.points[i];
      const double noc0 = m_fabric.noc_busy_s(), link0 = m_fabric.chip_link_busy_s();
      p.time_s = m_fabric.transfer(x.from, x.to, double(i) * x.bytes_per_token, 0.0, p.energy_j);
      p.noc_busy_s = m_fabric.noc_busy_s() - noc0;
      p.chip_link_busy_s = m_fabric.chip_link_busy_s() - link0;
      p.serialisation_s =
          interconnect::noc_serialisation_s(m_cfg.chip.noc, double(i) * x.bytes_per_token);
    }
  }
  const Transfer::Point& p = x.points[n];
  energy_j += p.energy_j;
  m_noc_busy_s += p.noc_busy_s;
  m_link_busy_s += p.chip_link_busy_s;
  // Several micro-batches: the transfer meets the others on the links it shares.
  if (m_contend) return ready_s + p.time_s + m_links.book(footprint(x, n), ready_s, m_now_s);
  if (x.out_dir == -2) {
    // The first link of the route out of `from` and the last into `to` (over the gateway
    // router between chips, as fabric_routing.hpp).
    const int cols = m_cfg.chip.mesh_cols, gw = interconnect::k_gateway_node;
    const int a = x.from.node, b = x.from.chip == x.to.chip ? x.to.node : gw;
    const int c = x.from.chip == x.to.chip ? x.from.node : gw, d = x.to.node;
    const auto r1 = interconnect::mesh_route(cols, a, b), r2 = interconnect::mesh_route(cols, c, d);
    x.out_dir = r1.length > 0 ? r1.link(0) % 4 : -1;
    x.in_dir = r2.length > 0 ? r2.link(r2.length - 1) % 4 : -1;
  }
  // Its bytes leave the source router and enter the destination's over one link each.
  const double ser = p.serialisation_s;
  const double sent = ready_s + port_delay(true, x.from, x.out_dir, ready_s, ser);
  const double arrival = sent + p.time_s;
  return arrival + port_delay(false, x.to, x.in_dir, arrival - ser, ser);
}

double FastChip::port_delay(bool out, kernel::NodeId node, int dir, double ready_s,
                            double busy_s) {
  if (busy_s <= 0 || dir < 0) return 0.0;
  const std::size_t i = (static_cast<std::size_t>(node.chip) * m_cfg.chip.tiles_per_chip() +
                         static_cast<std::size_t>(node.node)) * 4 + static_cast<std::size_t>(dir);
  double& free = (out ? m_port_out_free : m_port_in_free)[i];
  const double start = std::max(ready_s, free);
  free = start + busy_s;
  return start - ready_s;
}

double FastChip::linear_group(std::vector<std::unique_ptr<Linear>>& linears, std::size_t first,
                              std::size_t last, int n, double ready_s, double& energy_j) {
  // In a step of several micro-batches the group's traffic meets the other micro-batches' on
  // the links it shares (its unit's router ports, the gateway, other blocks' routes). One
  // micro-batch's groups never overlap, and a group's own traffic is in its memo.
  double wait = 0;
  if (m_contend) {
    Linear* lead = nullptr;
    for (std::size_t i = first; i < last && !lead; ++i)
      if (linears[i]->mapped->analog) lead = linears[i].get();
    if (lead) {
      wait = m_links.book(footprint(*lead, n), ready_s, m_now_s);

    }
  }
  const double t = ready_s + wait;
  double done = t;
  for (std::size_t i = first; i < last; ++i) done = std::max(done, linear(*linears[i], n, t, energy_j));
  return done;
}

double FastChip::linear(Linear& l, int n, double ready_s, double& energy_j) {
  if (!l.mapped->analog) {
    // Weights stream from the DRAM of the unit's chip while the lanes compute.
    const int package = m_map.du_chip(l.du) / m_cfg.system.chips_per_package;
    const double t_w = m_kv.dram_ports()[package].access(l.weight_bytes, ready_s, m_now_s, energy_j);
    return std::max(t_w, du_kernel(l.du, l.digital->at(n), ready_s, energy_j));
  }
  const LinearPoint& p = l.cost->at(n, l.member);
  // The tiles take the micro-batch when its input reaches them; a layer still busy with the
  // previous micro-batch (or waking from idle gating) delays the whole chain.
  const double request = ready_s + p.first_arrival_s;
  const double start =
      l.group.book(m_cfg.chip.analog_tile.gating, request, p.crossbar_s, m_now_s);
  double done = ready_s + p.chain_s + (start - request);
  l.tile_busy_s += p.tile_busy_s;
  l.local_busy_s += p.local_busy_s;
  m_tile_busy_s += p.tile_busy_s;
  m_noc_busy_s += p.noc_busy_s;
  m_link_busy_s += p.chip_link_busy_s;
  energy_j += p.energy_j;
  if (l.bias) done = du_kernel(l.du, l.bias->at(n), done, energy_j);
  return done;
}

double FastChip::block(Block& b, const MicroBatch& mb, int n, double t, double& energy_j) {
  const MappedBlock& mbk = *b.mapped;
  const ModelDesc& m = m_map.model;
  const int du = mbk.du;
  t = du_kernel(du, m_norm.at(n), t, energy_j);
  const std::size_t attn_linears = m.fused_qkv ? 1 : 3;
  const double t_qkv = linear_group(b.linears, 0, attn_linears, n, t, energy_j);
  t = du_kernel(du, m_rope.at(n), t_qkv, energy_j);
  double t_att_done = t;
  for (Shard& s : b.shards) {
    const double t_in = transfer(s.in, n, t, energy_j);
    double t_read = t_in, context_sum = 0;
    for (const StepPart& p : mb.parts) {
      const double t_written = m_kv.write(p.slot, s.entry, p.tokens * (m_kv_bytes_per_token * s.share),
                                          t_in, m_now_s, energy_j);
      t_read = std::max(t_read, m_kv.read(p.slot, s.entry, t_written, m_now_s, energy_j));
      context_sum += causal_context_sum(double(p.first_pos), p.tokens);
    }
    const double t_att = du_kernel(s.du, s.attention->at(n, context_sum), t_in, energy_j);
    t_att_done = std::max(t_att_done, transfer(s.back, n, std::max(t_att, t_read), energy_j));
  }
  t = t_att_done;
  t = linear_group(b.linears, attn_linears, attn_linears + 1, n, t, energy_j);  // o_proj
  t = du_kernel(du, m_residual.at(n), t, energy_j);
  t = du_kernel(du, m_norm.at(n), t, energy_j);
  const std::size_t first_mlp = attn_linears + 1, down = b.linears.size() - 1;
  const double t_up = linear_group(b.linears, first_mlp, down, n, t, energy_j);
  t = du_kernel(du, m_activation.at(n), t_up, energy_j);
  t = linear_group(b.linears, down, down + 1, n, t, energy_j);
  t = du_kernel(du, m_residual.at(n), t, energy_j);
  ++m_events;
  return t;
}

double FastChip::head(int n, double t, double& energy_j) {
  const int du = m_map.lm_head_du;
  t = transfer(*m_head_transfer, n, t, energy_j);
  t = du_kernel(du, m_norm.at(n), t, energy_j);
  if (m_contend && m_lm_head->cost) t += m_links.book(footprint(*m_lm_head, n), t, m_now_s);
  t = linear(*m_lm_head, n, t, energy_j);
  t = du_kernel(du, m_sampling.at(n), t, energy_j);
  ++m_events;
  return t;
}

StepOutcome FastChip::run_step(const StepPlan& plan, double start_s) {
  const std::size_t k_count = plan.micro.size();
  StepOutcome out;
  out.micro_end_s.assign(k_count, start_s);
  out.micro_energy_j.assign(k_count, 0.0);
  out.end_s = start_s;
  m_now_s = start_s;
  m_contend = k_count > 1;
  m_ready.resize(k_count);
  previous_micro_batch_of_same_request(plan, m_after);
  const int embed_package = m_map.du_chip(m_map.embedding_du) / m_cfg.system.chips_per_package;
  for (std::size_t k = 0; k < k_count; ++k) {
    const int n = plan.micro[k].tokens();
    m_ready[k] = m_kv.dram_ports()[embed_package].access(n * m_embed_bytes_per_token, start_s,
                                                         m_now_s, out.micro_energy_j[k]);
    ++m_events;
  }
  for (auto& b : m_blocks) {
    for (std::size_t k = 0; k < k_count; ++k) {
      const int n = plan.micro[k].tokens();
      const double t = transfer(b->entry, n, m_ready[k], out.micro_energy_j[k]);
      m_ready[k] = block(*b, plan.micro[k], n, t, out.micro_energy_j[k]);
      // A chunk reads the K and V rows its request's previous chunks wrote in this layer.
      if (m_after[k] >= 0) m_ready[k] = std::max(m_ready[k], m_ready[m_after[k]]);
    }
    // No later request of this step comes before the earliest micro-batch: calendars may
    // forget what ended before it (as the fine model's kernel time advances layer by layer).
    m_now_s = *std::min_element(m_ready.begin(), m_ready.end());
  }
  for (std::size_t k = 0; k < k_count; ++k) {
    const int emitting = plan.micro[k].emitting();
    if (emitting > 0) m_ready[k] = head(emitting, m_ready[k], out.micro_energy_j[k]);
    out.micro_end_s[k] = m_ready[k];
    out.end_s = std::max(out.end_s, m_ready[k]);
    m_dynamic_j += out.micro_energy_j[k];
  }
  return out;
}

void FastChip::release(int slot, double /*t_s*/) { m_kv.release(slot); }

void FastChip::adopt_prefix(int slot, long long tokens, double /*t_s*/) {
  m_adopt_bytes.clear();
  for (const auto& b : m_blocks)
    for (const Shard& s : b->shards)
      m_adopt_bytes.push_back(double(tokens) * m_kv_bytes_per_token * s.share);
  m_kv.adopt(slot, m_adopt_bytes);
}

}  // namespace aimcsim::workloads::serving
