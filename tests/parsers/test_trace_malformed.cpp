// SPDX-License-Identifier: Apache-2.0
// Malformed trace rows and headers: each error is one line "t.csv:LINE: COLUMN: problem;
// expected ...", and skip_bad_rows counts and reports instead of failing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/parsers/trace_test_support.hpp"

namespace aimcsim::test {
namespace {

const std::string k_azure_header = "TIMESTAMP,ContextTokens,GeneratedTokens\r\n";
const std::string k_azure_row = "2023-11-16 18:15:46.6805900,374,44\r\n";
const std::string k_tokens = "; expected an integer token count in [1, 16777216]";
const std::string k_stamp =
    "; expected a timestamp YYYY-MM-DD HH:MM:SS with up to 7 fractional digits, e.g. "
    "2023-11-16 18:15:46.6805900";

/// Error of an Azure file whose third line (second row) is `row`.
std::string azure_error(const std::string& row) {
  return trace_error(k_azure_header + k_azure_row + row + "\r\n" + k_azure_row);
}

TEST(TraceMalformed, AzureRowsNameFileLineAndColumn) {
  EXPECT_EQ(azure_error("2023-11-16 18:15:47,37x,44"),
            "t.csv:3: ContextTokens: '37x' is not a number" + k_tokens);
  EXPECT_EQ(azure_error("2023-11-16 18:15:47,-5,44"),
            "t.csv:3: ContextTokens: '-5' is negative" + k_tokens);
  EXPECT_EQ(azure_error("2023-11-16 18:15:47,0,44"),
            "t.csv:3: ContextTokens: 0: below 1" + k_tokens);
  EXPECT_EQ(azure_error("2023-11-16 18:15:47,5,0"),
            "t.csv:3: GeneratedTokens: 0: output must be >= 1: the prefill generates the first "
            "token" +
                k_tokens);
  EXPECT_EQ(azure_error("2023-11-16 18:15:47,5,16777217"),
            "t.csv:3: GeneratedTokens: '16777217' exceeds 16777216 (2^24)" + k_tokens);
  EXPECT_EQ(
      azure_error("2023-11-16 18:15:47,5,99999999999999999999999"),
      "t.csv:3: GeneratedTokens: '99999999999999999999999' exceeds 16777216 (2^24)" + k_tokens);
  EXPECT_EQ(azure_error("2023-11-16 18:15:47,5,4.5"),
            "t.csv:3: GeneratedTokens: '4.5' is not an integer" + k_tokens);
  EXPECT_EQ(azure_error("2023-11-16 18:15:47,5,44 x"),
            "t.csv:3: GeneratedTokens: '44 x' is not a number" + k_tokens);
  EXPECT_EQ(azure_error("2023-11-16 18:15:47,5,"), "t.csv:3: GeneratedTokens: empty" + k_tokens);
  EXPECT_EQ(azure_error("2023-11-16 18:15:47,374"),
            "t.csv:3: row has 2 fields; expected 3 as in the header");
  EXPECT_EQ(azure_error("2023-11-16 18:15:47,374,44,9"),
            "t.csv:3: row has 4 fields; expected 3 as in the header");
  EXPECT_EQ(azure_error("2023-11-16 18:1"),
            "t.csv:3: row has 1 field; expected 3 as in the header");
  EXPECT_EQ(azure_error(""),
            "t.csv:3: blank line; expected a row of 3 fields (blank lines may only end the file)");
  EXPECT_EQ(azure_error("\"2023-11-16 18:15:47,5,4"),
            "t.csv:3: field 1: unterminated quote; expected a closing '\"'");
}

TEST(TraceMalformed, AzureTimestamps) {
  const auto stamp_error = [](const std::string& stamp) { return azure_error(stamp + ",5,4"); };
  EXPECT_EQ(stamp_error("2023-02-29 00:00:00"),
            "t.csv:3: TIMESTAMP: '2023-02-29 00:00:00' has no day 29 in that month" + k_stamp);
  EXPECT_EQ(stamp_error("2023-11-16 24:00:00"),
            "t.csv:3: TIMESTAMP: '2023-11-16 24:00:00' has no such time of day" + k_stamp);
  EXPECT_EQ(stamp_error("2023-13-01 00:00:00"),
            "t.csv:3: TIMESTAMP: '2023-13-01 00:00:00' has no month 13" + k_stamp);
  EXPECT_EQ(stamp_error("2023-11-16 18:15:46.68059001"),
            "t.csv:3: TIMESTAMP: '2023-11-16 18:15:46.68059001' has more than 7 fractional "
            "digits (100 ns)" +
                k_stamp);
  EXPECT_EQ(stamp_error("2023-11-16 18:15:46."),
            "t.csv:3: TIMESTAMP: '2023-11-16 18:15:46.' has no digit after '.'" + k_stamp);
  EXPECT_EQ(stamp_error("2023-11-16 18:15:46.5Z"),
            "t.csv:3: TIMESTAMP: '2023-11-16 18:15:46.5Z' has text after the seconds" + k_stamp);
  EXPECT_EQ(stamp_error("16/11/2023 18:15:46"),
            "t.csv:3: TIMESTAMP: '16/11/2023 18:15:46' is not a timestamp" + k_stamp);
  EXPECT_EQ(stamp_error("1700150146.68"),
            "t.csv:3: TIMESTAMP: '1700150146.68' is not a timestamp" + k_stamp);
}

TEST(TraceMalformed, HeaderErrorsAreFatalEvenWhenSkipping) {
  const auto azure = with_format(tr::TraceFormat::azure, true);
  EXPECT_EQ(trace_error("TIMESTAMP,ContextTokens\r\n2023-11-16 18:15:47,5\r\n", azure),
            "t.csv:1: header: no column 'GeneratedTokens'; expected the azure CSV header "
            "columns TIMESTAMP,ContextTokens,GeneratedTokens");
  EXPECT_EQ(trace_error("TIMESTAMP,ContextTokens,GeneratedTokens,ContextTokens\n", azure),
            "t.csv:1: header: column 'ContextTokens' appears twice; expected it once");
  EXPECT_EQ(trace_error("", azure),
            "t.csv:1: header: missing; expected the azure CSV header columns "
            "TIMESTAMP,ContextTokens,GeneratedTokens");
  EXPECT_EQ(trace_error("\nTIMESTAMP,ContextTokens,GeneratedTokens\n", azure),
            "t.csv:1: header: blank line; expected the azure CSV header columns "
            "TIMESTAMP,ContextTokens,GeneratedTokens");
  EXPECT_EQ(trace_error("arrival_s,prompt_tokens\n1,2\n", with_format(tr::TraceFormat::native)),
            "t.csv:1: header: no column 'output_tokens'; expected the native CSV header columns "
            "arrival_s,prompt_tokens,output_tokens (optional: priority)");
}

TEST(TraceMalformed, MooncakeRows) {
  const std::string good =
      R"({"timestamp": 0, "input_length": 600, "output_length": 5, "hash_ids": [0, 1]})";
  const auto error = [&](const std::string& line) {
    return trace_error(good + "\n" + line + "\n" + good + "\n");
  };
  const std::string blocks = "; expected an array of non-negative integer block ids (may be empty)";
  EXPECT_EQ(error(R"({"timestamp": 0, "input_length": 6)"),
            "t.csv:2: not JSON: column 35: syntax error while parsing object - unexpected end of "
            "input; expected '}'; expected one JSON object a line");
  EXPECT_EQ(error("[1, 2]"), "t.csv:2: JSON: an array; expected one JSON object a line");
  EXPECT_EQ(error(R"({"timestamp": 1, "input_length": "600", "output_length": 5, "hash_ids": []})"),
            "t.csv:2: input_length: a string" + k_tokens);
  EXPECT_EQ(error(R"({"timestamp": 1, "input_length": 600.5, "output_length": 5, "hash_ids": []})"),
            "t.csv:2: input_length: 600.5 is not an integer in range" + k_tokens);
  EXPECT_EQ(
      error(R"({"timestamp": 1, "input_length": 600, "output_length": 0, "hash_ids": []})"),
      "t.csv:2: output_length: 0: output must be >= 1: the prefill generates the first token" +
          k_tokens);
  EXPECT_EQ(error(R"({"timestamp": 1, "input_length": -600, "output_length": 5, "hash_ids": []})"),
            "t.csv:2: input_length: '-600' is negative" + k_tokens);
  EXPECT_EQ(error(R"({"timestamp": 1, "input_length": 600, "hash_ids": []})"),
            "t.csv:2: output_length: missing" + k_tokens);
  EXPECT_EQ(error(R"({"timestamp": "1", "input_length": 600, "output_length": 5, "hash_ids": []})"),
            "t.csv:2: timestamp: a string; expected a time in ms >= 0");
  EXPECT_EQ(error(R"({"timestamp": -1, "input_length": 600, "output_length": 5, "hash_ids": []})"),
            "t.csv:2: timestamp: -1 is negative; expected a time in ms >= 0");
  EXPECT_EQ(
      error(R"({"timestamp": 1, "input_length": 600, "output_length": 5, "hash_ids": [0, -2]})"),
      "t.csv:2: hash_ids: element 1: -2 is negative" + blocks);
  EXPECT_EQ(
      error(R"({"timestamp": 1, "input_length": 600, "output_length": 5, "hash_ids": [0.5]})"),
      "t.csv:2: hash_ids: element 0: a fractional number" + blocks);
  EXPECT_EQ(error(R"({"timestamp": 1, "input_length": 600, "output_length": 5, "hash_ids": "0"})"),
            "t.csv:2: hash_ids: a string" + blocks);
  EXPECT_EQ(error(R"({"timestamp": 1, "input_length": 600, "output_length": 5})"),
            "t.csv:2: hash_ids: missing" + blocks);
  EXPECT_EQ(error(R"({"timestamp": 1, "input_length": 600, "input_length": 6, "output_length": 5,)"
                  R"( "hash_ids": []})"),
            "t.csv:2: key 'input_length' appears twice; expected each key once");
  EXPECT_EQ(error(R"({"timestamp": 1, "input_length": 6, "output_length": 5, "hash_ids": [],)"
                  R"( "extra": {"a": 1, "a": 2}})"),
            "t.csv:2: key 'a' appears twice; expected each key once");
  // The same key in two different objects is fine.
  EXPECT_EQ(error(R"({"timestamp": 1, "input_length": 6, "output_length": 5, "hash_ids": [],)"
                  R"( "x": {"timestamp": 2}})"),
            "no error");
  EXPECT_EQ(error(""),
            "t.csv:2: blank line; expected a JSON object (blank lines may only end the file)");
  // NaN and overflowing numbers are not JSON; trailing text after the object neither.
  for (const std::string& bad : std::vector<std::string>{
           R"({"timestamp": NaN, "input_length": 6, "output_length": 5, "hash_ids": []})",
           R"({"timestamp": 1e400, "input_length": 6, "output_length": 5, "hash_ids": []})",
           good + " x"})
    EXPECT_EQ(error(bad).rfind("t.csv:2: not JSON: ", 0), 0u) << error(bad);
}

TEST(TraceMalformed, NumericTimes) {
  const auto error = [](const std::string& time) {
    return trace_error("arrival_s,prompt_tokens,output_tokens\n0,5,5\n" + time + ",5,5\n");
  };
  const std::string s = "; expected a finite decimal time in s >= 0";
  EXPECT_EQ(error("nan"), "t.csv:3: arrival_s: 'nan' is not a number" + s);
  EXPECT_EQ(error("inf"), "t.csv:3: arrival_s: 'inf' is not a number" + s);
  EXPECT_EQ(error("0x10"), "t.csv:3: arrival_s: '0x10' is not a number" + s);
  EXPECT_EQ(error("1.5s"), "t.csv:3: arrival_s: '1.5s' is not a number" + s);
  EXPECT_EQ(error("1e"), "t.csv:3: arrival_s: '1e' is not a number" + s);
  EXPECT_EQ(error("1e999"), "t.csv:3: arrival_s: '1e999' is out of range" + s);
  EXPECT_EQ(error("-0.5"), "t.csv:3: arrival_s: '-0.5' is negative" + s);
  EXPECT_EQ(error("1.5\x01"), "t.csv:3: arrival_s: '1.5\\x01' is not a number" + s);
  const auto splitwise =
      trace_error("arrived_at,num_prefill_tokens,num_decode_tokens\n1,2,3\n,2,3");
  EXPECT_EQ(splitwise, "t.csv:3: arrived_at: empty" + s);
  EXPECT_EQ(trace_error("arrival_s,prompt_tokens,output_tokens,priority\n0,5,5,1.5\n"),
            "t.csv:2: priority: '1.5' is not an integer; expected an integer priority (smaller "
            "is served first)");
  EXPECT_EQ(trace_error("arrival_s,prompt_tokens,output_tokens,priority\n0,5,5,99999999999\n"),
            "t.csv:2: priority: '99999999999' is out of the int range; expected an integer "
            "priority (smaller is served first)");
}

TEST(TraceMalformed, SkipBadRowsCountsAndReports) {
  tr::TraceReadOptions skip;
  skip.skip_bad_rows = true;
  const std::string text = k_azure_header + k_azure_row + "2023-11-16 18:15:47,x,1\r\n\r\n" +
                           "2023-11-16 18:15:48.5,7,8\r\n2023-11-16 18:15:49,7,0";
  const tr::Trace t = parse_text(text, skip);
  EXPECT_EQ(t.rows, 5);
  EXPECT_EQ(t.skipped_rows, 3);
  ASSERT_EQ(t.skipped_reasons.size(), 3u);
  EXPECT_EQ(t.skipped_reasons[0], "t.csv:3: ContextTokens: 'x' is not a number" + k_tokens);
  EXPECT_EQ(t.skipped_reasons[1].rfind("t.csv:4: blank line", 0), 0u);
  EXPECT_EQ(t.skipped_reasons[2].rfind("t.csv:6: GeneratedTokens: 0: output must be >= 1", 0), 0u);
  ASSERT_EQ(t.requests.size(), 2u);
  EXPECT_EQ(t.requests[1].line, 5);
  EXPECT_EQ(t.requests[1].arrival_s, 1.8194100);  // 18:15:48.5 - 18:15:46.68059
  EXPECT_EQ(t.outside_window, 0);
  // The same file without skipping stops at the first bad row.
  EXPECT_EQ(trace_error(text), t.skipped_reasons[0]);

  // Only the first 10 reasons are kept; all are counted.
  std::string many = "arrival_s,prompt_tokens,output_tokens\n0,1,1\n";
  for (int i = 0; i < 12; ++i) many += "1,0,1\n";
  const tr::Trace m = parse_text(many, skip);
  EXPECT_EQ(m.rows, 13);
  EXPECT_EQ(m.skipped_rows, 12);
  ASSERT_EQ(m.skipped_reasons.size(), 10u);
  EXPECT_EQ(m.skipped_reasons[9].rfind("t.csv:12: prompt_tokens: 0: below 1", 0), 0u);
  EXPECT_EQ(m.requests.size(), 1u);

  // Nothing left: an error, not an empty trace.
  EXPECT_EQ(trace_error("arrival_s,prompt_tokens,output_tokens\n1,0,1\nx,1,1\n", skip),
            "t.csv: no request: all 2 rows are malformed; expected at least one well-formed row");
  EXPECT_EQ(trace_error("arrival_s,prompt_tokens,output_tokens\r\n\r\n", skip),
            "t.csv: no request: the file holds no data row; expected at least one well-formed row");
}

TEST(TraceMalformed, ControlBytesAreEscaped) {
  const std::string msg = azure_error("2023-11-16 18:15:47,\x1b[31m5,4");
  EXPECT_EQ(msg, "t.csv:3: ContextTokens: '\\x1B[31m5' is not a number" + k_tokens);
  const std::string src = "a\nb.csv";
  try {
    tr::parse_trace("arrival_s,prompt_tokens,output_tokens\n0,0,1\n", src, {});
    FAIL() << "no error";
  } catch (const config::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("a\\x0Ab.csv:2: prompt_tokens", 0), 0u) << e.what();
  }
}

TEST(TraceMalformed, FileErrors) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "aimcsim_trace_files";
  std::filesystem::create_directories(dir);
  try {
    tr::read_trace((dir / "none.csv").string(), {});
    FAIL() << "no error";
  } catch (const config::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              (dir / "none.csv").string() + ": cannot open: No such file or directory");
  }
  try {
    tr::read_trace(dir.string(), {});
    FAIL() << "no error";
  } catch (const config::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), dir.string() + ": is a directory; expected a trace file");
  }
  const auto file = dir / "t.jsonl";
  const std::string text =
      R"({"timestamp": 2, "input_length": 1, "output_length": 1, "hash_ids": []})";
  std::ofstream(file, std::ios::binary) << text;
  EXPECT_EQ(tr::read_trace(file.string(), {}).requests.size(), 1u);
  // The reader only reads: the file is unchanged.
  std::ifstream in(file, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), text);
}

}  // namespace
}  // namespace aimcsim::test
