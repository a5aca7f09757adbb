// SPDX-License-Identifier: Apache-2.0
// Entry points of the trace readers: format names, option checks, format detection, reading
// the file, and the reporting of malformed rows shared by every format.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "sim/config/config_error.hpp"
#include "sim/config/text_check.hpp"
#include "workloads/trace/trace.hpp"
#include "workloads/trace/trace_rows.hpp"
#include "workloads/trace/trace_text.hpp"

namespace aimcsim::workloads::trace {
namespace {

/// Largest trace file read [bytes]: 1 GiB, ~7x the largest public LLM trace we know of (Azure
/// LLM inference 2024, ~150 MB a week); it keeps /dev/zero or a wrong multi-GB file from
/// exhausting memory.
constexpr std::uintmax_t k_max_trace_bytes = std::uintmax_t{1} << 30;

constexpr const char* k_format_list = "auto, azure, mooncake, splitwise or native";

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

void check_options(const TraceReadOptions& o) {
  if (!(std::isfinite(o.time_scale) && o.time_scale > 0))
    throw config::ConfigError("--time-scale: " + number_text(o.time_scale) +
                              "; expected a finite number > 0 (0.5 = twice as fast)");
  if (!(std::isfinite(o.start_s) && o.start_s >= 0))
    throw config::ConfigError("--start: " + number_text(o.start_s) +
                              "; expected a finite time in s >= 0 after the trace's first request");
  if (!(o.duration_s > 0))
    throw config::ConfigError("--duration: " + number_text(o.duration_s) +
                              "; expected a time in s > 0");
  if (o.max_requests < 0)
    throw config::ConfigError("--max-requests: " + std::to_string(o.max_requests) +
                              "; expected a count >= 0 (0 = all)");
}

/// The format named by the first non-blank line (docs/serving.md, "Trace formats").
TraceFormat detect_format(std::string_view text, const std::string& source) {
  for (const TextLine& line : split_lines(text)) {
    std::string_view t = line.text;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    if (t.empty()) continue;
    if (t.front() == '{') return TraceFormat::mooncake;
    std::vector<std::string> header;
    try {
      header = split_csv(t);
    } catch (const RowProblem&) {
      // not a CSV line either: the error below names it
    }
    const auto has = [&](const char* name) {
      return std::find(header.begin(), header.end(), name) != header.end();
    };
    if (has("TIMESTAMP")) return TraceFormat::azure;
    if (has("arrived_at")) return TraceFormat::splitwise;
    if (has("arrival_s")) return TraceFormat::native;
    fail_at(source, line.number,
            "first line " + quote_field(t) +
                " names no trace format; expected a JSON object (mooncake) or a CSV header with "
                "a TIMESTAMP (azure), arrived_at (splitwise) or arrival_s (native) column");
  }
  fail_at(source, 0,
          "empty; expected a trace in one of the formats azure, mooncake, splitwise "
          "or native (docs/serving.md)");
}

}  // namespace

TraceFormat parse_trace_format(const std::string& word) {
  for (const TraceFormat f : {TraceFormat::automatic, TraceFormat::azure, TraceFormat::mooncake,
                              TraceFormat::splitwise, TraceFormat::native})
    if (word == trace_format_name(f)) return f;
  throw std::invalid_argument("--trace-format: " + quote_field(word) + "; expected " +
                              k_format_list);
}

const char* trace_format_name(TraceFormat f) {
  switch (f) {
    case TraceFormat::automatic: return "auto";
    case TraceFormat::azure: return "azure";
    case TraceFormat::mooncake: return "mooncake";
    case TraceFormat::splitwise: return "splitwise";
    case TraceFormat::native: return "native";
  }
  return "?";
}

std::string shown_source(const std::string& source) { return config::printable(source, 1000); }

void fail_at(const std::string& source, long long line, const std::string& what) {
  throw config::ConfigError(shown_source(source) +
                            (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + what);
}

void BadRows::add(long long line, const std::string& reason) {
  if (!m_skip) fail_at(m_source, line, reason);
  ++m_out.skipped_rows;
  if (m_out.skipped_reasons.size() < k_max_skipped_reasons)
    m_out.skipped_reasons.push_back(shown_source(m_source) + ":" + std::to_string(line) + ": " +
                                    reason);
}

Trace parse_trace(std::string_view text, const std::string& source,
                  const TraceReadOptions& options) {
  check_options(options);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte-order mark
  TraceFormat format = options.format;
  if (format == TraceFormat::automatic) format = detect_format(text, source);
  const bool skip = options.skip_bad_rows;
  RawTrace raw;
  switch (format) {
    case TraceFormat::azure: raw = read_azure(text, source, skip); break;
    case TraceFormat::mooncake: raw = read_mooncake(text, source, skip); break;
    case TraceFormat::splitwise: raw = read_splitwise(text, source, skip); break;
    case TraceFormat::native: raw = read_native(text, source, skip); break;
    case TraceFormat::automatic: break;  // resolved above
  }
  return select_requests(std::move(raw), source, format, options);
}

Trace read_trace(const std::string& path, const TraceReadOptions& options) {
  check_options(options);  // before touching the file: a bad flag is named first
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    fail_at(path, 0, "is a directory; expected a trace file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_at(path, 0, std::string("cannot open: ") + std::strerror(errno));
  std::string text;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > k_max_trace_bytes)
      fail_at(path, 0, "is larger than 1 GiB; expected a trace file of at most 1 GiB");
  }
  if (in.bad()) fail_at(path, 0, std::string("read error: ") + std::strerror(errno));
  return parse_trace(text, path, options);
}

}  // namespace aimcsim::workloads::trace
