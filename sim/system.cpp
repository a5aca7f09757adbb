// SPDX-License-Identifier: Apache-2.0
#include "sim/system.hpp"

#include "sim/chip_area.hpp"

#include <algorithm>
#include <string>

#include "tiles/physics/rng.hpp"
#include "sim/kernel/sim_time.hpp"

#include <tlm_utils/tlm_quantumkeeper.h>

namespace aimcsim {

namespace {
/// Per chip and mesh node: whether the mapping places a weight block there.
std::vector<std::vector<bool>> mapped_nodes(const workloads::Mapping& m, int tiles_per_chip) {
  std::vector<std::vector<bool>> out(m.chips, std::vector<bool>(tiles_per_chip, false));
  auto add = [&](const workloads::MappedLinear& l) {
    for (const auto& t : l.tiles) out[t.node.chip][t.node.node] = true;
  };
  for (const auto& b : m.blocks)
    for (const auto& l : b.linears) add(l);
  add(m.lm_head);
  return out;
}
}  // namespace

Chip::Chip(sc_core::sc_module_name name, int index, const ChipParams& params,
           tiles::PackageDram& dram, const std::vector<bool>& mapped)
    : sc_core::sc_module(name) {
  const std::string prefix = "chip" + std::to_string(index);
  tile_states.resize(params.tiles_per_chip());
  tile_at.assign(params.tiles_per_chip(), nullptr);
  long long unmapped = 0;
  for (int t = 0; t < params.tiles_per_chip(); ++t) {
    if (!mapped[t]) {
      ++unmapped;
      continue;
    }
    const std::string n = "tile" + std::to_string(t);
    tiles.push_back(std::make_unique<tiles::AnalogTile>(n.c_str(), params.analog_tile,
                                                        tile_states[t], prefix + ".tiles"));
    tile_at[t] = tiles.back().get();
  }
  // Unmapped tiles never receive an MVM, so their states stay zero and their reports are all
  // alike (static power and area only): one module over a zeroed state stands for all of them.
  if (unmapped > 0)
    tiles.push_back(std::make_unique<tiles::AnalogTile>(
        "unmapped_tiles", params.analog_tile, idle_state, prefix + ".tiles", unmapped));
  tile_bank = std::make_unique<tiles::TileBank>("tile_bank", params.analog_tile, tile_states);
  for (int d = 0; d < params.digital_unit.count; ++d) {
    const std::string n = "du" + std::to_string(d);
    digital_units.push_back(std::make_unique<tiles::DigitalUnit>(n.c_str(), params.digital_unit,
                                                                 prefix + ".digital_units"));
  }
  memory = std::make_unique<tiles::KvCacheMemory>("kv_cache", params.kv_cache, dram,
                                                  prefix + ".kv_cache");
}

System::System(sc_core::sc_module_name name, const RunConfig& cfg,
               const workloads::Mapping& mapping)
    : sc_core::sc_module(name) {
  if (sc_core::sc_get_time_resolution() != sc_core::sc_time(1, sc_core::SC_PS))
    SC_REPORT_FATAL("aimcsim/system", "the SystemC time resolution must be 1 ps");
  tlm_utils::tlm_quantumkeeper::set_global_quantum(
      kernel::to_sc_time(cfg.simulation.quantum_s));
  const int packages = cfg.system.packages(mapping.chips);
  const int stacks = cfg.system.memory_stacks_per_package;
  const auto& dram = cfg.chip.kv_cache.dram;
  m_drams.resize(packages);
  for (int p = 0; p < packages; ++p) {
    const std::string n = "dram" + std::to_string(p);
    m_drams[p].port = std::make_unique<tiles::MemoryPort>(
        n.c_str(), "dram", "package" + std::to_string(p) + ".dram",
        stacks * dram.bandwidth_bytes_per_s, dram.latency_s, dram.energy_per_bit_j,
        stacks * dram.static_power_w, 0.0);
    m_drams[p].capacity_bytes = stacks * dram.capacity_bytes;
  }
  const auto mapped = mapped_nodes(mapping, cfg.chip.tiles_per_chip());
  for (int c = 0; c < mapping.chips; ++c) {
    const std::string n = "chip" + std::to_string(c);
    m_chips.push_back(std::make_unique<Chip>(n.c_str(), c, cfg.chip,
                                             m_drams[c / cfg.system.chips_per_package],
                                             mapped[c]));
    const auto ends = interconnect::link_ends(cfg.system.chip_link.topology, mapping.chips,
                                              cfg.system.chips_per_package, c);
    const int dies = chip_area(cfg, ends.first, ends.second).dies;
    if (dies > 1)
      m_chips.back()->die_links = std::make_unique<interconnect::DieLinks>(
          ("die_links" + std::to_string(c)).c_str(), dies, cfg.system.chip_link,
          n + ".die_links");
  }
  interconnect::ChipLinkSetup links{cfg.system.chip_link, cfg.system.board_link,
                                    cfg.system.chips_per_package, cfg.chip.gating};
  m_fabric = std::make_unique<interconnect::Fabric>("fabric", cfg.chip.noc, cfg.chip.mesh_rows,
                                                    cfg.chip.mesh_cols, links, mapping.chips);
  m_router = std::make_unique<kernel::Router>("router");

  // Bind targets in AddressMap order: tiles, digital units, memories, fabric.
  kernel::AddressMap addr;
  for (auto& chip : m_chips) {
    m_router->bind_target(chip->tile_bank->socket, chip->tile_states.size());
    addr.tiles += chip->tile_states.size();
  }
  for (auto& chip : m_chips)
    for (auto& d : chip->digital_units) m_router->bind_target(d->socket), ++addr.digital_units;
  for (auto& chip : m_chips) m_router->bind_target(chip->memory->socket), ++addr.memories;
  m_router->bind_target(m_fabric->socket);

  m_sequencer = std::make_unique<workloads::Sequencer>("sequencer", mapping, cfg, addr);
  m_sequencer->socket.bind(m_router->target);
}

void System::run() {
  if (const std::exception_ptr e = run_capturing()) std::rethrow_exception(e);
}

std::exception_ptr System::run_capturing() {
  sc_core::sc_start();
  return m_sequencer->error();
}

void System::program_linear(const workloads::MappedLinear& linear, const float* weights,
                            std::uint64_t seed, double t_inference_s) {
  const std::size_t ld = static_cast<std::size_t>(linear.shape.in);
  const int rows = m_chips.front()->tiles.front()->params().rows;
  const int cols = m_chips.front()->tiles.front()->params().weight_cols();
  for (int r = 0; r < linear.row_blocks; ++r) {
    for (int c = 0; c < linear.col_blocks; ++c) {
      const workloads::TilePlacement& t = linear.tile(r, c);
      const float* block = weights + static_cast<std::size_t>(c) * cols * ld +
                           static_cast<std::size_t>(r) * rows;
      tiles::AnalogTile& tile_module = tile(t);
      tile_module.program(block, t.rows_used, t.cols_used, ld,
                          physics::derive_seed(seed, static_cast<std::uint64_t>(r) *
                                                         linear.col_blocks + c));
      tile_module.conductance()->drift_to(t_inference_s);
    }
  }
}

double System::functional_mvm(const workloads::MappedLinear& linear, const float* x,
                              long long batch, float* y) {
  const int rows = m_chips.front()->tiles.front()->params().rows;
  const int cols = m_chips.front()->tiles.front()->params().weight_cols();
  const std::size_t in = linear.shape.in, out = linear.shape.out;
  std::fill(y, y + batch * out, 0.0f);
  std::vector<float> xin, part;
  tlm::tlm_generic_payload trans;
  kernel::AimcPayload p;
  trans.set_extension(&p);
  double done = kernel::now_s();
  for (int r = 0; r < linear.row_blocks; ++r) {
    for (int c = 0; c < linear.col_blocks; ++c) {
      const workloads::TilePlacement& t = linear.tile(r, c);
      xin.resize(static_cast<std::size_t>(batch) * t.rows_used);
      for (long long b = 0; b < batch; ++b)
        std::copy_n(x + b * in + static_cast<std::size_t>(r) * rows, t.rows_used,
                    xin.begin() + b * t.rows_used);
      part.assign(static_cast<std::size_t>(batch) * t.cols_used, 0.0f);
      p = kernel::AimcPayload();
      p.command = kernel::Command::mvm;
      p.rows_used = t.rows_used;
      p.cols_used = t.cols_used;
      p.vectors = batch;
      p.input = xin.data();
      p.output = part.data();
      sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
      tile(t).socket.get_base_export()->b_transport(trans, delay);
      done = std::max(done, kernel::now_s() + kernel::seconds(delay));
      // Digital accumulation of the tile's ADC outputs.
      for (long long b = 0; b < batch; ++b)
        for (int k = 0; k < t.cols_used; ++k)
          y[b * out + static_cast<std::size_t>(c) * cols + k] += part[b * t.cols_used + k];
    }
  }
  trans.clear_extension(&p);
  return done;
}

}  // namespace aimcsim
