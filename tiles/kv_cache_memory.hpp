// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <map>
#include <string>
#include <utility>

#include <systemc>
#include <tlm_utils/passthrough_target_socket.h>

#include "sim/kernel/aimc_payload.hpp"
#include "sim/kernel/component.hpp"
#include "sim/kernel/timeline.hpp"
#include "tiles/memory_params.hpp"

namespace aimcsim::tiles {

/// A memory port (SRAM or DRAM) with its own calendar; reported as its own component.
class MemoryPort : public sc_core::sc_module, public kernel::IComponent {
 public:
  MemoryPort(sc_core::sc_module_name name, std::string type, std::string stats_path,
             double bandwidth, double latency_s, double energy_per_bit_j, double static_power_w,
             double area_mm2);
  /// Moves `bytes` starting no earlier than `ready_s`; returns the completion time [s].
  double access(double bytes, double ready_s, double& energy_j);

  std::string component_type() const override { return m_type; }
  kernel::ComponentTotals totals() const override;
  std::string stats_path() const override { return m_stats_path; }
  void report_stats(kernel::IStatsSink& sink) const override;

 private:
  std::string m_type, m_stats_path;
  double m_bandwidth, m_latency_s, m_energy_per_bit_j, m_static_power_w, m_area_mm2;
  kernel::Timeline m_timeline;
  double m_bytes = 0;
};

/// The KV cache of one chip: each (sequence, layer) appends K and V rows; they go to SRAM while
/// it has room and spill to DRAM after. Reads stream the SRAM and DRAM parts in parallel. Also
/// serves plain DRAM reads (embedding rows, digitally executed weights).
class KvCacheMemory : public sc_core::sc_module {
 public:
  tlm_utils::passthrough_target_socket<KvCacheMemory> socket;

  KvCacheMemory(sc_core::sc_module_name name, const KvCacheParams& params,
                std::string stats_path);

  double sram_used_bytes() const { return m_sram_used; }
  double dram_used_bytes() const { return m_dram_used; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  double write(kernel::AimcPayload& p, double ready_s);
  double read(kernel::AimcPayload& p, double ready_s);

  KvCacheParams m_params;
  MemoryPort m_sram, m_dram;
  double m_sram_used = 0, m_dram_used = 0;
  std::map<std::pair<int, int>, std::pair<double, double>> m_entries;  // (seq, layer) -> sram, dram bytes
};

}  // namespace aimcsim::tiles
