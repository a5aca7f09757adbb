// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Helpers of the tokenizer tests: files, the TinyStories split of the reference fixture.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace aimcsim::test {

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void spit(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

/// The stories of the TinyStories sample as tests/data/tokenizer/README.md says: cut at
/// "<|endoftext|>", C isspace() stripped at both ends, empty parts dropped.
inline std::vector<std::string> split_stories(const std::string& text) {
  const std::string sep = "<|endoftext|>";
  auto is_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  std::vector<std::string> out;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t hit = text.find(sep, pos);
    std::string part = text.substr(pos, hit == std::string::npos ? std::string::npos : hit - pos);
    std::size_t b = 0, e = part.size();
    while (b < e && is_space(part[b])) ++b;
    while (e > b && is_space(part[e - 1])) --e;
    if (e > b) out.push_back(part.substr(b, e - b));
    if (hit == std::string::npos) break;
    pos = hit + sep.size();
  }
  return out;
}

inline std::filesystem::path tokenizer_fixture(const std::string& name) {
  return std::filesystem::path(AIMCSIM_SOURCE_DIR) / "tests" / "data" / "tokenizer" / name;
}

}  // namespace aimcsim::test
