// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The scheduler's state (private to scheduler.cpp and scheduler_kv.cpp): requests on their
/// replicas, the replicas' queues and KV caches, and the Scheduler that drives them.
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "workloads/serving/prefix_cache.hpp"
#include "workloads/serving/scheduler.hpp"
#include "workloads/serving/time_series.hpp"

namespace aimcsim::workloads::serving::detail {

using trace::TraceRequest;

struct Live {
  int slot = -1;
  long long done = 0;     ///< KV rows present (prompt, generated tokens fed back, prefix hits)
  long long target = 0;   ///< KV rows needed before its next token is emitted
  long long private_kv = 0;  ///< rows it holds on its own (not shared prefix blocks)
  int generated = 0;
  bool rebuilding = false;   ///< recomputing its cache after a preemption
  long long swapped = 0;     ///< rows waiting in host memory (preemption by swap)
  double last_token_s = 0, wait_since_s = 0;
  long long admitted_order = 0;
  long long computed_max = 0;  ///< positions [0, computed_max) have been computed at least once
  std::vector<std::uint64_t> pinned;  ///< prefix blocks it uses
  bool cached_prompt = false;         ///< its full prompt blocks are in the prefix cache
};

struct Replica {
  StepExecutor* exec = nullptr;
  std::vector<int> running;  ///< request indices, in admission order
  std::set<std::pair<long long, long long>> waiting;  ///< (priority key, request index)
  double free_at = 0;     ///< end of its current step
  double level_since = 0; ///< start of the interval its levels have not been counted for
  long long kv_used = 0;  ///< private rows + cached prefix blocks
  PrefixCache cache;
  std::vector<int> free_slots;
  int next_slot = 0;
  int outstanding = 0;    ///< routed and not finished
  bool has_work() const { return !running.empty() || !waiting.empty(); }
};

/// One part of a step, with what the scheduler needs to book it afterwards.
struct Planned {
  int request;
  int micro_first, micro;  ///< micro-batches holding its first and last tokens
  StepPart part;
  bool decode;
};

class Scheduler {
 public:
  Scheduler(const trace::Trace& trace, const ServingParams& p, const SchedulerLimits& limits,
            const std::vector<StepExecutor*>& executors)
      : m_trace(trace), m_p(p), m_lim(limits), m_lives(trace.requests.size()),
        m_series(p.sample_interval_s) {
    m_reps.resize(executors.size());
    for (std::size_t r = 0; r < executors.size(); ++r) m_reps[r].exec = executors[r];
    m_res.requests.resize(trace.requests.size());
    m_res.replicas = static_cast<int>(executors.size());
    m_res.skipped_rows = trace.skipped_rows;
  }

  ServeResult run(const ServeProgress& progress);

 private:
  const TraceRequest& req(int i) const { return m_trace.requests[static_cast<std::size_t>(i)]; }
  std::pair<long long, long long> key(int i) const {
    return {m_p.policy == ServingParams::Policy::priority ? req(i).priority : 0, i};
  }
  void arrive(int i);
  void step(Replica& rep);
  void account_levels(Replica& rep, double t);
  bool make_room(Replica& rep, long long rows);
  bool admit(Replica& rep, int i, double& start);
  /// Swap traffic of `rows` KV rows to or from host memory: delays `start`, costs energy.
  void book_swap(RequestOutcome& o, long long rows, double& start);
  void preempt(Replica& rep, int victim, double& start);
  void finish_request(Replica& rep, int i, double t);
  void cache_prompt_blocks(Replica& rep, int i);
  void unpin_all(Replica& rep, Live& l);
  int take_slot(Replica& rep);
  double swap_s(long long rows) const {
    return rows * m_lim.kv_bytes_per_token / m_p.swap_bandwidth_bytes_per_s;
  }
  double swap_j(long long rows) const {
    return rows * m_lim.kv_bytes_per_token * 8.0 * m_p.swap_energy_per_bit_j;
  }

  const trace::Trace& m_trace;
  const ServingParams& m_p;
  const SchedulerLimits& m_lim;
  std::vector<Live> m_lives;
  std::vector<Replica> m_reps;
  ServeResult m_res;
  TimeSeries m_series;
  long long m_admissions = 0;
  std::size_t m_round_robin = 0;
  // Reused per step.
  StepPlan m_plan;
  std::vector<Planned> m_planned;
  std::vector<int> m_in_step;  ///< request indices with a part in the step being built
  std::vector<int> m_preempted_in_step;  ///< requests preempted while building this step
};

}  // namespace aimcsim::workloads::serving::detail
