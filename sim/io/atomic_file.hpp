// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <filesystem>
#include <string>

namespace aimcsim::io {

/// Replaces (or creates) `file` with `text` atomically: the text goes to a hidden temporary file
/// beside it (".<name>.tmp-<PID>"), checked and fsync'ed by write_new_file, which is then renamed
/// over `file`. A reader sees the old content or the new one, never a part; a process killed
/// mid-write leaves at most the temporary file, never a truncated `file`. Throws WriteError.
void replace_file_atomically(const std::filesystem::path& file, const std::string& text);

}  // namespace aimcsim::io
