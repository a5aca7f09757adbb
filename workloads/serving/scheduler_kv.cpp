// SPDX-License-Identifier: Apache-2.0
// The scheduler's KV-cache bookkeeping: slots, room (prefix-block eviction), admission with
// prefix reuse or swap-in, preemption, prompt blocks entering the prefix cache, completion.
#include <algorithm>
#include <string>

#include "workloads/serving/scheduler_state.hpp"

namespace aimcsim::workloads::serving::detail {

void Scheduler::account_levels(Replica& rep, double t) {
  if (t <= rep.level_since) return;
  const double kv = m_lim.kv_capacity_tokens > 0
                        ? double(rep.kv_used) / double(m_lim.kv_capacity_tokens)
                        : 0.0;
  m_series.add_running(rep.level_since, t, double(rep.running.size()), kv / m_reps.size());
  rep.level_since = t;
}

int Scheduler::take_slot(Replica& rep) {
  if (!rep.free_slots.empty()) {
    const int s = rep.free_slots.back();
    rep.free_slots.pop_back();
    return s;
  }
  return rep.next_slot++;
}

void Scheduler::unpin_all(Replica& rep, Live& l) {
  // Tail blocks first: the least recently used end of a prefix is evicted before its head,
  // which every later hit needs.
  for (auto it = l.pinned.rbegin(); it != l.pinned.rend(); ++it) rep.cache.unpin(*it);
  l.pinned.clear();
}

void Scheduler::book_swap(RequestOutcome& o, long long rows, double& start) {
  const double t = swap_s(rows), e = swap_j(rows);
  m_series.add_energy(start, start + t, e);
  m_series.add_busy(start, start + t);
  start += t;
  o.prefill_energy_j += e;
  m_res.prefill_energy_j += e;
  m_res.dynamic_energy_j += e;
  m_res.swap_energy_j += e;
}

bool Scheduler::make_room(Replica& rep, long long rows) {
  const long long block = m_lim.prefix_block_tokens;
  while (m_lim.kv_capacity_tokens - rep.kv_used < rows) {
    if (!rep.cache.evict_one()) return false;
    rep.kv_used -= block;
  }
  return true;
}

void Scheduler::preempt(Replica& rep, int victim, double& start) {
  Live& l = m_lives[static_cast<std::size_t>(victim)];
  RequestOutcome& o = m_res.requests[static_cast<std::size_t>(victim)];
  rep.exec->release(l.slot, start);
  rep.free_slots.push_back(l.slot);
  l.slot = -1;
  rep.kv_used -= l.private_kv;
  l.private_kv = 0;
  ++o.preemptions;
  ++m_res.preempted;
  m_preempted_in_step.push_back(victim);
  if (m_p.preemption == ServingParams::Preemption::swap) {
    // Its rows (reused prefix rows are its own copy) go to host memory before the space is
    // reused.
    l.swapped = l.done;
    book_swap(o, l.swapped, start);
  } else {
    // Its cache is rebuilt from the prompt and every token generated so far.
    l.done = 0;
    l.target = static_cast<long long>(req(victim).prompt_tokens) + l.generated;
    l.rebuilding = l.generated > 0;
  }
  unpin_all(rep, l);
  l.cached_prompt = false;
  l.wait_since_s = start;
  rep.running.erase(std::find(rep.running.begin(), rep.running.end(), victim));
  rep.waiting.insert(key(victim));
}

bool Scheduler::admit(Replica& rep, int i, double& start) {
  Live& l = m_lives[static_cast<std::size_t>(i)];
  const TraceRequest& r = req(i);
  RequestOutcome& o = m_res.requests[static_cast<std::size_t>(i)];
  if (l.swapped > 0) {
    // Room for its rows and the rest of its current phase (prompt or next token).
    if (!make_room(rep, l.swapped + (l.target - l.done) + 1)) return false;
    l.slot = take_slot(rep);
    rep.exec->adopt_prefix(l.slot, l.swapped, start);
    book_swap(o, l.swapped, start);
    l.private_kv = l.swapped;
    rep.kv_used += l.swapped;
    l.swapped = 0;
  } else {
    // The reusable prefix: leading blocks the cache holds, at least one token left to compute.
    std::size_t hits = 0;
    if (m_p.prefix_caching && !r.prefix_blocks.empty()) hits = rep.cache.hit_blocks(r.prefix_blocks);
    const long long block = m_lim.prefix_block_tokens;
    long long hit_rows = std::min<long long>(static_cast<long long>(hits) * block, l.target - 1);
    hits = static_cast<std::size_t>(hit_rows / block);
    hit_rows = static_cast<long long>(hits) * block;
    // The reused rows are copied into its own cache (the KV memories file every request's
    // rows under its sequence), so its whole prompt needs room, and the cached blocks stay
    // evictable.
    for (std::size_t k = hits; k-- > 0;) rep.cache.touch(r.prefix_blocks[k]);  // head last: MRU
    if (!make_room(rep, l.target + 1)) return false;
    l.slot = take_slot(rep);
    l.done = hit_rows;
    l.private_kv = hit_rows;
    rep.kv_used += hit_rows;
    if (hit_rows > 0) rep.exec->adopt_prefix(l.slot, hit_rows, start);
    o.prefix_hit_tokens += static_cast<int>(hit_rows);
    m_res.prefix_hit_tokens += hit_rows;
  }
  if (o.preemptions == 0 && l.admitted_order == 0) o.scheduled_s = start;
  l.admitted_order = ++m_admissions;
  m_series.add_queue(l.wait_since_s, start, 1.0);
  rep.waiting.erase(key(i));
  rep.running.push_back(i);
  return true;
}

void Scheduler::cache_prompt_blocks(Replica& rep, int i) {
  Live& l = m_lives[static_cast<std::size_t>(i)];
  const TraceRequest& r = req(i);
  if (!m_p.prefix_caching || l.cached_prompt || r.prefix_blocks.empty()) return;
  l.cached_prompt = true;
  const long long block = m_lim.prefix_block_tokens;
  const std::size_t full = std::min(r.prefix_blocks.size(),
                                    static_cast<std::size_t>(r.prompt_tokens / block));
  // From the tail to the head, so the head ends up most recently used (evicted last).
  for (std::size_t k = full; k-- > 0;) {
    const std::uint64_t id = r.prefix_blocks[k];
    // Its own rows of a block not cached yet become the cached copy (pinned while it runs,
    // kept after it finishes); a block already cached is only touched (its rows here are its
    // own copy, as the memories hold them).
    if (rep.cache.contains(id)) {
      rep.cache.touch(id);
      continue;
    }
    l.private_kv -= block;
    rep.cache.pin(id);
    l.pinned.push_back(id);
  }
  std::reverse(l.pinned.begin(), l.pinned.end());  // prefix order (unpin_all frees tails first)
}

void Scheduler::finish_request(Replica& rep, int i, double t) {
  Live& l = m_lives[static_cast<std::size_t>(i)];
  rep.exec->release(l.slot, t);
  rep.free_slots.push_back(l.slot);
  rep.kv_used -= l.private_kv;
  l.private_kv = 0;
  unpin_all(rep, l);
  rep.running.erase(std::find(rep.running.begin(), rep.running.end(), i));
  --rep.outstanding;
}

}  // namespace aimcsim::workloads::serving::detail
