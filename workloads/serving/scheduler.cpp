// SPDX-License-Identifier: Apache-2.0
#include "workloads/serving/scheduler.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include "workloads/serving/scheduler_state.hpp"

namespace aimcsim::workloads::serving {
namespace detail {

void Scheduler::arrive(int i) {
  const TraceRequest& r = req(i);
  RequestOutcome& o = m_res.requests[static_cast<std::size_t>(i)];
  o.id = r.id;
  o.line = r.line;
  o.prompt_tokens = r.prompt_tokens;
  o.output_tokens = r.output_tokens;
  o.arrival_s = r.arrival_s;
  const long long total = static_cast<long long>(r.prompt_tokens) + r.output_tokens;
  if (m_lim.max_context > 0 && total > m_lim.max_context) {
    o.rejected = true;
    o.reject_reason = "context: prompt + output " + std::to_string(total) + " > " +
                      std::to_string(m_lim.max_context) + " tokens";
  } else if (total > m_lim.kv_capacity_tokens) {
    o.rejected = true;
    o.reject_reason = "kv_capacity: prompt + output " + std::to_string(total) + " > " +
                      std::to_string(m_lim.kv_capacity_tokens) + " tokens of KV cache";
  }
  if (o.rejected) {
    ++m_res.rejected;
    return;
  }
  // Routing on arrival.
  std::size_t target = 0;
  if (m_p.routing == ServingParams::Routing::round_robin) {
    target = m_round_robin++ % m_reps.size();
  } else {
    for (std::size_t k = 1; k < m_reps.size(); ++k)
      if (m_reps[k].outstanding < m_reps[target].outstanding) target = k;
  }
  Replica& rep = m_reps[target];
  o.replica = static_cast<int>(target);
  Live& l = m_lives[static_cast<std::size_t>(i)];
  l.target = r.prompt_tokens;
  l.wait_since_s = r.arrival_s;
  if (!rep.has_work()) {
    account_levels(rep, std::max(rep.free_at, r.arrival_s));
    rep.free_at = std::max(rep.free_at, r.arrival_s);
  }
  rep.waiting.insert(key(i));
  ++rep.outstanding;
}

void Scheduler::step(Replica& rep) {
  double start = rep.free_at;
  account_levels(rep, start);
  int budget = m_p.token_budget;
  m_planned.clear();
  m_in_step.clear();
  m_preempted_in_step.clear();
  auto is_decode = [&](int i) {
    const Live& l = m_lives[static_cast<std::size_t>(i)];
    return l.generated > 0 && !l.rebuilding && l.target - l.done == 1;
  };
  auto add_part = [&](int i) -> bool {
    Live& l = m_lives[static_cast<std::size_t>(i)];
    const long long want = std::min<long long>(l.target - l.done, budget);
    if (want <= 0) return false;
    // Room for its new rows: evict unused prefix blocks, then preempt the latest admitted
    // request that has no part in this step yet (itself if there is none).
    while (!make_room(rep, want)) {
      int victim = -1;
      for (int c : rep.running)
        if (c != i && std::find(m_in_step.begin(), m_in_step.end(), c) == m_in_step.end() &&
            (victim < 0 || m_lives[static_cast<std::size_t>(c)].admitted_order >
                               m_lives[static_cast<std::size_t>(victim)].admitted_order))
          victim = c;
      if (victim < 0) {
        preempt(rep, i, start);
        return false;
      }
      preempt(rep, victim, start);
    }
    const bool decode = is_decode(i);
    StepPart part;
    part.slot = l.slot;
    part.first_pos = l.done;
    part.tokens = static_cast<int>(want);
    part.emits_token = l.done + want == l.target;
    m_planned.push_back({i, -1, -1, part, decode});
    m_in_step.push_back(i);
    budget -= static_cast<int>(want);
    l.private_kv += want;
    rep.kv_used += want;
    return true;
  };
  // Running requests in the policy's order; admissions while a slot, budget and KV rows for
  // the whole remaining prompt are there. fcfs (prefill-first): running prefills, then new
  // admissions, then decodes, each in arrival order; decode_first: decodes, then prefills, then
  // admissions; priority: by (priority, arrival) for both.
  std::vector<int> order = rep.running;
  if (m_p.policy == ServingParams::Policy::priority)
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return key(x) < key(y); });
  else
    std::sort(order.begin(), order.end());
  auto visit = [&](bool decodes) {
    for (int i : order) {
      if (budget <= 0) break;
      if (std::find(rep.running.begin(), rep.running.end(), i) == rep.running.end()) continue;
      if (std::find(m_in_step.begin(), m_in_step.end(), i) != m_in_step.end()) continue;
      if (decodes != is_decode(i)) continue;
      add_part(i);
    }
  };
  auto admissions = [&] {
    while (budget > 0 && !rep.waiting.empty() &&
           static_cast<int>(rep.running.size()) < m_p.max_batch) {
      const int i = static_cast<int>(rep.waiting.begin()->second);
      // A request preempted while this step was built waits for the next one (no swap or
      // recompute ping-pong within a step).
      if (std::find(m_preempted_in_step.begin(), m_preempted_in_step.end(), i) !=
          m_preempted_in_step.end())
        break;
      if (!admit(rep, i, start)) break;
      add_part(i);
    }
  };
  switch (m_p.policy) {
    case ServingParams::Policy::fcfs:
      visit(false);
      admissions();
      visit(true);
      break;
    case ServingParams::Policy::decode_first:
      visit(true);
      visit(false);
      admissions();
      break;
    case ServingParams::Policy::priority:
      for (int i : order) {
        if (budget <= 0) break;
        if (std::find(rep.running.begin(), rep.running.end(), i) == rep.running.end()) continue;
        add_part(i);
      }
      admissions();
      break;
  }
  if (m_planned.empty()) {
    // Nothing can run (every request waits for KV rows that running ones hold): cannot happen
    // while a lone request always fits, but never spin.
    throw std::logic_error("serve: a step with no work at t = " + std::to_string(start) + " s");
  }
  // Micro-batches: all decodes together first, then each prefill part in chunks.
  m_plan.micro.clear();
  for (auto& pl : m_planned)
    if (pl.decode) {
      if (m_plan.micro.empty()) m_plan.micro.emplace_back();
      m_plan.micro[0].parts.push_back(pl.part);
      pl.micro_first = pl.micro = 0;
    }
  for (auto& pl : m_planned) {
    if (pl.decode) continue;
    const int chunk = m_lim.prefill_chunk > 0 ? m_lim.prefill_chunk : pl.part.tokens;
    pl.micro_first = static_cast<int>(m_plan.micro.size());
    for (int off = 0; off < pl.part.tokens; off += chunk) {
      StepPart piece = pl.part;
      piece.first_pos = pl.part.first_pos + off;
      piece.tokens = std::min(chunk, pl.part.tokens - off);
      piece.emits_token = pl.part.emits_token && off + piece.tokens == pl.part.tokens;
      m_plan.micro.emplace_back();
      m_plan.micro.back().parts.push_back(piece);
      pl.micro = static_cast<int>(m_plan.micro.size()) - 1;
    }
  }
  account_levels(rep, start);
  const StepOutcome out = rep.exec->run_step(m_plan, start);
  ++m_res.steps;
  m_series.add_busy(start, out.end_s);
  // Book energy and tokens.
  for (std::size_t k = 0; k < m_plan.micro.size(); ++k) {
    m_res.dynamic_energy_j += out.micro_energy_j[k];
    m_series.add_energy(start, out.micro_end_s[k], out.micro_energy_j[k]);
  }
  for (const auto& pl : m_planned) {
    Live& l = m_lives[static_cast<std::size_t>(pl.request)];
    RequestOutcome& o = m_res.requests[static_cast<std::size_t>(pl.request)];
    // Its share of each micro-batch it is in, by tokens.
    // (a decode shares micro-batch 0 with the other decodes; a prefill chunk is alone in its).
    double energy = 0;
    if (pl.decode)
      energy = out.micro_energy_j[0] * pl.part.tokens / m_plan.micro[0].tokens();
    else
      for (int k = pl.micro_first; k <= pl.micro; ++k) energy += out.micro_energy_j[static_cast<std::size_t>(k)];
    if (pl.decode) {
      o.decode_energy_j += energy;
      m_res.decode_energy_j += energy;
      m_res.decode_tokens += pl.part.tokens;
    } else {
      o.prefill_energy_j += energy;
      m_res.prefill_energy_j += energy;
      m_res.prefill_tokens += pl.part.tokens;
      // Positions computed before and dropped by a recompute preemption are computed again.
      const long long first = pl.part.first_pos, end = first + pl.part.tokens;
      const long long again = std::max(0LL, std::min(end, l.computed_max) - first);
      o.recomputed_tokens += static_cast<int>(again);
      m_res.recomputed_tokens += again;
    }
    l.done += pl.part.tokens;
    l.computed_max = std::max(l.computed_max, l.done);
    if (!pl.part.emits_token) continue;
    const double t = out.micro_end_s[static_cast<std::size_t>(pl.micro)];
    if (l.generated == 0) {
      o.first_token_s = t;
      cache_prompt_blocks(rep, pl.request);
    } else {
      m_res.inter_token_s.push_back(t - l.last_token_s);
    }
    l.last_token_s = t;
    l.rebuilding = false;
    ++l.generated;
    ++m_res.generated_tokens;
    m_series.add_tokens(t, 1);
    if (l.generated >= req(pl.request).output_tokens) {
      o.finish_s = t;
      finish_request(rep, pl.request, out.end_s);
    } else {
      l.target = l.done + 1;
    }
  }
  rep.free_at = out.end_s;
  m_res.span_s = std::max(m_res.span_s, out.end_s);
}

