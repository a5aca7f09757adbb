// SPDX-License-Identifier: Apache-2.0
#include "tiles/kv_cache_memory.hpp"

#include <climits>
#include "sim/kernel/sim_time.hpp"

#include <algorithm>
#include <stdexcept>

namespace aimcsim::tiles {

KvCacheMemory::KvCacheMemory(sc_core::sc_module_name name, const KvCacheParams& params,
                             PackageDram& dram, std::string stats_path)
    : sc_core::sc_module(name),
      socket("socket"),
      m_params(params),
      m_sram("sram", "kv_cache.sram", stats_path + ".sram", params.sram.bandwidth_bytes_per_s, 0,
             params.sram.energy_per_bit_j, params.sram.static_power_w(), params.sram.area_mm2()),
      m_package_dram(dram),
      m_dram(*dram.port) {
  socket.register_b_transport(this, &KvCacheMemory::b_transport);
}

std::pair<double, double> KvCacheMemory::place(const kernel::AimcPayload& p) {
  const double bytes = double(p.tokens) * p.bytes_per_token;
  const double to_sram = std::clamp(m_params.sram.capacity_bytes - m_sram_used, 0.0, bytes);
  const double to_dram = bytes - to_sram;
  if (m_package_dram.used_bytes + to_dram > m_package_dram.capacity_bytes)
    throw std::runtime_error("KV cache of chip '" + std::string(name()) + "' needs more than " +
                             std::to_string(m_package_dram.capacity_bytes / 1e9) +
                             " GB of package DRAM; raise chip.kv_cache.dram.capacity or "
                             "system.memory_stacks_per_package, or lower the batch");
  m_sram_used += to_sram;
  m_dram_used += to_dram;
  m_package_dram.used_bytes += to_dram;
  auto& e = m_entries[{p.sequence, p.layer, p.shard}];
  e.first += to_sram;
  e.second += to_dram;
  return {to_sram, to_dram};
}

double KvCacheMemory::write(kernel::AimcPayload& p, double ready_s) {
  const auto [to_sram, to_dram] = place(p);
  double energy = 0;
  const double done = std::max(m_sram.access(to_sram, ready_s, energy),
                               m_dram.access(to_dram, ready_s, energy));
  p.energy_j = energy;
  return done;
}

double KvCacheMemory::read(kernel::AimcPayload& p, double ready_s) {
  const auto it = m_entries.find({p.sequence, p.layer, p.shard});
  const double sram_bytes = it == m_entries.end() ? 0.0 : it->second.first;
  const double dram_bytes = it == m_entries.end() ? 0.0 : it->second.second;
  double energy = 0;
  const double done = std::max(m_sram.access(sram_bytes, ready_s, energy),
                               m_dram.access(dram_bytes, ready_s, energy));
  p.energy_j = energy;
  return done;
}

void KvCacheMemory::release(const kernel::AimcPayload& p) {
  for (auto it = m_entries.lower_bound({p.sequence, INT_MIN, INT_MIN});
       it != m_entries.end() && std::get<0>(it->first) == p.sequence;) {
    m_sram_used -= it->second.first;
    m_dram_used -= it->second.second;
    m_package_dram.used_bytes -= it->second.second;
    it = m_entries.erase(it);
  }
}

void KvCacheMemory::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  auto* p = trans.get_extension<kernel::AimcPayload>();
  const double now = kernel::now_s();
  const double ready = now + kernel::seconds(delay);
  double done = ready;
  if (!p) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  switch (p->command) {
    case kernel::Command::kv_write: done = write(*p, ready); break;
    case kernel::Command::kv_read: done = read(*p, ready); break;
    case kernel::Command::kv_release: release(*p); p->energy_j = 0; break;
    case kernel::Command::kv_adopt: place(*p); p->energy_j = 0; break;
    case kernel::Command::dram_read: {
      double energy = 0;
      done = m_dram.access(p->bytes, ready, energy);
      p->energy_j = energy;
      break;
    }
    default: trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE); return;
  }
  delay = kernel::delay_until(done, now);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace aimcsim::tiles
