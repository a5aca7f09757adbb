// SPDX-License-Identifier: Apache-2.0
#include "tiles/conductance_state.hpp"

namespace aimcsim::tiles {

ConductanceState::ConductanceState(sc_core::sc_module_name name,
                                   const physics::TileConfig& config)
    : sc_core::sc_module(name), m_array(config) {}

void ConductanceState::program(const float* weights, int rows, int cols, std::size_t ld,
                               std::uint64_t seed) {
  m_array.program_output_major(weights, static_cast<std::size_t>(rows),
                               static_cast<std::size_t>(cols), ld, seed);
}

void ConductanceState::program_view(const float* weights, int rows, int cols, std::size_t ld,
                                    std::uint64_t seed) {
  m_array.program_output_major_view(weights, static_cast<std::size_t>(rows),
                                    static_cast<std::size_t>(cols), ld, seed);
}

void ConductanceState::mvm(const float* x, long long vectors, float* y) {
  m_array.mvm(x, static_cast<std::size_t>(vectors), y);
}

}  // namespace aimcsim::tiles
