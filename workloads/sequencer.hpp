// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <exception>
#include <functional>
#include <vector>

#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "sim/arch_config.hpp"
#include "sim/kernel/aimc_payload.hpp"
#include "sim/kernel/router.hpp"
#include "workloads/mapper.hpp"
#include "workloads/run_records.hpp"
#include "workloads/serving/step.hpp"

namespace aimcsim::workloads {

/// Drives every sequence's tokens through the mapped layers. One SC_THREAD per sequence issues
/// loosely-timed transactions (tile MVMs, NoC transfers, digital kernels, KV-cache accesses) via
/// the router; each transaction returns when its result is ready, and a quantum keeper lets a
/// sequence run ahead of the kernel by at most one quantum. The prompt is processed in chunks,
/// layer by layer for all chunks, so chunk k+1 uses layer l's tiles while chunk k is in layer
/// l+1 (pipelining through the weight-stationary layers).
class Sequencer : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<Sequencer> socket;

  Sequencer(sc_core::sc_module_name name, const Mapping& mapping, const RunConfig& cfg,
            kernel::AddressMap addresses);

  const RunRecords& records() const { return m_records; }
  /// The first error a sequence thread raised (it stops the simulation), or null.
  std::exception_ptr error() const { return m_error; }

  /// Trace serving (workload.serve): spawns the thread that runs `body` with the fine-grained
  /// step executor (one transaction per tile, link, kernel and KV access). Call once, before
  /// the simulation starts; `body` runs inside the simulation.
  void serve(std::function<void(serving::StepExecutor&)> body);

 private:
  struct Context;  // per-thread transaction objects
  class FineSteps;  // the StepExecutor of serve(): sequencer_serve.cpp

  /// Runs `body` with a fresh context as a sequence thread does: the first error is kept and
  /// stops the simulation instead of escaping the SystemC process.
  void guarded(const std::function<void(Context&)>& body);
  void sequence_thread(int seq);
  void serial_thread();
  /// Runs one request from `start_s`; returns its finish time [s].
  double run_sequence(Context& ctx, int seq, const RequestSpec& request, double start_s);
  double send(Context& ctx, std::uint64_t address, double ready_s);
  double digital(Context& ctx, int du, const tiles::OpCounts& ops, double sram_bytes,
                 double ready_s, LayerRecord& rec);
  double transfer(Context& ctx, kernel::NodeId a, kernel::NodeId b, double bytes, double ready_s,
                  LayerRecord& rec);
  double linear(Context& ctx, const MappedLinear& l, int du, double n, double ready_s,
                LayerRecord& rec);
  /// One sequence's tokens in a block pass: `tokens` new ones after `first_pos` cached ones.
  struct SeqSpan {
    int seq;
    double first_pos, tokens;
  };
  /// The block for `n` tokens of `span_count` sequences (n = their tokens summed): linears and
  /// element-wise kernels on all n at once, attention per sequence on its own cache.
  double block(Context& ctx, const MappedBlock& b, const SeqSpan* spans, int span_count,
               double n, double ready_s);
  double embedding(Context& ctx, double n, double ready_s);
  double head(Context& ctx, int from_du, double n, double ready_s);

  const Mapping& m_map;
  const RunConfig& m_cfg;
  kernel::AddressMap m_addr;
  RunRecords m_records;
  long long m_transactions = 0;  ///< transactions sent (events of the fine model)
  std::exception_ptr m_error;
  double m_in_bytes, m_act_bytes, m_kv_bytes_per_token;
};

}  // namespace aimcsim::workloads
