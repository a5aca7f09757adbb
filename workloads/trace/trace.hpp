// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace aimcsim::workloads::trace {

/// File formats of LLM inference traces (docs/serving.md, "Trace formats").
enum class TraceFormat { automatic, azure, mooncake, splitwise, native };

/// "auto", "azure", "mooncake", "splitwise", "native" -> format; throws std::invalid_argument
/// naming the word and the expected ones.
TraceFormat parse_trace_format(const std::string& word);
const char* trace_format_name(TraceFormat f);

/// One request of a trace, as the serving scheduler sees it.
struct TraceRequest {
  long long id = 0;        ///< index among the kept requests, in arrival order (0, 1, ...)
  long long line = 0;      ///< 1-based line of the file it came from
  double arrival_s = 0;    ///< arrival time [s] after the first kept request's (window start)
  int prompt_tokens = 1;   ///< >= 1
  int output_tokens = 1;   ///< tokens generated, the first by the prefill (>= 1)
  int priority = 0;        ///< native format only; smaller = served first by the priority policy
  /// Mooncake only: ids of the prompt's prefix blocks of `Trace::prefix_block_tokens` tokens
  /// each; two requests sharing leading ids share that KV-cache prefix.
  std::vector<std::uint64_t> prefix_blocks;
};

/// How to read a trace and which part of it to keep.
struct TraceReadOptions {
  TraceFormat format = TraceFormat::automatic;
  bool skip_bad_rows = false;  ///< count and report malformed rows instead of failing
  /// Arrival times are multiplied by this (0.5 = the same requests twice as fast); > 0.
  double time_scale = 1.0;
  /// Keep requests arriving in [start_s, start_s + duration_s) of trace time (seconds after
  /// the file's first timestamp, before scaling).
  double start_s = 0;
  double duration_s = std::numeric_limits<double>::infinity();
  long long max_requests = 0;  ///< keep at most this many (0 = all), after the window
};

/// A trace read from a file: the kept requests sorted by arrival (stable: file order breaks ties).
struct Trace {
  std::string source;  ///< the file name as given
  TraceFormat format = TraceFormat::azure;
  std::vector<TraceRequest> requests;
  long long rows = 0;          ///< data rows in the file (header and blank final line excluded)
  long long skipped_rows = 0;  ///< malformed rows skipped under skip_bad_rows
  /// The first few skipped rows' one-line reasons ("file:line: ...") for the report.
  std::vector<std::string> skipped_reasons;
  long long outside_window = 0;  ///< well-formed rows left out by start/duration/max_requests
  int prefix_block_tokens = 512;  ///< Mooncake's hash-id block size [tokens]
};

/// Reads and validates a trace. Errors (unreadable file, unknown format, malformed row without
/// skip_bad_rows, no request left) throw config::ConfigError-style one-line messages naming the
/// file and line ("FILE:LINE: ...: expected ...").
Trace read_trace(const std::string& path, const TraceReadOptions& options);

/// The same on text already in memory; `source` names it in messages (fuzz target, tests).
Trace parse_trace(std::string_view text, const std::string& source,
                  const TraceReadOptions& options);

}  // namespace aimcsim::workloads::trace
