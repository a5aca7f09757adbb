// SPDX-License-Identifier: Apache-2.0
#include "sim/io/atomic_file.hpp"

#include <unistd.h>

#include "sim/io/checked_file.hpp"

namespace aimcsim::io {
namespace fs = std::filesystem;

void replace_file_atomically(const fs::path& file, const std::string& text) {
  const fs::path tmp =
      file.parent_path() / ("." + file.filename().string() + ".tmp-" + std::to_string(getpid()));
  std::error_code ec;
  fs::remove(tmp, ec);  // a leftover of this very PID (an earlier, killed process)
  write_new_file(tmp, text);
  fs::rename(tmp, file, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw WriteError(file.string() + ": cannot replace: " + ec.message());
  }
}

}  // namespace aimcsim::io
