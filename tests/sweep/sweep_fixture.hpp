// SPDX-License-Identifier: Apache-2.0
// Shared by the process-level sweep tests: a folder holding a tiny model and a sweep file, and
// readers of the tables a sweep writes.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/support/test_support.hpp"

namespace aimcsim::test {

/// A temporary folder with config.json (the small Llama of write_small_llama: 20 tiles, a run
/// of a few tens of milliseconds on hermes) and sweep files written into it.
class SweepFixture {
 public:
  SweepFixture();
  const std::filesystem::path& dir() const { return m_tmp.path(); }
  std::filesystem::path operator/(const std::string& name) const { return m_tmp / name; }
  /// Writes `name` with `text`; returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const;

 private:
  TempDir m_tmp;
};

/// The tiny sweep: hermes, the small Llama, 4 prompt and 2 decode tokens; axes
/// chip.analog_tile.adc.bits [4, 6, 8] x chip.max_area [858mm2, 100mm2]. The chip takes
/// 146.4 mm2, so every point with 100 mm2 passes validation but fails at run time (exit 2,
/// chip_area.cpp): points 0001, 0003, 0005 fail, 0000, 0002, 0004 run. `extra` is appended.
std::string tiny_sweep_yaml(const std::string& extra = "");

/// A CSV file as rows of fields (RFC 4180 quoting; no line breaks inside fields).
std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& file);

/// `rows` without the columns whose header ends with "wall_s" (wall-clock times differ between
/// any two runs; everything else must be bit-identical).
std::vector<std::vector<std::string>> without_wall_times(
    std::vector<std::vector<std::string>> rows);

/// The names of the point folders under `sweep_dir`/points.
std::vector<std::string> point_folders(const std::filesystem::path& sweep_dir);

}  // namespace aimcsim::test
