// SPDX-License-Identifier: Apache-2.0
#pragma once
// A hand-built replay whose figures are worked out by hand in the tests. Times and energies are
// binary fractions (multiples of 1/16), so the expected values below are exact.
#include "workloads/serving/serve_result.hpp"

namespace aimcsim::report::test {

inline workloads::serving::RequestOutcome finished(long long id, int prompt, int output,
                                                   double arrival, double scheduled,
                                                   double first, double finish) {
  workloads::serving::RequestOutcome q;
  q.id = id;
  q.line = id + 10;
  q.prompt_tokens = prompt;
  q.output_tokens = output;
  q.replica = int(id % 2);
  q.arrival_s = arrival;
  q.scheduled_s = scheduled;
  q.first_token_s = first;
  q.finish_s = finish;
  return q;
}

/// Six requests, one rejected; SLO used with it: TTFT <= 1 s, TPOT <= 1/16 s.
///   id  tokens  arrival sched first finish  TTFT  TPOT     E2E   queue  meets SLO
///   1   100/5   0       0.25  0.5   1.0     0.5   0.125    1.0   0.25   no (TPOT)
///   2   200/9   0.5     0.5   1.0   1.5     0.5   0.0625   1.0   0      yes (TPOT at the limit)
///   3    50/1   1.0     1.5   2.5   2.5     1.5   -        1.5   0.5    no (TTFT)
///   4    30/1   1.0     1.0   1.25  1.25    0.25  -        0.25  0      yes (one token)
///   5  9000/4   1.5     rejected                                        no (rejected)
///   6   120/17  2.0     2.0   3.0   4.0     1.0   0.0625   2.0   0      yes (both at the limit)
inline workloads::serving::ServeResult six_requests() {
  workloads::serving::ServeResult r;
  r.mode = "fast";
  r.replicas = 2;
  r.requests.push_back(finished(1, 100, 5, 0, 0.25, 0.5, 1.0));
  r.requests.push_back(finished(2, 200, 9, 0.5, 0.5, 1.0, 1.5));
  r.requests.push_back(finished(3, 50, 1, 1.0, 1.5, 2.5, 2.5));
  r.requests.push_back(finished(4, 30, 1, 1.0, 1.0, 1.25, 1.25));
  workloads::serving::RequestOutcome rejected;
  rejected.id = 5;
  rejected.line = 15;
  rejected.prompt_tokens = 9000;
  rejected.output_tokens = 4;
  rejected.rejected = true;
  rejected.reject_reason = "prompt of 9000 tokens, longer than the context (8192)";
  rejected.arrival_s = 1.5;
  r.requests.push_back(rejected);
  r.requests.push_back(finished(6, 120, 17, 2.0, 2.0, 3.0, 4.0));
  r.requests[0].prefill_energy_j = 25;
  r.requests[0].decode_energy_j = 1;
  r.requests[1].prefix_hit_tokens = 64;
  r.requests[1].preemptions = 1;
  r.inter_token_s = {0.05, 0.01, 0.1, 0.02, 0.09, 0.03, 0.08, 0.04, 0.07, 0.06};
  workloads::serving::ServeSample a, b;
  a.t_start_s = 0;
  a.t_end_s = 2;
  a.queue_length = 1.5;
  a.running_batch = 2;
  a.kv_occupancy = 0.25;
  a.dynamic_energy_j = 40;
  a.static_energy_j = 8;
  a.generated_tokens = 10;
  b.t_start_s = 2;
  b.t_end_s = 4;
  b.queue_length = 0.5;
  b.running_batch = 1;
  b.kv_occupancy = 0.5;
  b.dynamic_energy_j = 76;
  b.static_energy_j = 8;
  b.generated_tokens = 23;
  r.samples = {a, b};
  r.span_s = 4;
  r.dynamic_energy_j = 116;  // = 40 + 76
  r.static_energy_j = 16;
  r.prefill_energy_j = 109;  // 436 prefill tokens x 0.25 J
  r.decode_energy_j = 7;     // 28 decode tokens x 0.25 J
  r.prefill_tokens = 436;    // 500 prompt tokens of finished requests - 64 prefix hits
  r.decode_tokens = 28;      // 33 generated - 5 first tokens
  r.generated_tokens = 33;   // 5 + 9 + 1 + 1 + 17
  r.steps = 40;
  r.layer_events = 1000;
  r.rejected = 1;
  r.preempted = 1;
  r.skipped_rows = 2;
  r.prefix_hit_tokens = 64;
  r.utilisation = {0.5, 0.25, 0.125, 0.75, 0.0625};
  r.wall_s = 2;
  return r;
}

}  // namespace aimcsim::report::test
