// SPDX-License-Identifier: Apache-2.0
#include "workloads/serving/kv_store.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace aimcsim::workloads::serving {

KvStore::KvStore(const Mapping& mapping, const RunConfig& cfg) {
  for (const auto& b : mapping.blocks) {
    m_block_entry.push_back(m_entries);
    for (int du : b.attention_dus) m_entry_chip.push_back(mapping.du_chip(du)), ++m_entries;
  }
  const auto& kv = cfg.chip.kv_cache;
  const int stacks = cfg.system.memory_stacks_per_package;
  const int packages = cfg.system.packages(mapping.chips);
  m_sram_capacity = kv.sram.capacity_bytes;
  m_dram_capacity = stacks * kv.dram.capacity_bytes;
  m_sram_used.assign(mapping.chips, 0.0);
  m_dram_used.assign(packages, 0.0);
  // As sim/system.cpp: each chip's KV SRAM port (no latency); one DRAM port per package with
  // its stacks' summed bandwidth.
  m_sram.resize(mapping.chips);
  for (auto& p : m_sram) {
    p.bandwidth_bytes_per_s = kv.sram.bandwidth_bytes_per_s;
    p.energy_per_bit_j = kv.sram.energy_per_bit_j;
  }
  m_dram.resize(packages);
  for (auto& p : m_dram) {
    p.bandwidth_bytes_per_s = stacks * kv.dram.bandwidth_bytes_per_s;
    p.latency_s = kv.dram.latency_s;
    p.energy_per_bit_j = kv.dram.energy_per_bit_j;
  }
  for (int c = 0; c < mapping.chips; ++c) m_chip_package.push_back(c / cfg.system.chips_per_package);
}

double* KvStore::row(int slot) {
  if (slot < 0) throw std::invalid_argument("KV slot " + std::to_string(slot) + " is negative");
  if (static_cast<std::size_t>(slot) >= m_slot_row.size()) m_slot_row.resize(slot + 1, -1);
  int& r = m_slot_row[slot];
  if (r < 0) {
    if (!m_free_rows.empty()) {
      r = m_free_rows.back();
      m_free_rows.pop_back();
    } else {
      r = static_cast<int>(m_rows.size() / (2 * std::max(m_entries, 1)));
      m_rows.resize(m_rows.size() + 2 * std::max(m_entries, 1), 0.0);
    }
  }
  return m_rows.data() + static_cast<std::size_t>(r) * 2 * std::max(m_entries, 1);
}

void KvStore::place(double* e, int chip, double bytes) {
  const double to_sram = std::clamp(m_sram_capacity - m_sram_used[chip], 0.0, bytes);
  const double to_dram = bytes - to_sram;
  const int package = m_chip_package[chip];
  if (m_dram_used[package] + to_dram > m_dram_capacity)
    throw std::runtime_error("KV cache of chip " + std::to_string(chip) + " needs more than " +
                             std::to_string(m_dram_capacity / 1e9) +
                             " GB of package DRAM; raise chip.kv_cache.dram.capacity or "
                             "system.memory_stacks_per_package, or lower the batch");
  m_sram_used[chip] += to_sram;
  m_dram_used[package] += to_dram;
  e[0] += to_sram;
  e[1] += to_dram;
}

double KvStore::write(int slot, int entry, double bytes, double ready_s, double now_s,
                      double& energy_j) {
  double* e = row(slot) + 2 * entry;
  const double sram0 = e[0], dram0 = e[1];
  const int chip = m_entry_chip[entry];
  place(e, chip, bytes);
  return std::max(m_sram[chip].access(e[0] - sram0, ready_s, now_s, energy_j),
                  m_dram[m_chip_package[chip]].access(e[1] - dram0, ready_s, now_s, energy_j));
}

double KvStore::read(int slot, int entry, double ready_s, double now_s, double& energy_j) {
  const double* e = row(slot) + 2 * entry;
  const int chip = m_entry_chip[entry];
  return std::max(m_sram[chip].access(e[0], ready_s, now_s, energy_j),
                  m_dram[m_chip_package[chip]].access(e[1], ready_s, now_s, energy_j));
}

void KvStore::release(int slot) {
  if (slot < 0 || static_cast<std::size_t>(slot) >= m_slot_row.size() || m_slot_row[slot] < 0)
    return;
  double* r = row(slot);
  for (int e = 0; e < m_entries; ++e) {
    const int chip = m_entry_chip[e];
    m_sram_used[chip] -= r[2 * e];
    m_dram_used[m_chip_package[chip]] -= r[2 * e + 1];
    r[2 * e] = r[2 * e + 1] = 0.0;
  }
  m_free_rows.push_back(m_slot_row[slot]);
  m_slot_row[slot] = -1;
}

void KvStore::adopt(int slot, const std::vector<double>& bytes_per_entry) {
  double* r = row(slot);
  for (int e = 0; e < m_entries; ++e) place(r + 2 * e, m_entry_chip[e], bytes_per_entry[e]);
}

}  // namespace aimcsim::workloads::serving
