// SPDX-License-Identifier: Apache-2.0
// The public traces in ../shared/data/traces (README there): row counts, first and last
// arrivals, token sums and windows against values computed independently with Python when
// these tests were written:
//   csv.DictReader / json.loads over each file; timestamps via datetime.strptime on the
//   seconds and decimal.Decimal on the 7-digit fraction (exact); sums with int().
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

#include "tests/parsers/trace_test_support.hpp"
#include "tests/support/shared_data.hpp"

namespace aimcsim::test {
namespace {

struct TokenSums {
  long long prompt = 0, output = 0, blocks = 0;
};

TokenSums sums(const tr::Trace& t) {
  TokenSums s;
  for (const auto& r : t.requests) {
    s.prompt += r.prompt_tokens;
    s.output += r.output_tokens;
    s.blocks += static_cast<long long>(r.prefix_blocks.size());
  }
  return s;
}

/// Ids count 0, 1, ... and arrivals never decrease; ties keep file order.
void expect_ordered(const tr::Trace& t) {
  for (std::size_t i = 0; i < t.requests.size(); ++i) {
    ASSERT_EQ(t.requests[i].id, static_cast<long long>(i));
    if (i == 0) continue;
    const auto& a = t.requests[i - 1];
    const auto& b = t.requests[i];
    ASSERT_LE(a.arrival_s, b.arrival_s) << "line " << b.line;
    if (a.arrival_s == b.arrival_s) {
      ASSERT_LT(a.line, b.line);
    }
  }
}

#define SHARED_TRACE(var, name)                                       \
  const auto var = shared_data_file(std::string("traces/") + (name)); \
  if (var.empty()) GTEST_SKIP() << shared_data_missing(std::string("traces/") + (name))

TEST(TraceRealFiles, AzureConversation) {
  SHARED_TRACE(path, "AzureLLMInferenceTrace_conv_2023.csv");
  const tr::Trace t = tr::read_trace(path.string(), {});  // auto-detected
  EXPECT_EQ(t.format, tr::TraceFormat::azure);
  EXPECT_EQ(t.source, path.string());
  EXPECT_EQ(t.rows, 19366);
  ASSERT_EQ(t.requests.size(), 19366u);
  EXPECT_EQ(t.skipped_rows, 0);
  EXPECT_EQ(t.outside_window, 0);
  expect_ordered(t);
  // First row 2023-11-16 18:15:46.6805900 (line 2), last 19:14:08.4025270 (line 19367, no
  // final newline): 58 min 21.7219370 s = 3501.7219370 s, exact in 100-ns ticks.
  EXPECT_EQ(t.requests.front().line, 2);
  EXPECT_EQ(t.requests.front().arrival_s, 0.0);
  EXPECT_EQ(t.requests.front().prompt_tokens, 374);
  EXPECT_EQ(t.requests.front().output_tokens, 44);
  EXPECT_EQ(t.requests.back().line, 19367);
  EXPECT_EQ(t.requests.back().arrival_s, 3501.7219370);
  EXPECT_EQ(t.requests.back().prompt_tokens, 197);
  EXPECT_EQ(t.requests.back().output_tokens, 183);
  EXPECT_EQ(t.requests[1].arrival_s, 4.3145790);  // 18:15:50.9951690
  const TokenSums s = sums(t);
  EXPECT_EQ(s.prompt, 22361870);  // Python: sum(int(r['ContextTokens']))
  EXPECT_EQ(s.output, 4088665);   // Python: sum(int(r['GeneratedTokens']))
  EXPECT_EQ(s.blocks, 0);
}

TEST(TraceRealFiles, AzureCode) {
  SHARED_TRACE(path, "AzureLLMInferenceTrace_code_2023.csv");
  const tr::Trace t = tr::read_trace(path.string(), with_format(tr::TraceFormat::azure));
  EXPECT_EQ(t.rows, 8819);
  ASSERT_EQ(t.requests.size(), 8819u);
  expect_ordered(t);
  // 18:17:03.9799600 .. 19:14:19.9280160 = 57 min 15.9480560 s.
  EXPECT_EQ(t.requests.back().arrival_s, 3435.9480560);
  EXPECT_EQ(t.requests[2].arrival_s, 0.0981890);  // 18:17:04.0781490
  const TokenSums s = sums(t);
  EXPECT_EQ(s.prompt, 18059974);
  EXPECT_EQ(s.output, 245896);
}

TEST(TraceRealFiles, MooncakeConversation) {
  SHARED_TRACE(path, "mooncake_conversation_trace.jsonl");
  const tr::Trace t = tr::read_trace(path.string(), {});
  EXPECT_EQ(t.format, tr::TraceFormat::mooncake);
  EXPECT_EQ(t.rows, 12031);
  ASSERT_EQ(t.requests.size(), 12031u);
  EXPECT_EQ(t.prefix_block_tokens, 512);
  expect_ordered(t);  // 1,180 distinct timestamps: many ties, kept in file order
  for (std::size_t i = 0; i < t.requests.size(); ++i)
    ASSERT_EQ(t.requests[i].line, static_cast<long long>(i) + 1);  // the file is sorted
  EXPECT_EQ(t.requests.back().arrival_s, 3536.999);                // timestamp 3536999 ms
  const auto& first = t.requests.front();
  EXPECT_EQ(first.prompt_tokens, 6758);
  EXPECT_EQ(first.output_tokens, 500);
  ASSERT_EQ(first.prefix_blocks.size(), 14u);  // ceil(6758 / 512)
  EXPECT_EQ(first.prefix_blocks[13], 13u);
  EXPECT_EQ(t.requests[1].prefix_blocks.front(), 0u);  // shares block 0 with the first
  const TokenSums s = sums(t);
  EXPECT_EQ(s.prompt, 144793823);
  EXPECT_EQ(s.output, 4122048);
  EXPECT_EQ(s.blocks, 288500);  // Python: sum(len(o['hash_ids'])); = sum ceil(input/512)
}

TEST(TraceRealFiles, AzureWindowAndScale) {
  SHARED_TRACE(path, "AzureLLMInferenceTrace_conv_2023.csv");
  tr::TraceReadOptions o;
  o.start_s = 600;
  o.duration_s = 600;
  const tr::Trace t = tr::read_trace(path.string(), o);
  // Python: rows with 600 <= t - t_first < 1200 (Decimal): 3,118, lines 2869..5986,
  // at 600.1976360 and 1199.7487910 s; their context tokens sum to 3,595,428.
  ASSERT_EQ(t.requests.size(), 3118u);
  EXPECT_EQ(t.outside_window, 19366 - 3118);
  EXPECT_EQ(t.requests.front().line, 2869);
  EXPECT_EQ(t.requests.front().arrival_s, 0.0);
  EXPECT_EQ(t.requests.back().line, 5986);
  EXPECT_NEAR(t.requests.back().arrival_s, 599.5511550, 1e-9);
  EXPECT_EQ(sums(t).prompt, 3595428);

  o.time_scale = 0.25;
  o.max_requests = 10;
  const tr::Trace fast = tr::read_trace(path.string(), o);
  ASSERT_EQ(fast.requests.size(), 10u);
  EXPECT_EQ(fast.outside_window, 19366 - 10);
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(fast.requests[i].line, t.requests[i].line);
    EXPECT_DOUBLE_EQ(fast.requests[i].arrival_s, 0.25 * t.requests[i].arrival_s);
  }
}

TEST(TraceRealFiles, MooncakeWindow) {
  SHARED_TRACE(path, "mooncake_conversation_trace.jsonl");
  tr::TraceReadOptions o;
  o.start_s = 1000;
  o.duration_s = 60;
  const tr::Trace t = tr::read_trace(path.string(), o);
  // Python: 1000000 <= timestamp < 1060000: 165 rows from line 3036 (1002000 ms) to 1059000 ms.
  ASSERT_EQ(t.requests.size(), 165u);
  EXPECT_EQ(t.requests.front().line, 3036);
  EXPECT_EQ(t.requests.back().arrival_s, 57.0);
}

}  // namespace
}  // namespace aimcsim::test
