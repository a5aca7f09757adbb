// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// What the format readers hand to the request selection (trace_select.cpp), and how they
/// report a malformed row. Internal to workloads/trace.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/trace/trace.hpp"

namespace aimcsim::workloads::trace {

/// Largest token count a row may give (prompt or output): 2^24 = 16,777,216 tokens, far beyond
/// any model's context (the longest Azure 2023 context is 14,050) yet small enough that sums
/// over millions of requests stay exact in a double and an int.
inline constexpr long long k_max_tokens = 1LL << 24;

/// How many skipped rows' reasons a Trace keeps for the report.
inline constexpr std::size_t k_max_skipped_reasons = 10;

/// One well-formed row, before sorting and windowing.
struct RawRow {
  double time_s = 0;  ///< trace time [s]: after the file's earliest timestamp (see select)
  long long line = 0;
  int prompt_tokens = 1;
  int output_tokens = 1;
  int priority = 0;
  std::vector<std::uint64_t> prefix_blocks;
};

/// A format reader's result: its rows in file order and the row count.
struct RawTrace {
  std::vector<RawRow> rows;
  long long data_rows = 0;  ///< well-formed and malformed data rows
  long long skipped_rows = 0;
  std::vector<std::string> skipped_reasons;
};

/// Why one row is malformed, without the "file:line: " prefix: "COLUMN: problem; expected ...".
class RowProblem : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Collects malformed rows: throws config::ConfigError "SOURCE:LINE: reason" at the first one,
/// or under skip_bad_rows counts it and keeps the first k_max_skipped_reasons reasons.
class BadRows {
 public:
  BadRows(const std::string& source, bool skip, RawTrace& out)
      : m_source(source), m_skip(skip), m_out(out) {}
  void add(long long line, const std::string& reason);

 private:
  const std::string& m_source;
  bool m_skip;
  RawTrace& m_out;
};

/// `source` as it appears in messages: control bytes and invalid UTF-8 escaped (\xNN).
std::string shown_source(const std::string& source);

/// Throws config::ConfigError "SHOWN_SOURCE:LINE: what" (LINE left out when 0).
[[noreturn]] void fail_at(const std::string& source, long long line, const std::string& what);

/// The format readers. `text` has no UTF-8 byte-order mark; lines are numbered from 1.
RawTrace read_azure(std::string_view text, const std::string& source, bool skip_bad_rows);
RawTrace read_splitwise(std::string_view text, const std::string& source, bool skip_bad_rows);
RawTrace read_native(std::string_view text, const std::string& source, bool skip_bad_rows);
RawTrace read_mooncake(std::string_view text, const std::string& source, bool skip_bad_rows);

/// Sorts the rows by time (stable), applies the window, max_requests and time_scale of
/// `options` (already validated) and fills the Trace; throws when no request is left.
Trace select_requests(RawTrace raw, const std::string& source, TraceFormat format,
                      const TraceReadOptions& options);

}  // namespace aimcsim::workloads::trace
