// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>

namespace aimcsim::io {

/// An output could not be written (disk full, I/O error, permission lost mid-run): the run
/// cannot complete for a reason other than its input. The CLI exits with code 1.
class WriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Writes `text` to a new file `file` (which must not exist) and checks every step: each
/// write(2), fsync(2) so a full disk or a failing device is reported now rather than after the
/// rename that commits a results folder, and close(2). Throws WriteError naming the file and the
/// system's reason.
void write_new_file(const std::filesystem::path& file, const std::string& text);

}  // namespace aimcsim::io
