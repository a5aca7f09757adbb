// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Helpers of the trace reader tests: parse a text in memory, or get its one-line error.
#include <gtest/gtest.h>

#include <string>

#include "sim/config/config_error.hpp"
#include "workloads/trace/trace.hpp"

namespace aimcsim::test {

namespace tr = workloads::trace;

/// `text` parsed as the file "t.csv" with `options`.
inline tr::Trace parse_text(const std::string& text, tr::TraceReadOptions options = {}) {
  return tr::parse_trace(text, "t.csv", options);
}

/// The ConfigError message of parsing `text` as "t.csv", or "no error".
inline std::string trace_error(const std::string& text, tr::TraceReadOptions options = {}) {
  try {
    parse_text(text, options);
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

inline tr::TraceReadOptions with_format(tr::TraceFormat f, bool skip = false) {
  tr::TraceReadOptions o;
  o.format = f;
  o.skip_bad_rows = skip;
  return o;
}

}  // namespace aimcsim::test
