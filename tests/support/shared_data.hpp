// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Where tests find the real inputs nobody on the project wrote (../shared/data beside the
/// checkout: traces, the llama2.c stories260K checkpoint and tokenizer, TinyStories text).
/// Header-only: parser tests link no test-support library.

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

}  // namespace aimcsim::test
