// SPDX-License-Identifier: Apache-2.0
// Format names, auto-detection, the four formats on small inline texts (line ends, final
// newline, extra and reordered columns, quoting), and civil timestamps to exact seconds.
#include <gtest/gtest.h>

#include <stdexcept>

#include "tests/parsers/trace_test_support.hpp"
#include "workloads/trace/civil_time.hpp"
#include "workloads/trace/trace_rows.hpp"

namespace aimcsim::test {
namespace {

using tr::TraceFormat;

TEST(TraceFormats, NamesRoundTrip) {
  for (const TraceFormat f : {TraceFormat::automatic, TraceFormat::azure, TraceFormat::mooncake,
                              TraceFormat::splitwise, TraceFormat::native})
    EXPECT_EQ(tr::parse_trace_format(tr::trace_format_name(f)), f);
  EXPECT_STREQ(tr::trace_format_name(TraceFormat::automatic), "auto");
  try {
    tr::parse_trace_format("csv");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "--trace-format: 'csv'; expected auto, azure, mooncake, splitwise or native");
  }
}

TEST(TraceFormats, AutoDetectsEachFormat) {
  EXPECT_EQ(parse_text("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,3,4").format,
            TraceFormat::azure);
  EXPECT_EQ(parse_text("\xEF\xBB\xBFTIMESTAMP,ContextTokens,GeneratedTokens\r\n"
                       "2023-11-16 18:15:46,3,4\r\n")
                .format,
            TraceFormat::azure);  // with a UTF-8 byte-order mark
  EXPECT_EQ(parse_text(R"({"timestamp": 5, "input_length": 3, "output_length": 4, "hash_ids": []})")
                .format,
            TraceFormat::mooncake);
  EXPECT_EQ(parse_text("arrived_at,num_prefill_tokens,num_decode_tokens\n0.5,3,4\n").format,
            TraceFormat::splitwise);
  EXPECT_EQ(parse_text("arrival_s,prompt_tokens,output_tokens\n0.5,3,4\n").format,
            TraceFormat::native);
  const std::string expected =
      "; expected a JSON object (mooncake) or a CSV header with a TIMESTAMP (azure), arrived_at "
      "(splitwise) or arrival_s (native) column";
  EXPECT_EQ(trace_error("time,prompt,output\n1,2,3\n"),
            "t.csv:1: first line 'time,prompt,output' names no trace format" + expected);
  EXPECT_EQ(trace_error("\n\n[1,2]\n"),
            "t.csv:3: first line '[1,2]' names no trace format" + expected);
  EXPECT_EQ(trace_error(""),
            "t.csv: empty; expected a trace in one of the formats azure, "
            "mooncake, splitwise or native (docs/serving.md)");
  EXPECT_EQ(trace_error("\r\n \n"), trace_error(""));
  // A forced format reads the file as that format, whatever it looks like.
  EXPECT_EQ(trace_error("arrival_s,prompt_tokens,output_tokens\n0.5,3,4\n",
                        with_format(TraceFormat::splitwise)),
            "t.csv:1: header: no column 'arrived_at'; expected the splitwise CSV header columns "
            "arrived_at,num_prefill_tokens,num_decode_tokens");
}

TEST(TraceFormats, LineEndsAndFinalLinesDoNotMatter) {
  const std::string rows[] = {"arrival_s,prompt_tokens,output_tokens", "0,3,4", "1.5,5,6"};
  const std::string variants[] = {
      rows[0] + "\n" + rows[1] + "\n" + rows[2],                   // no final newline
      rows[0] + "\n" + rows[1] + "\n" + rows[2] + "\n",            // final newline
      rows[0] + "\r\n" + rows[1] + "\r\n" + rows[2] + "\r\n",      // CRLF
      rows[0] + "\r\n" + rows[1] + "\r\n" + rows[2] + "\r\n\r\n",  // a blank final line
      rows[0] + "\n" + rows[1] + "\n" + rows[2] + "\n \n\n",       // blank lines at the end
  };
  for (const auto& text : variants) {
    const tr::Trace t = parse_text(text);
    EXPECT_EQ(t.rows, 2);
    ASSERT_EQ(t.requests.size(), 2u);
    EXPECT_EQ(t.requests[1].line, 3);
    EXPECT_EQ(t.requests[1].arrival_s, 1.5);
    EXPECT_EQ(t.requests[1].prompt_tokens, 5);
    EXPECT_EQ(t.requests[1].output_tokens, 6);
  }
}

TEST(TraceFormats, SplitwiseFindsColumnsByName) {
  // vidur / Splitwise traces carry more columns; order is free, values may be quoted and
  // integral counts may be written as floats by pandas.
  const tr::Trace t = parse_text(
      "num_decode_tokens,model,arrived_at,num_prefill_tokens,pd_ratio\r\n"
      "20,\"llama, 7b\",0.25,1000,50.0\r\n"
      "7.0,\"a \"\"quoted\"\" name\", 0.75 ,2048.00,292.57\r\n");
  EXPECT_EQ(t.format, TraceFormat::splitwise);
  ASSERT_EQ(t.requests.size(), 2u);
  EXPECT_EQ(t.requests[0].prompt_tokens, 1000);
  EXPECT_EQ(t.requests[0].output_tokens, 20);
  EXPECT_EQ(t.requests[1].prompt_tokens, 2048);
  EXPECT_EQ(t.requests[1].output_tokens, 7);
  EXPECT_EQ(t.requests[1].arrival_s, 0.5);  // 0.75 - 0.25, both exact binary fractions
  EXPECT_EQ(t.requests[1].priority, 0);
  EXPECT_TRUE(t.requests[1].prefix_blocks.empty());
}

TEST(TraceFormats, NativePriorityIsOptional) {
  const tr::Trace with = parse_text(
      "priority,output_tokens,prompt_tokens,arrival_s\n-3,10,100,2\n+7,20,200,1e0\n0,1,1,3\n");
  ASSERT_EQ(with.requests.size(), 3u);
  // Sorted by arrival: line 3 (1 s) first, then line 2 (2 s), line 4 (3 s).
  EXPECT_EQ(with.requests[0].line, 3);
  EXPECT_EQ(with.requests[0].priority, 7);
  EXPECT_EQ(with.requests[0].prompt_tokens, 200);
  EXPECT_EQ(with.requests[1].priority, -3);
  EXPECT_EQ(with.requests[1].arrival_s, 1.0);
  EXPECT_EQ(with.requests[2].arrival_s, 2.0);
  const tr::Trace without = parse_text("arrival_s,prompt_tokens,output_tokens\n0,1,1\n");
  EXPECT_EQ(without.requests[0].priority, 0);
  EXPECT_EQ(trace_error("arrival_s,prompt_tokens,output_tokens,priority\n0,1,1,\n"),
            "t.csv:2: priority: empty; expected an integer priority (smaller is served first)");
}

TEST(TraceFormats, OutOfOrderRowsSortStably) {
  // The earliest timestamp (line 3) is trace time 0, though line 2 comes first in the file.
  const tr::Trace t = parse_text(
      "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 10:00:05,1,1\n"
      "2023-11-16 10:00:00,2,2\n2023-11-16 10:00:05,3,3\n2023-11-16T10:00:01.0000001,4,4\n");
  ASSERT_EQ(t.requests.size(), 4u);
  const long long lines[] = {3, 5, 2, 4};
  const double arrivals[] = {0, 1.0000001, 5, 5};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(t.requests[i].id, i);
    EXPECT_EQ(t.requests[i].line, lines[i]);
    EXPECT_EQ(t.requests[i].arrival_s, arrivals[i]);
  }
}

