// SPDX-License-Identifier: Apache-2.0
#include "workloads/tile_linears.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "sim/system.hpp"
#include "tiles/physics/rng.hpp"

namespace aimcsim::workloads {

namespace {

/// The runner's linears a mapped matrix holds, in output order.
std::vector<LinearKind> parts_of(const std::string& name) {
  if (name == "q_proj") return {LinearKind::q};
  if (name == "k_proj") return {LinearKind::k};
  if (name == "v_proj") return {LinearKind::v};
  if (name == "qkv_proj") return {LinearKind::q, LinearKind::k, LinearKind::v};
  if (name == "o_proj") return {LinearKind::o};
  if (name == "gate_proj") return {LinearKind::gate};
  if (name == "up_proj") return {LinearKind::up};
  if (name == "gate_up_proj") return {LinearKind::gate, LinearKind::up};
  if (name == "down_proj") return {LinearKind::down};
  if (name == "lm_head") return {LinearKind::lm_head};
  throw std::logic_error("mapped linear '" + name + "' has no runner counterpart");
}

}  // namespace

TileLinears::TileLinears(System& system, const Mapping& mapping, const FloatWeights& weights,
                         unsigned threads)
    : m_mapping(mapping),
      m_w(weights),
      m_digital(weights),
      m_pool(std::max(1u, threads)),
      m_tile_rows(mapping.tile_rows),
      m_tile_cols(mapping.tile_cols) {
  const int layers = mapping.model.layers;
  m_matrix_of.assign(static_cast<std::size_t>(layers) * k_block_linear_kinds + 1, -1);
  std::uint64_t index = 0;
  auto add = [&](const MappedLinear& l) {
    const std::uint64_t key = index++;
    if (!l.analog) return;
    Matrix m;
    m.mapped = &l;
    m.parts = parts_of(l.shape.name);
    m.index = key;
    for (const TilePlacement& t : l.tiles) {
      m.tiles.push_back({&system.tile(t).device_state(), t.block_row, t.block_col, t.rows_used,
                         t.cols_used});
    }
    m_tile_count += static_cast<long long>(m.tiles.size());
    for (const LinearKind k : m.parts)
      m_matrix_of[static_cast<std::size_t>(LinearId{l.layer, k}.index(layers))] =
          static_cast<int>(m_matrices.size());
    m_matrices.push_back(std::move(m));
  };
  for (const MappedBlock& b : mapping.blocks)
    for (const MappedLinear& l : b.linears) add(l);
  add(mapping.lm_head);
}

std::vector<float> TileLinears::fused_weights(const Matrix& m, int layer) const {
  const int in = m.mapped->shape.in;
  std::vector<float> w(static_cast<std::size_t>(m.mapped->shape.out) * in);
  std::size_t offset = 0;
  for (const LinearKind k : m.parts) {
    const FloatLinear& part = m_w.linear({layer, k});
    const std::size_t count = static_cast<std::size_t>(part.out) * in;
    std::memcpy(w.data() + offset, part.weight.data(), count * sizeof(float));
    offset += count;
  }
  return w;
}

void TileLinears::apply_input_ranges(const Matrix& m, int layer) {
  // A fused matrix has one input, and so one set of learned ranges (the first part's).
  const FloatLinear& l = m_w.linear({layer, m.parts.front()});
  if (l.input_ranges.empty()) return;
  m_has_learned_ranges = true;
  // A dynamic DAC sets its range from each input vector: learned ranges have no role there.
  if (m.tiles.empty() ||
      m.tiles.front().state->array().config().dac.range_mode != physics::DacRangeMode::static_range)
    return;
  // Slice k holds inputs [start[k], start[k + 1]): AIHWKIT-Lightning's near-equal split.
  const std::vector<int> sizes =
      afm_input_slice_sizes(l.in, static_cast<int>(l.input_ranges.size()));
  std::vector<int> start(sizes.size() + 1, 0);
  for (std::size_t k = 0; k < sizes.size(); ++k) start[k + 1] = start[k] + sizes[k];
  for (const Tile& t : m.tiles) {
    // The tile holds inputs [r * tile_rows, + rows): its DAC range is the largest learned range
    // of the slices it overlaps (the slice's own when tiles and slices coincide).
    const int first = t.r * m_tile_rows, end = first + t.rows;
    float range = 0;
    for (std::size_t k = 0; k < sizes.size(); ++k)
      if (start[k] < end && start[k + 1] > first) range = std::max(range, l.input_ranges[k]);
    t.state->set_input_range(range);
    ++m_learned_range_tiles;
  }
}

void TileLinears::program(std::uint64_t seed) {
  m_learned_range_tiles = 0;
  m_fused_matrix = -1;
  for (Matrix& m : m_matrices) {
    const int layer = m.mapped->layer;
    if (m.parts.size() > 1 && m.fused.empty()) m.fused = fused_weights(m, layer);
    const float* w = m.parts.size() == 1 ? m_w.linear({layer, m.parts.front()}).weight.data()
                                         : m.fused.data();
    const std::size_t ld = static_cast<std::size_t>(m.mapped->shape.in);
    const std::uint64_t linear_seed = physics::derive_seed(seed, m.index);
    const auto col_blocks = static_cast<std::uint64_t>(m.mapped->col_blocks);
    // Tiles share nothing: program them in parallel, each from its own seed.
    m_pool.parallel_for(m.tiles.size(), [&](std::size_t i) {
      const Tile& t = m.tiles[i];
      const float* block = w + static_cast<std::size_t>(t.c) * m_tile_cols * ld +
                           static_cast<std::size_t>(t.r) * m_tile_rows;
      t.state->program_view(block, t.rows, t.cols, ld,
                            physics::derive_seed(linear_seed, t.r * col_blocks + t.c));
    });
    apply_input_ranges(m, layer);
  }
}

void TileLinears::drift_to(double t_s) {
  m_fused_matrix = -1;
  for (const Matrix& m : m_matrices)
    m_pool.parallel_for(m.tiles.size(), [&](std::size_t i) { m.tiles[i].state->drift_to(t_s); });
}

void TileLinears::multiply(const Matrix& m, const float* x, int n, float* y) {
  const MappedLinear& l = *m.mapped;
  const std::size_t in = static_cast<std::size_t>(l.shape.in);
  const std::size_t out = static_cast<std::size_t>(l.shape.out);
  const std::size_t rows = static_cast<std::size_t>(n);
  // Each row block's slice of the inputs, contiguous as the tile's DAC rows receive it.
  m_inputs.resize(static_cast<std::size_t>(l.row_blocks));
  for (int r = 0; r < l.row_blocks; ++r) {
    const std::size_t width = static_cast<std::size_t>(l.tile(r, 0).rows_used);
    auto& buf = m_inputs[r];
    buf.resize(rows * width);
    for (std::size_t b = 0; b < rows; ++b)
      std::memcpy(buf.data() + b * width, x + b * in + std::size_t(r) * m_tile_rows,
                  width * sizeof(float));
  }
  m_partials.resize(std::max(m_partials.size(), m.tiles.size()));
  m_pool.parallel_for(m.tiles.size(), [&](std::size_t i) {
    const Tile& t = m.tiles[i];
    auto& part = m_partials[i];
    part.resize(rows * static_cast<std::size_t>(t.cols));
    t.state->mvm(m_inputs[t.r].data(), n, part.data());
  });
  // Digital accumulation of the column blocks' partial sums, row block by row block.
  m_pool.parallel_for(static_cast<std::size_t>(l.col_blocks), [&](std::size_t c) {
    for (int r = 0; r < l.row_blocks; ++r) {
      const std::size_t i = static_cast<std::size_t>(r) * l.col_blocks + c;
      const Tile& t = m.tiles[i];
      const auto cols = static_cast<std::size_t>(t.cols);
      const float* part = m_partials[i].data();
      for (std::size_t b = 0; b < rows; ++b) {
        float* dst = y + b * out + c * m_tile_cols;
        const float* src = part + b * cols;
        if (r == 0)
          std::memcpy(dst, src, cols * sizeof(float));
        else
          for (std::size_t k = 0; k < cols; ++k) dst[k] += src[k];
      }
    }
  });
}

int TileLinears::part_offset(const Matrix& m, int layer, LinearKind kind) const {
  int offset = 0;
  for (const LinearKind k : m.parts) {
    if (k == kind) return offset;
    offset += m_w.linear({layer, k}).out;
  }
  throw std::logic_error("linear part not in its fused matrix");
}

void TileLinears::forward(const LinearId& id, const float* x, int n, float* y) {
  const int which = m_matrix_of[static_cast<std::size_t>(id.index(m_mapping.model.layers))];
  if (which < 0) {  // kept digital by the mapping
    m_digital.forward(id, x, n, y);
    return;
  }
  const Matrix& m = m_matrices[static_cast<std::size_t>(which)];
  if (m.parts.size() == 1) {
    multiply(m, x, n, y);
    return;
  }
  // Fused: one product per input; the parts read their columns of it.
  const std::size_t out = static_cast<std::size_t>(m.mapped->shape.out);
  // The first part always multiplies (a new window may reuse the same buffer); the others reuse
  // its product when they see the same input.
  if (id.kind == m.parts.front() || m_fused_matrix != which || m_fused_x != x || m_fused_n != n) {
    m_fused_out.resize(out * static_cast<std::size_t>(n));
    multiply(m, x, n, m_fused_out.data());
    m_fused_matrix = which;
    m_fused_x = x;
    m_fused_n = n;
  }
  const int width = m_w.linear(id).out;
  const int offset = part_offset(m, id.layer, id.kind);
  for (int b = 0; b < n; ++b)
    std::memcpy(y + std::size_t(b) * width, m_fused_out.data() + b * out + offset,
                sizeof(float) * width);
}

}  // namespace aimcsim::workloads
