// SPDX-License-Identifier: Apache-2.0
#include "workloads/sequencer.hpp"
#include "workloads/sequencer_context.hpp"

#include <algorithm>
#include <functional>
#include <cmath>
#include <string>

#include <sysc/kernel/sc_spawn.h>

#include "sim/kernel/timeline.hpp"
#include "workloads/kernels.hpp"
#include "sim/kernel/sim_time.hpp"

namespace aimcsim::workloads {

using kernel::AimcPayload;
using kernel::Command;


Sequencer::Sequencer(sc_core::sc_module_name name, const Mapping& mapping, const RunConfig& cfg,
                     kernel::AddressMap addresses)
    : sc_core::sc_module(name), socket("socket"), m_map(mapping), m_cfg(cfg), m_addr(addresses) {
  m_in_bytes = std::ceil(cfg.chip.analog_tile.dac.bits / 8.0);
  m_act_bytes = cfg.mapping.activation_bits / 8.0;
  m_kv_bytes_per_token = 2.0 * mapping.model.kv_dim() * cfg.mapping.kv_bits / 8.0;  // K and V
  const int batch = cfg.workload.batch;
  m_records.start_s.assign(batch, 0.0);
  m_records.ttft_s.assign(batch, 0.0);
  m_records.finish_s.assign(batch, 0.0);
  m_records.layers.push_back({"embedding", 0});
  for (const auto& b : mapping.blocks) {
    int tiles = 0;
    for (const auto& l : b.linears) tiles += static_cast<int>(l.tiles.size());
    m_records.layers.push_back({"block" + std::to_string(b.layer), tiles});
  }
  m_records.layers.push_back({"lm_head", static_cast<int>(mapping.lm_head.tiles.size())});
  if (cfg.workload.serve) return;  // serve() spawns the scheduler's thread
  if (!cfg.workload.serial_requests.empty()) {
    sc_core::sc_spawn([this] { serial_thread(); }, "serial");
    return;
  }
  for (int s = 0; s < batch; ++s)
    sc_core::sc_spawn([this, s] { sequence_thread(s); }, ("seq" + std::to_string(s)).c_str());
}

double Sequencer::send(Context& ctx, std::uint64_t address, double ready_s) {
  const double now = kernel::now_s();
  sc_core::sc_time delay = kernel::delay_until(ready_s, now);
  ctx.trans.set_address(address);
  ctx.trans.set_command(tlm::TLM_IGNORE_COMMAND);
  ctx.trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  socket->b_transport(ctx.trans, delay);
  ++m_transactions;
  if (ctx.trans.get_response_status() != tlm::TLM_OK_RESPONSE)
    SC_REPORT_FATAL("aimcsim/sequencer", "transaction rejected by its target");
  ctx.pass_energy_j += ctx.payload.energy_j;
  return now + kernel::seconds(delay);
}

double Sequencer::digital(Context& ctx, int du, const tiles::OpCounts& ops, double sram_bytes,
                          double ready_s, LayerRecord& rec) {
  auto& p = ctx.reset(Command::digital);
  p.ops = ops;
  p.sram_bytes = sram_bytes;
  const double done = send(ctx, m_addr.digital_unit(du), ready_s);
  rec.digital_j += p.energy_j;
  m_records.digital_ops += ops.arithmetic_ops();
  return done;
}

double Sequencer::transfer(Context& ctx, kernel::NodeId a, kernel::NodeId b, double bytes,
                           double ready_s, LayerRecord& rec) {
  if (a == b) return ready_s;
  auto& p = ctx.reset(Command::transfer);
  p.src = a;
  p.dst = b;
  p.bytes = bytes;
  const double done = send(ctx, m_addr.fabric(), ready_s);
  rec.movement_j += p.energy_j;
  return done;
}

double Sequencer::linear(Context& ctx, const MappedLinear& l, int du, double n, double ready_s,
                         LayerRecord& rec) {
  const auto& dp = m_cfg.chip.digital_unit;
  const kernel::NodeId du_node = m_map.du_nodes[du];
  if (!l.analog) {
    // Weights stream from the DRAM of the unit's chip while the lanes compute.
    auto& p = ctx.reset(Command::dram_read);
    p.bytes = double(l.shape.in) * l.shape.out * m_cfg.mapping.digital_weight_bits / 8.0;
    const double t_w = send(ctx, m_addr.memory(du_node.chip), ready_s);
    rec.memory_j += p.energy_j;
    const double t_c = digital(ctx, du, digital_linear_ops(l.shape, dp, n),
                               n * (l.shape.in + l.shape.out) * m_act_bytes, ready_s, rec);
    return std::max(t_w, t_c);
  }
  // 1. The input is multicast from the digital unit to all tiles; each needs its row slice.
  ctx.dsts.clear();
  ctx.slices.clear();
  ctx.slice_bytes.clear();
  for (int r = 0; r < l.row_blocks; ++r) ctx.slice_bytes.push_back(n * l.tile(r, 0).rows_used * m_in_bytes);
  for (const auto& t : l.tiles) ctx.dsts.push_back(t.node), ctx.slices.push_back(t.block_row);
  std::vector<double>& arrival = ctx.arrivals;
  arrival.assign(ctx.dsts.size(), ready_s);
  {
    auto& p = ctx.reset(Command::transfer);
    p.src = du_node;
    p.multicast = ctx.dsts.data();
    p.multicast_count = static_cast<int>(ctx.dsts.size());
    p.slice = ctx.slices.data();
    p.slice_bytes = ctx.slice_bytes.data();
    p.arrival_s = arrival.data();
    send(ctx, m_addr.fabric(), ready_s);
    rec.movement_j += p.energy_j;
  }
  // 2. Every tile multiplies; partial sums of a column block flow down the chain of row blocks,
  //    each tile's local digital unit adding its own; the last sends the sum to the unit.
  double done = ready_s;
  for (int c = 0; c < l.col_blocks; ++c) {
    double t_prev = ready_s;
    kernel::NodeId prev_node{};
    for (int r = 0; r < l.row_blocks; ++r) {
      const TilePlacement& t = l.tile(r, c);
      // The upstream tile's partial sums travel while this tile multiplies.
      const double t_partial =
          r > 0 ? transfer(ctx, prev_node, t.node, n * t.cols_used * m_act_bytes, t_prev, rec) : -1;
      auto& p = ctx.reset(Command::mvm);
      p.rows_used = t.rows_used;
      p.cols_used = t.cols_used;
      p.vectors = static_cast<long long>(n);
      p.partial_sum_ready_s = t_partial;
      const double t_r = send(ctx, m_addr.tile(t.global_tile), arrival[r * l.col_blocks + c]);
      rec.analog_j += p.energy_j;
      m_records.analog_ops += 2.0 * n * t.rows_used * t.cols_used;
      t_prev = t_r;
      prev_node = t.node;
    }
    const TilePlacement& last = l.tile(l.row_blocks - 1, c);
    done = std::max(done, transfer(ctx, last.node, du_node, n * last.cols_used * m_act_bytes,
                                   t_prev, rec));
  }
  if (l.shape.has_bias)
    done = digital(ctx, du, bias_ops(l.shape.out, dp, n), 2 * n * l.shape.out * m_act_bytes, done,
                   rec);
  return done;
}

double Sequencer::block(Context& ctx, const MappedBlock& b, const SeqSpan* spans, int span_count,
                        double n, double t) {
  const auto& dp = m_cfg.chip.digital_unit;
  const ModelDesc& m = m_map.model;
  LayerRecord& rec = m_records.layers[1 + b.layer];
  const double entry = t, d = m.hidden, a = m_act_bytes;
  // Attention half.
  t = digital(ctx, b.du, norm_ops(m, dp, n), 2 * n * d * a, t, rec);
  const size_t attn_linears = m.fused_qkv ? 1 : 3;
  double t_qkv = t;
  for (size_t i = 0; i < attn_linears; ++i)
    t_qkv = std::max(t_qkv, linear(ctx, b.linears[i], b.du, n, t, rec));
  t = digital(ctx, b.du, rope_ops(m, dp, n), 2 * n * (m.q_dim() + m.kv_dim()) * a, t_qkv, rec);
  // Attention, split by KV group over the layer's attention units: each receives the q, k, v of
  // its groups, appends its K and V to the cache shard on its chip, reads the shard back while
  // QK^T, softmax and AV of its heads run, and returns its heads' outputs.
  const double groups = std::max(1, m.kv_heads);
  double t_att_done = t;
  for (size_t i = 0; i < b.attention_dus.size(); ++i) {
    const int du = b.attention_dus[i];
    const double share = b.kv_groups[i] / groups;
    const kernel::NodeId node = m_map.du_nodes[du];
    const double t_in = transfer(ctx, m_map.du_nodes[b.du], node,
                                 n * (m.q_dim() + 2.0 * m.kv_dim()) * share * a, t, rec);
    const int chip = m_map.du_chip(du);
    // Each sequence appends its K and V rows to its own cache, then reads its whole cache back.
    double t_read = t_in, context_sum = 0;
    for (int s = 0; s < span_count; ++s) {
      const SeqSpan& span = spans[s];
      auto& w = ctx.reset(Command::kv_write);
      w.sequence = span.seq;
      w.layer = b.layer;
      w.shard = static_cast<int>(i);
      w.tokens = static_cast<long long>(span.tokens);
      w.bytes_per_token = m_kv_bytes_per_token * share;
      const double t_written = send(ctx, m_addr.memory(chip), t_in);
      rec.memory_j += w.energy_j;
      auto& r = ctx.reset(Command::kv_read);
      r.sequence = span.seq;
      r.layer = b.layer;
      r.shard = static_cast<int>(i);
      t_read = std::max(t_read, send(ctx, m_addr.memory(chip), t_written));
      rec.memory_j += r.energy_j;
      context_sum += causal_context_sum(span.first_pos, span.tokens);
    }
    const double heads = m.heads * share;
    const double t_att =
        digital(ctx, du, attention_ops(m, dp, n, context_sum, heads),
                2 * n * m.q_dim() * share * a, t_in, rec);
    t_att_done = std::max(t_att_done, transfer(ctx, node, m_map.du_nodes[b.du],
                                               n * m.q_dim() * share * a,
                                               std::max(t_att, t_read), rec));
  }
  t = t_att_done;
  t = linear(ctx, b.linears[attn_linears], b.du, n, t, rec);  // o_proj
  t = digital(ctx, b.du, residual_ops(m, dp, n), 3 * n * d * a, t, rec);
  // MLP half.
  t = digital(ctx, b.du, norm_ops(m, dp, n), 2 * n * d * a, t, rec);
  const size_t first_mlp = attn_linears + 1, down = b.linears.size() - 1;
  double t_up = t;
  for (size_t i = first_mlp; i < down; ++i)
    t_up = std::max(t_up, linear(ctx, b.linears[i], b.du, n, t, rec));
  t = digital(ctx, b.du, mlp_activation_ops(m, dp, n), 3 * n * m.intermediate * a, t_up, rec);
  t = linear(ctx, b.linears[down], b.du, n, t, rec);
  t = digital(ctx, b.du, residual_ops(m, dp, n), 3 * n * d * a, t, rec);
  rec.time_s += t - entry;
  rec.passes += 1;
  return t;
}

double Sequencer::embedding(Context& ctx, double n, double t) {
  LayerRecord& rec = m_records.layers.front();
  auto& p = ctx.reset(Command::dram_read);
  p.bytes = n * m_map.model.hidden * m_cfg.mapping.digital_weight_bits / 8.0;
  const double done = send(ctx, m_addr.memory(m_map.du_chip(m_map.embedding_du)), t);
  rec.memory_j += p.energy_j;
  rec.time_s += done - t;
  rec.passes += 1;
  return done;
}

double Sequencer::head(Context& ctx, int from_du, double n, double t) {
  const auto& dp = m_cfg.chip.digital_unit;
  const ModelDesc& m = m_map.model;
  LayerRecord& rec = m_records.layers.back();
  const double entry = t;
  const int du = m_map.lm_head_du;
  t = transfer(ctx, m_map.du_nodes[from_du], m_map.du_nodes[du], n * m.hidden * m_act_bytes, t,
               rec);
  t = digital(ctx, du, norm_ops(m, dp, n), 2 * n * m.hidden * m_act_bytes, t, rec);
  t = linear(ctx, m_map.lm_head, du, n, t, rec);
  t = digital(ctx, du, sampling_ops(m, dp, n), n * m.vocab * m_act_bytes, t, rec);
  rec.time_s += t - entry;
  rec.passes += 1;
  return t;
}

void Sequencer::guarded(const std::function<void(Context&)>& body) {
  // An exception must not escape a SystemC process (the kernel would wrap it); keep the first
  // and stop the simulation so System::run can rethrow it as it was.
  try {
    Context ctx;
    body(ctx);
  } catch (...) {
    if (!m_error) m_error = std::current_exception();
    sc_core::sc_stop();
  }
}

void Sequencer::sequence_thread(int seq) {
  guarded([&](Context& ctx) {
    const auto& w = m_cfg.workload;
    const double t = run_sequence(ctx, seq, {w.prompt_tokens, w.decode_tokens, false}, 0.0);
    ctx.keeper.set(kernel::delay_until(t, kernel::now_s()));
    ctx.keeper.sync();
  });
}

void Sequencer::serial_thread() {
  guarded([&](Context& ctx) {
    double t = 0.0;
    const auto& requests = m_cfg.workload.serial_requests;
    for (std::size_t q = 0; q < requests.size(); ++q) {
      const int seq = static_cast<int>(q);
      t = run_sequence(ctx, seq, requests[q], t);
      // The request is done: its KV cache is freed on every chip before the next one starts.
      for (int chip = 0; chip < m_map.chips; ++chip) {
        auto& p = ctx.reset(Command::kv_release);
        p.sequence = seq;
        send(ctx, m_addr.memory(chip), t);
      }
    }
    ctx.keeper.set(kernel::delay_until(t, kernel::now_s()));
    ctx.keeper.sync();
  });
}

double Sequencer::run_sequence(Context& ctx, int seq, const RequestSpec& request,
                               double start_s) {
  const auto& w = m_cfg.workload;
  const double prompt = request.prompt_tokens;
  const double chunk = w.prefill_chunk > 0 ? std::min<double>(w.prefill_chunk, prompt) : prompt;
  const int chunks = static_cast<int>(std::ceil(prompt / chunk));
  auto sync_to = [&](double t) {
    ctx.keeper.set(kernel::delay_until(t, kernel::now_s()));
    if (ctx.keeper.need_sync()) ctx.keeper.sync();
  };
  ctx.pass_energy_j = 0;
  m_records.start_s[seq] = start_s;

  // Prefill: chunks enter each layer in order; a chunk leaves a layer when its results are
  // ready, and the tiles' calendars let the next chunk overlap it.
  std::vector<double> ready(chunks, start_s);
  auto chunk_tokens = [&](int k) { return std::min(chunk, prompt - k * chunk); };
  for (int k = 0; k < chunks; ++k) ready[k] = embedding(ctx, chunk_tokens(k), start_s);
  int prev_du = m_map.embedding_du;
  for (const auto& b : m_map.blocks) {
    for (int k = 0; k < chunks; ++k) {
      const double n = chunk_tokens(k);
      double t = transfer(ctx, m_map.du_nodes[prev_du], m_map.du_nodes[b.du],
                          n * m_map.model.hidden * m_act_bytes, ready[k],
                          m_records.layers[1 + b.layer]);
      const SeqSpan span{seq, k * chunk, n};
      ready[k] = block(ctx, b, &span, 1, n, t);
      // A chunk reads the K and V rows the previous chunks wrote in this layer: it cannot
      // leave the layer before them, even when it is shorter (the prompt's last chunk).
      if (k > 0) ready[k] = std::max(ready[k], ready[k - 1]);
    }
    prev_du = b.du;
    sync_to(*std::min_element(ready.begin(), ready.end()));
  }
  // An evaluation scores every position: the LM head then runs on all prompt tokens.
  double t = head(ctx, prev_du, request.logits_every_position ? prompt : 1.0,
                  ready.back());
  m_records.ttft_s[seq] = t;
  m_records.tokens.push_back({seq, 0, "prefill", start_s, t, ctx.pass_energy_j});

  // Decode: one token at a time through all layers.
  for (int i = 1; i < request.decode_tokens; ++i) {
    ctx.pass_energy_j = 0;
    const double start = t;
    const double pos = prompt + i - 1;
    t = embedding(ctx, 1, t);
    prev_du = m_map.embedding_du;
    for (const auto& b : m_map.blocks) {
      t = transfer(ctx, m_map.du_nodes[prev_du], m_map.du_nodes[b.du],
                   m_map.model.hidden * m_act_bytes, t, m_records.layers[1 + b.layer]);
      const SeqSpan span{seq, pos, 1};
      t = block(ctx, b, &span, 1, 1, t);
      prev_du = b.du;
      sync_to(t);
    }
    t = head(ctx, prev_du, 1.0, t);
    m_records.tokens.push_back({seq, i, "decode", start, t, ctx.pass_energy_j});
  }
  m_records.finish_s[seq] = t;
  sync_to(t);
  return t;
}

}  // namespace aimcsim::workloads