TEST(TraceFormats, MooncakeMillisecondsAndBlocks) {
  const tr::Trace t = parse_text(
      R"({"timestamp": 1500, "input_length": 1025, "output_length": 3, "hash_ids": [7, 8, 9]})"
      "\n"
      R"({"hash_ids": [], "output_length": 2.0, "input_length": 1, "timestamp": 250, "note": "x"})"
      "\n"
      R"({"timestamp": 3000.5, "input_length": 512, "output_length": 1, )"
      R"("hash_ids": [18446744073709551615]})"
      "\n");
  ASSERT_EQ(t.requests.size(), 3u);
  EXPECT_EQ(t.requests[0].line, 2);
  EXPECT_EQ(t.requests[0].arrival_s, 0.0);
  EXPECT_EQ(t.requests[0].output_tokens, 2);
  EXPECT_EQ(t.requests[1].arrival_s, 1.25);  // (1500 - 250) ms
  EXPECT_EQ(t.requests[1].prefix_blocks, (std::vector<std::uint64_t>{7, 8, 9}));
  EXPECT_DOUBLE_EQ(t.requests[2].arrival_s, 2.7505);
  EXPECT_EQ(t.requests[2].prefix_blocks.front(), 18446744073709551615u);
}

TEST(CivilTime, DaysAndTicksAreExact) {
  EXPECT_EQ(tr::days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(tr::days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(tr::days_from_civil(2000, 3, 1), 11017);    // 30 years, 7 leap days, Jan+Feb 2000
  EXPECT_EQ(tr::days_from_civil(2023, 11, 16), 19677);  // Python: date difference
  EXPECT_EQ(tr::days_from_civil(1, 1, 1), -719162);
  // 2023-11-16 18:15:46.6805900 = 1700158546 s after the epoch (Python:
  // calendar.timegm) plus 6805900 ticks.
  EXPECT_EQ(tr::parse_civil_ticks("2023-11-16 18:15:46.6805900", "T"),
            1700158546LL * tr::k_ticks_per_s + 6805900);
  EXPECT_EQ(tr::parse_civil_ticks("2023-11-16 18:15:46.68059", "T"),
            tr::parse_civil_ticks("2023-11-16 18:15:46.6805900", "T"));
  EXPECT_EQ(tr::parse_civil_ticks("2024-02-29 00:00:00", "T") -
                tr::parse_civil_ticks("2024-02-28 00:00:00", "T"),
            86400 * tr::k_ticks_per_s);  // a leap year
  EXPECT_EQ(tr::parse_civil_ticks("2000-02-29 00:00:00", "T") -
                tr::parse_civil_ticks("1999-12-31 23:59:59.9999999", "T"),
            59LL * 86400 * tr::k_ticks_per_s + 1);  // 100 ns to Jan 1, then 31 + 28 days
  EXPECT_THROW(tr::parse_civil_ticks("1900-02-29 00:00:00", "T"), tr::RowProblem);
  EXPECT_THROW(tr::parse_civil_ticks("0000-01-01 00:00:00", "T"), tr::RowProblem);
  // Across midnight at the end of a year: 100 ns apart.
  const tr::Trace t = parse_text(
      "TIMESTAMP,ContextTokens,GeneratedTokens\n"
      "2023-12-31 23:59:59.9999999,1,1\n2024-01-01 00:00:00,1,1\n");
  EXPECT_EQ(t.requests[1].arrival_s, 1e-7);
}

}  // namespace
}  // namespace aimcsim::test
