// SPDX-License-Identifier: Apache-2.0
#include "tests/sweep/sweep_fixture.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace aimcsim::test {
namespace fs = std::filesystem;

SweepFixture::SweepFixture() { write_small_llama(m_tmp.path()); }

fs::path SweepFixture::write(const std::string& name, const std::string& text) const {
  write_text(m_tmp / name, text);
  return m_tmp / name;
}

std::string tiny_sweep_yaml(const std::string& extra) {
  return R"(version: 1
name: tiny
base:
  arch: hermes
  params:
    workload.prompt_tokens: 4
    workload.decode_tokens: 2
commands:
  run: [--model, config.json]
axes:
  chip.analog_tile.adc.bits: [4, 6, 8]
  chip.max_area: [858mm2, 100mm2]
)" + extra;
}

std::vector<std::vector<std::string>> read_csv(const fs::path& file) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read_text(file));
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted) {
        if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          field += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.push_back(field);
        field.clear();
      } else {
        field += c;
      }
    }
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

std::vector<std::vector<std::string>> without_wall_times(
    std::vector<std::vector<std::string>> rows) {
  if (rows.empty()) return rows;
  std::vector<bool> drop;
  for (const auto& h : rows[0])
    drop.push_back(h.size() >= 6 && h.compare(h.size() - 6, 6, "wall_s") == 0);
  for (auto& row : rows) {
    std::vector<std::string> kept;
    for (std::size_t i = 0; i < row.size(); ++i)
      if (i >= drop.size() || !drop[i]) kept.push_back(row[i]);
    row = kept;
  }
  return rows;
}

std::vector<std::string> point_folders(const fs::path& sweep_dir) {
  std::vector<std::string> names;
  if (!fs::exists(sweep_dir / "points")) return names;
  for (const auto& e : fs::directory_iterator(sweep_dir / "points"))
    names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace aimcsim::test