ServeResult Scheduler::run(const ServeProgress& progress) {
  const auto wall0 = std::chrono::steady_clock::now();
  const int n = static_cast<int>(m_trace.requests.size());
  int next = 0;
  const double inf = std::numeric_limits<double>::infinity();
  long long steps_since_progress = 0;
  for (;;) {
    std::size_t rep = m_reps.size();
    double t_rep = inf;
    for (std::size_t r = 0; r < m_reps.size(); ++r)
      if (m_reps[r].has_work() && m_reps[r].free_at < t_rep) t_rep = m_reps[r].free_at, rep = r;
    const double t_arr = next < n ? req(next).arrival_s : inf;
    if (t_arr == inf && t_rep == inf) break;
    if (t_arr <= t_rep) {
      arrive(next++);
      continue;
    }
    step(m_reps[rep]);
    if (progress && ++steps_since_progress >= 2048) {
      progress(t_rep);
      steps_since_progress = 0;
    }
  }
  for (const auto& o : m_res.requests)
    if (!o.rejected) m_res.span_s = std::max(m_res.span_s, o.finish_s);
  if (!m_trace.requests.empty())
    m_res.span_s = std::max(m_res.span_s, m_trace.requests.back().arrival_s);
  for (auto& r : m_reps) account_levels(r, m_res.span_s);
  // Static energy and activity of every replica over the whole replay.
  double ungated_w = 0;
  for (auto& r : m_reps) {
    const ChipTotals t = r.exec->totals(m_res.span_s);
    m_res.static_energy_j += t.static_energy_j;
    ungated_w += t.ungated_static_w;
    m_res.layer_events += t.events;
    const double w = 1.0 / m_reps.size();
    m_res.utilisation.tiles += w * t.utilisation.tiles;
    m_res.utilisation.digital_units += w * t.utilisation.digital_units;
    m_res.utilisation.noc += w * t.utilisation.noc;
    m_res.utilisation.memory += w * t.utilisation.memory;
    m_res.utilisation.chip_links += w * t.utilisation.chip_links;
  }
  m_res.samples = m_series.finish(m_res.span_s, ungated_w,
                                  std::max(0.0, m_res.static_energy_j - ungated_w * m_res.span_s));
  m_res.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  return std::move(m_res);
}

}  // namespace detail

ServeResult serve_trace(const trace::Trace& trace, const ServingParams& params,
                        const SchedulerLimits& limits, const std::vector<StepExecutor*>& executors,
                        const ServeProgress& progress) {
  if (executors.empty()) throw std::invalid_argument("serve_trace: no replica");
  if (limits.prefix_block_tokens <= 0) throw std::invalid_argument("serve_trace: block size");
  detail::Scheduler s(trace, params, limits, executors);
  return s.run(progress);
}

}  // namespace aimcsim::workloads::serving
