// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

namespace aimcsim::sweep {

/// SHA-256 (FIPS 180-4) of `bytes` as 64 lower-case hex digits. Identifies a sweep file: shard
/// folders merge only when they were run from byte-identical sweep files.
std::string sha256_hex(const std::string& bytes);

}  // namespace aimcsim::sweep
