// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the trace readers (parse_trace) on every format, automatic detection
// included, with and without skip_bad_rows.
//
// Input layout: 1 byte of options, then the trace text. Option bits: 0-2 max_requests (0..7),
// 3 start 1 s, 4 duration 2.5 s, 5 time_scale 0.5, 6 time_scale 1e300 (arrival overflow).
// Findings: a crash, sanitizer report or timeout; any exception other than ConfigError; an
// error message that is not one printable line naming the file; and a result breaking the
// contract of trace.hpp: requests not numbered 0, 1, ... or not sorted by arrival (ties in file
// order), a first arrival other than 0, a non-finite or negative arrival, token counts outside
// [1, 2^24], rows != kept + skipped + outside the window, skipped rows without skip_bad_rows,
// more than max_requests kept, priority or prefix blocks from a format that has none, a
// skipped reason that is not a one-line message naming the file; and differences between the
// modes: a file read without skipping must read the same with skip_bad_rows (nothing
// skipped), and a file the automatic detection reads must read the same as its format.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "sim/config/config_error.hpp"
#include "tests/fuzz/fuzz_oracle.hpp"
#include "workloads/trace/trace.hpp"

namespace {

namespace tr = aimcsim::workloads::trace;
const std::string k_source = "fuzz.trace";

std::optional<tr::Trace> read(const std::string& text, tr::TraceReadOptions options) {
  try {
    return tr::parse_trace(text, k_source, options);
  } catch (const aimcsim::config::ConfigError& e) {
    aimcsim::fuzz::check_error_message(e.what(), k_source);
    return std::nullopt;
  }
}

void check_contract(const tr::Trace& t, const tr::TraceReadOptions& o, const std::string& input) {
  using aimcsim::fuzz::finding;
  const auto fail = [&](const std::string& what) {
    finding(
        std::string(tr::trace_format_name(t.format)) + (o.skip_bad_rows ? " skip: " : ": ") + what,
        input);
  };
  if (t.format == tr::TraceFormat::automatic) fail("format left automatic");
  if (o.format != tr::TraceFormat::automatic && t.format != o.format) fail("format changed");
  if (t.source != k_source) fail("source changed");
  if (t.requests.empty()) fail("a trace without requests was returned");
  if (t.rows != static_cast<long long>(t.requests.size()) + t.skipped_rows + t.outside_window)
    fail("rows != kept + skipped + outside the window");
  if (!o.skip_bad_rows && t.skipped_rows != 0) fail("rows skipped without skip_bad_rows");
  if (o.max_requests > 0 && static_cast<long long>(t.requests.size()) > o.max_requests)
    fail("more than max_requests kept");
  const long long expected_reasons = t.skipped_rows < 10 ? t.skipped_rows : 10;
  if (static_cast<long long>(t.skipped_reasons.size()) != expected_reasons)
    fail("skipped_reasons does not hold the first 10 reasons");
  for (const auto& reason : t.skipped_reasons) aimcsim::fuzz::check_error_message(reason, k_source);
  if (t.requests.front().arrival_s != 0) fail("the first kept request does not arrive at 0");
  for (std::size_t i = 0; i < t.requests.size(); ++i) {
    const tr::TraceRequest& r = t.requests[i];
    if (r.id != static_cast<long long>(i)) fail("ids are not 0, 1, ...");
    if (!std::isfinite(r.arrival_s) || r.arrival_s < 0) fail("arrival not finite and >= 0");
    if (r.line < 1 || r.line > t.rows + 1) fail("line outside the file");
    if (r.prompt_tokens < 1 || r.prompt_tokens > (1 << 24)) fail("prompt tokens out of range");
    if (r.output_tokens < 1 || r.output_tokens > (1 << 24)) fail("output tokens out of range");
    if (r.priority != 0 && t.format != tr::TraceFormat::native) fail("priority outside native");
    if (!r.prefix_blocks.empty() && t.format != tr::TraceFormat::mooncake)
      fail("prefix blocks outside mooncake");
    if (i == 0) continue;
    const tr::TraceRequest& p = t.requests[i - 1];
    if (p.arrival_s > r.arrival_s) fail("requests not sorted by arrival");
    if (p.arrival_s == r.arrival_s && p.line >= r.line) fail("ties not in file order");
  }
}

bool same_requests(const tr::Trace& a, const tr::Trace& b) {
  if (a.format != b.format || a.rows != b.rows || a.outside_window != b.outside_window ||
      a.requests.size() != b.requests.size())
    return false;
  for (std::size_t i = 0; i < a.requests.size(); ++i) {
    const tr::TraceRequest &x = a.requests[i], &y = b.requests[i];
    if (x.id != y.id || x.line != y.line || x.arrival_s != y.arrival_s ||
        x.prompt_tokens != y.prompt_tokens || x.output_tokens != y.output_tokens ||
        x.priority != y.priority || x.prefix_blocks != y.prefix_blocks)
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::string text = input.substr(1);
  tr::TraceReadOptions base;
  base.max_requests = data[0] & 7;
  if (data[0] & 0x08) base.start_s = 1;
  if (data[0] & 0x10) base.duration_s = 2.5;
  if (data[0] & 0x20) base.time_scale = 0.5;
  if (data[0] & 0x40) base.time_scale = 1e300;
  std::optional<tr::Trace> detected;
  for (const tr::TraceFormat f :
       {tr::TraceFormat::automatic, tr::TraceFormat::azure, tr::TraceFormat::mooncake,
        tr::TraceFormat::splitwise, tr::TraceFormat::native}) {
    tr::TraceReadOptions strict = base, lenient = base;
    strict.format = lenient.format = f;
    lenient.skip_bad_rows = true;
    const std::optional<tr::Trace> a = read(text, strict);
    const std::optional<tr::Trace> b = read(text, lenient);
    if (a) check_contract(*a, strict, input);
    if (b) check_contract(*b, lenient, input);
    if (a && !(b && b->skipped_rows == 0 && same_requests(*a, *b)))
      aimcsim::fuzz::finding("skip_bad_rows changed a file without bad rows", input);
    if (f == tr::TraceFormat::automatic) {
      detected = b;
    } else if (detected && detected->format == f && !(b && same_requests(*detected, *b))) {
      aimcsim::fuzz::finding("automatic detection read the file differently", input);
    }
  }
  return 0;
}
