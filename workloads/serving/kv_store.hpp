// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <vector>

#include "sim/arch_config.hpp"
#include "sim/kernel/timeline.hpp"
#include "workloads/mapper.hpp"

namespace aimcsim::workloads::serving {

/// A memory port as tiles/memory_port.cpp times it: bytes / bandwidth booked on its calendar,
/// done at start + busy + latency, 8 x bytes x E_bit.
struct PortCalendar {
  kernel::Timeline calendar;
  double bandwidth_bytes_per_s = 0, latency_s = 0, energy_per_bit_j = 0;
  double bytes = 0;
  double access(double bytes_moved, double ready_s, double now_s, double& energy_j) {
    if (bytes_moved <= 0) return ready_s;
    const double busy = bytes_moved / bandwidth_bytes_per_s;
    const double start = calendar.reserve(ready_s, busy, now_s);
    bytes += bytes_moved;
    energy_j += bytes_moved * 8.0 * energy_per_bit_j;
    return start + busy + latency_s;
  }
};

/// The KV caches of all chips, placed as tiles/kv_cache_memory.cpp places them: per chip a
/// write goes to its KV SRAM while it has room, then to its package's DRAM; a read streams an
/// entry's SRAM and DRAM bytes on the two ports in parallel. Entries are (slot, layer, shard);
/// entry e of a slot lives on chip entry_chip(e). Slots index a table grown on first use.
class KvStore {
 public:
  KvStore(const Mapping& mapping, const RunConfig& cfg);

  /// First entry of block `b` (its shards follow).
  int block_entry(int b) const { return m_block_entry[b]; }
  int entry_chip(int e) const { return m_entry_chip[e]; }
  double write(int slot, int entry, double bytes, double ready_s, double now_s, double& energy_j);
  double read(int slot, int entry, double ready_s, double now_s, double& energy_j);
  /// Frees every entry of `slot` (no time, no energy).
  void release(int slot);
  /// Places `bytes_of(e)` in every entry of `slot` like a write, without port time or energy.
  void adopt(int slot, const std::vector<double>& bytes_per_entry);

  double sram_used_bytes(int chip) const { return m_sram_used[chip]; }
  double dram_used_bytes(int package) const { return m_dram_used[package]; }
  std::vector<PortCalendar>& sram_ports() { return m_sram; }
  std::vector<PortCalendar>& dram_ports() { return m_dram; }
  const std::vector<PortCalendar>& sram_ports() const { return m_sram; }
  const std::vector<PortCalendar>& dram_ports() const { return m_dram; }

 private:
  double* row(int slot);  // 2 doubles per entry: SRAM bytes, DRAM bytes
  void place(double* entry, int chip, double bytes);

  std::vector<int> m_block_entry, m_entry_chip, m_chip_package;
  int m_entries = 0;
  double m_sram_capacity = 0, m_dram_capacity = 0;
  std::vector<double> m_sram_used, m_dram_used;
  std::vector<PortCalendar> m_sram, m_dram;
  std::vector<int> m_slot_row, m_free_rows;
  std::vector<double> m_rows;
};

}  // namespace aimcsim::workloads::serving
