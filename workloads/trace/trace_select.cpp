// SPDX-License-Identifier: Apache-2.0
// From well-formed rows to the requests a run serves: time order, the window of trace time,
// the request limit, and the time scale.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "sim/config/config_error.hpp"
#include "workloads/trace/trace_rows.hpp"

namespace aimcsim::workloads::trace {
namespace {

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", s);
  return buf;
}

}  // namespace

Trace select_requests(RawTrace raw, const std::string& source, TraceFormat format,
                      const TraceReadOptions& options) {
  Trace trace;
  trace.source = source;
  trace.format = format;
  trace.rows = raw.data_rows;
  trace.skipped_rows = raw.skipped_rows;
  trace.skipped_reasons = std::move(raw.skipped_reasons);
  std::vector<RawRow>& rows = raw.rows;
  if (rows.empty())
    fail_at(source, 0,
            "no request: " +
                (raw.data_rows == 0
                     ? std::string("the file holds no data row")
                     : "all " + std::to_string(raw.skipped_rows) + " rows are malformed") +
                "; expected at least one well-formed row");
  // Trace time starts at the earliest timestamp (the first row's in a file sorted by time).
  // Azure rows are already relative (exact integer ticks); the other formats give times from
  // an origin of their own, which the window should not depend on.
  const double origin =
      std::min_element(rows.begin(), rows.end(), [](const RawRow& a, const RawRow& b) {
        return a.time_s < b.time_s;
      })->time_s;
  for (RawRow& r : rows) r.time_s -= origin;
  std::stable_sort(rows.begin(), rows.end(),
                   [](const RawRow& a, const RawRow& b) { return a.time_s < b.time_s; });

  const double end_s = options.start_s + options.duration_s;  // may be +inf
  const double span_s = rows.back().time_s;
  const auto max_kept =
      options.max_requests > 0 ? static_cast<std::size_t>(options.max_requests) : rows.size();
  double first_s = 0;
  for (RawRow& r : rows) {
    if (r.time_s < options.start_s || !(r.time_s < end_s) || trace.requests.size() == max_kept)
      continue;
    if (trace.requests.empty()) first_s = r.time_s;
    TraceRequest q;
    q.line = r.line;
    q.arrival_s = (r.time_s - first_s) * options.time_scale;
    if (!std::isfinite(q.arrival_s))
      throw config::ConfigError("--time-scale: " + seconds_text(options.time_scale) +
                                " makes the arrival at " + seconds_text(r.time_s) + " s of " +
                                shown_source(source) + " overflow; expected a smaller scale");
    q.prompt_tokens = r.prompt_tokens;
    q.output_tokens = r.output_tokens;
    q.priority = r.priority;
    q.prefix_blocks = std::move(r.prefix_blocks);
    trace.requests.push_back(std::move(q));
  }
  // Subtracting the first time and scaling can round two distinct times to one arrival; the
  // contract orders equal arrivals by line, so those (rare) pairs are put in file order.
  std::sort(trace.requests.begin(), trace.requests.end(),
            [](const TraceRequest& a, const TraceRequest& b) {
              return a.arrival_s < b.arrival_s || (a.arrival_s == b.arrival_s && a.line < b.line);
            });
  for (std::size_t i = 0; i < trace.requests.size(); ++i)
    trace.requests[i].id = static_cast<long long>(i);
  trace.outside_window = static_cast<long long>(rows.size() - trace.requests.size());
  if (trace.requests.empty())
    fail_at(source, 0,
            "no request in the window [" + seconds_text(options.start_s) + " s, " +
                seconds_text(end_s) + " s) of trace time; expected --start and " +
                "--duration to cover part of the trace's " + seconds_text(span_s) + " s (" +
                std::to_string(rows.size()) + " requests)");
  return trace;
}

}  // namespace aimcsim::workloads::trace
