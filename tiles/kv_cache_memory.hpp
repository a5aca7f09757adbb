// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <map>
#include <tuple>
#include <memory>
#include <string>
#include <utility>

#include <systemc>
#include <tlm_utils/passthrough_target_socket.h>

#include "sim/kernel/aimc_payload.hpp"
#include "sim/kernel/component.hpp"
#include "tiles/memory_port.hpp"
#include "tiles/memory_params.hpp"

namespace aimcsim::tiles {

/// The DRAM of one package: `stacks` stacks shared by the package's chips, one port whose
/// bandwidth, capacity and background power are the stacks' sum.
struct PackageDram {
  std::unique_ptr<MemoryPort> port;
  double capacity_bytes = 0;
  double used_bytes = 0;
};

/// The KV cache of one chip: each (sequence, layer) appends K and V rows; they go to SRAM while
/// it has room and spill to DRAM after. Reads stream the SRAM and DRAM parts in parallel. Also
/// serves plain DRAM reads (embedding rows, digitally executed weights).
class KvCacheMemory : public sc_core::sc_module {
 public:
  tlm_utils::passthrough_target_socket<KvCacheMemory> socket;

  /// `dram` is the DRAM of the chip's package; it must outlive the memory.
  KvCacheMemory(sc_core::sc_module_name name, const KvCacheParams& params, PackageDram& dram,
                std::string stats_path);

  double sram_used_bytes() const { return m_sram_used; }
  double dram_used_bytes() const { return m_dram_used; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  /// Files `tokens x bytes_per_token` under (sequence, layer, shard): SRAM while it has room,
  /// then the package DRAM; returns (SRAM bytes, DRAM bytes). Throws if the DRAM is full.
  std::pair<double, double> place(const kernel::AimcPayload& p);
  double write(kernel::AimcPayload& p, double ready_s);
  double read(kernel::AimcPayload& p, double ready_s);
  /// Frees every entry of p.sequence (no time, no energy: the space is marked free).
  void release(const kernel::AimcPayload& p);

  KvCacheParams m_params;
  MemoryPort m_sram;
  PackageDram& m_package_dram;
  MemoryPort& m_dram;
  double m_sram_used = 0, m_dram_used = 0;
  // (sequence, layer, shard) -> bytes in SRAM, bytes in DRAM
  std::map<std::tuple<int, int, int>, std::pair<double, double>> m_entries;
};

}  // namespace aimcsim::tiles
