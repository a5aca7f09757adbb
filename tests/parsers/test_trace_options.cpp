// SPDX-License-Identifier: Apache-2.0
// TraceReadOptions: the window [start, start + duration) of trace time, then max_requests,
// then time_scale, checked by hand on a trace of six requests; and the option errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/parsers/trace_test_support.hpp"

namespace aimcsim::test {
namespace {

// Arrivals 10..15 s on the file's clock: trace time 0..5 s (after the earliest, 10 s).
const std::string k_six =
    "arrival_s,prompt_tokens,output_tokens\n10,1,1\n11,2,2\n12,3,3\n13,4,4\n14,5,5\n15,6,6\n";

std::vector<int> prompts(const tr::Trace& t) {
  std::vector<int> out;
  for (const auto& r : t.requests) out.push_back(r.prompt_tokens);
  return out;
}

std::vector<double> arrivals(const tr::Trace& t) {
  std::vector<double> out;
  for (const auto& r : t.requests) out.push_back(r.arrival_s);
  return out;
}

TEST(TraceOptions, WindowIsHalfOpenInTraceTime) {
  tr::TraceReadOptions o;
  o.start_s = 1;
  o.duration_s = 3;  // [1, 4): trace times 1, 2, 3 -> file times 11, 12, 13
  const tr::Trace t = parse_text(k_six, o);
  EXPECT_EQ(prompts(t), (std::vector<int>{2, 3, 4}));
  EXPECT_EQ(arrivals(t), (std::vector<double>{0, 1, 2}));  // first kept arrives at 0
  EXPECT_EQ(t.requests[0].id, 0);
  EXPECT_EQ(t.requests[0].line, 3);
  EXPECT_EQ(t.rows, 6);
  EXPECT_EQ(t.outside_window, 3);
  o.start_s = 1.5;  // [1.5, 4.5): 2, 3, 4
  EXPECT_EQ(prompts(parse_text(k_six, o)), (std::vector<int>{3, 4, 5}));
  o.start_s = 5;
  o.duration_s = std::numeric_limits<double>::infinity();
  EXPECT_EQ(prompts(parse_text(k_six, o)), (std::vector<int>{6}));
}

TEST(TraceOptions, MaxRequestsAfterTheWindowThenTimeScale) {
  tr::TraceReadOptions o;
  o.start_s = 2;
  o.max_requests = 2;  // window [2, inf) = 3, 4, 5, 6 -> the first two
  o.time_scale = 0.5;  // twice as fast
  const tr::Trace t = parse_text(k_six, o);
  EXPECT_EQ(prompts(t), (std::vector<int>{3, 4}));
  EXPECT_EQ(arrivals(t), (std::vector<double>{0, 0.5}));
  EXPECT_EQ(t.outside_window, 4);
  o.max_requests = 100;  // more than there are
  o.time_scale = 3;
  EXPECT_EQ(arrivals(parse_text(k_six, o)), (std::vector<double>{0, 3, 6, 9}));
  o.max_requests = 0;  // all
  EXPECT_EQ(parse_text(k_six, o).requests.size(), 4u);
}

TEST(TraceOptions, NoRequestInTheWindow) {
  tr::TraceReadOptions o;
  o.start_s = 5.5;
  o.duration_s = 10;
  EXPECT_EQ(trace_error(k_six, o),
            "t.csv: no request in the window [5.5 s, 15.5 s) of trace time; expected --start and "
            "--duration to cover part of the trace's 5 s (6 requests)");
  o.start_s = 0.5;
  o.duration_s = 0.25;
  EXPECT_EQ(trace_error(k_six, o).rfind("t.csv: no request in the window [0.5 s, 0.75 s)", 0), 0u);
}

TEST(TraceOptions, ArrivalOverflowIsAnError) {
  tr::TraceReadOptions o;
  o.time_scale = 1e300;
  EXPECT_EQ(trace_error("arrival_s,prompt_tokens,output_tokens\n0,1,1\n1e10,1,1\n", o),
            "--time-scale: 1e+300 makes the arrival at 1e+10 s of t.csv overflow; expected a "
            "smaller scale");
}

TEST(TraceOptions, EqualArrivalsAfterScalingKeepFileOrder) {
  // Times 0.4, 0.2, 0 s (lines 2, 3, 4) scaled by the smallest double (4.9e-324) all round to
  // an arrival of 0: equal arrivals are ordered by line, ids renumbered.
  tr::TraceReadOptions o;
  o.time_scale = std::numeric_limits<double>::denorm_min();
  const tr::Trace t =
      parse_text("arrival_s,prompt_tokens,output_tokens\n0.4,1,1\n0.2,2,2\n0,3,3\n", o);
  ASSERT_EQ(t.requests.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(t.requests[i].arrival_s, 0.0);
    EXPECT_EQ(t.requests[i].line, i + 2);
    EXPECT_EQ(t.requests[i].id, i);
  }
}

TEST(TraceOptions, BadOptionsNameTheFlag) {
  const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
  const auto error = [](auto set) {
    tr::TraceReadOptions o;
    set(o);
    return trace_error(k_six, o);
  };
  const std::string scale = "; expected a finite number > 0 (0.5 = twice as fast)";
  EXPECT_EQ(error([](auto& o) { o.time_scale = 0; }), "--time-scale: 0" + scale);
  EXPECT_EQ(error([](auto& o) { o.time_scale = -2; }), "--time-scale: -2" + scale);
  EXPECT_EQ(error([&](auto& o) { o.time_scale = nan; }), "--time-scale: nan" + scale);
  EXPECT_EQ(error([&](auto& o) { o.time_scale = inf; }), "--time-scale: inf" + scale);
  const std::string start = "; expected a finite time in s >= 0 after the trace's first request";
  EXPECT_EQ(error([](auto& o) { o.start_s = -1; }), "--start: -1" + start);
  EXPECT_EQ(error([&](auto& o) { o.start_s = nan; }), "--start: nan" + start);
  EXPECT_EQ(error([&](auto& o) { o.start_s = inf; }), "--start: inf" + start);
  EXPECT_EQ(error([](auto& o) { o.duration_s = 0; }), "--duration: 0; expected a time in s > 0");
  EXPECT_EQ(error([&](auto& o) { o.duration_s = nan; }),
            "--duration: nan; expected a time in s > 0");
  EXPECT_EQ(error([](auto& o) { o.max_requests = -1; }),
            "--max-requests: -1; expected a count >= 0 (0 = all)");
  // Options are checked before the file is read.
  tr::TraceReadOptions o;
  o.time_scale = 0;
  EXPECT_EQ(trace_error("garbage", o), "--time-scale: 0" + scale);
}

}  // namespace
}  // namespace aimcsim::test
