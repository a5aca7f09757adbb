// SPDX-License-Identifier: Apache-2.0
// The CSV trace formats: Azure LLM inference (absolute civil timestamps), Splitwise / vidur
// (seconds) and aimcsim's native format (seconds, optional priority). One header line names
// the columns; they are found by name, so extra columns and any order are fine.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "workloads/trace/civil_time.hpp"
#include "workloads/trace/trace_rows.hpp"
#include "workloads/trace/trace_text.hpp"

namespace aimcsim::workloads::trace {
namespace {

const std::string k_output_why = "output must be >= 1: the prefill generates the first token";

/// Index of column `name` in `header`, or -1 when absent; a repeated name is an error.
int find_column(const std::vector<std::string>& header, const std::string& name,
                const std::string& source) {
  int at = -1;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] != name) continue;
    if (at >= 0)
      fail_at(source, 1,
              "header: column " + quote_field(name) + " appears twice; expected it once");
    at = static_cast<int>(i);
  }
  return at;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

/// Row parser: the fields of one row (as many as the header) and the column indices of
/// `required` then `optional` (-1: absent) -> the row; throws RowProblem.
using RowParser =
    std::function<void(const std::vector<std::string>&, const std::vector<int>&, RawRow&)>;

RawTrace read_csv(std::string_view text, const std::string& source, bool skip_bad_rows,
                  const std::string& format, const std::vector<std::string>& required,
                  const std::vector<std::string>& optional, const RowParser& parse_row) {
  const std::string expected_header =
      "expected the " + format + " CSV header columns " + join(required) +
      (optional.empty() ? "" : " (optional: " + join(optional) + ")");
  const std::vector<TextLine> lines = split_lines(text);
  if (lines.empty()) fail_at(source, 1, "header: missing; " + expected_header);
  if (is_blank(lines.front().text)) fail_at(source, 1, "header: blank line; " + expected_header);
  std::vector<std::string> header;
  try {
    header = split_csv(lines.front().text);
  } catch (const RowProblem& p) {
    fail_at(source, 1, std::string("header: ") + p.what());
  }
  std::vector<int> columns;
  for (const auto& name : required) {
    columns.push_back(find_column(header, name, source));
    if (columns.back() < 0)
      fail_at(source, 1, "header: no column " + quote_field(name) + "; " + expected_header);
  }
  for (const auto& name : optional) columns.push_back(find_column(header, name, source));

  RawTrace out;
  BadRows bad(source, skip_bad_rows, out);
  for (std::size_t k = 1; k < lines.size(); ++k) {
    const TextLine& line = lines[k];
    ++out.data_rows;
    try {
      if (is_blank(line.text))
        throw RowProblem("blank line; expected a row of " + std::to_string(header.size()) +
                         " fields (blank lines may only end the file)");
      const std::vector<std::string> fields = split_csv(line.text);
      if (fields.size() != header.size())
        throw RowProblem("row has " + std::to_string(fields.size()) + " field" +
                         (fields.size() == 1 ? "" : "s") + "; expected " +
                         std::to_string(header.size()) + " as in the header");
      RawRow row;
      row.line = line.number;
      parse_row(fields, columns, row);
      out.rows.push_back(std::move(row));
    } catch (const RowProblem& p) {
      bad.add(line.number, p.what());
    }
  }
  return out;
}

}  // namespace

RawTrace read_azure(std::string_view text, const std::string& source, bool skip_bad_rows) {
  // Timestamps are absolute; rows keep them as exact 100-ns ticks until the earliest is known.
  std::vector<std::int64_t> ticks;
  RawTrace out = read_csv(
      text, source, skip_bad_rows, "azure", {"TIMESTAMP", "ContextTokens", "GeneratedTokens"}, {},
      [&](const std::vector<std::string>& f, const std::vector<int>& c, RawRow& row) {
        const std::int64_t t = parse_civil_ticks(f[c[0]], "TIMESTAMP");
        row.prompt_tokens = parse_token_count(f[c[1]], "ContextTokens", 1);
        row.output_tokens = parse_token_count(f[c[2]], "GeneratedTokens", 1, k_output_why);
        ticks.push_back(t);  // last: only rows that parsed get a time
      });
  if (!ticks.empty()) {
    const std::int64_t first = *std::min_element(ticks.begin(), ticks.end());
    // A difference of exact ticks divided once: the correctly rounded seconds (exact when
    // the span is below 2^53 ticks, 28 years).
    for (std::size_t i = 0; i < ticks.size(); ++i)
      out.rows[i].time_s = static_cast<double>(ticks[i] - first) / k_ticks_per_s;
  }
  return out;
}

RawTrace read_splitwise(std::string_view text, const std::string& source, bool skip_bad_rows) {
  return read_csv(text, source, skip_bad_rows, "splitwise",
                  {"arrived_at", "num_prefill_tokens", "num_decode_tokens"}, {},
                  [](const std::vector<std::string>& f, const std::vector<int>& c, RawRow& row) {
                    row.time_s = parse_time(f[c[0]], "arrived_at", "s");
                    row.prompt_tokens = parse_token_count(f[c[1]], "num_prefill_tokens", 1);
                    row.output_tokens =
                        parse_token_count(f[c[2]], "num_decode_tokens", 1, k_output_why);
                  });
}

RawTrace read_native(std::string_view text, const std::string& source, bool skip_bad_rows) {
  return read_csv(
      text, source, skip_bad_rows, "native", {"arrival_s", "prompt_tokens", "output_tokens"},
      {"priority"}, [](const std::vector<std::string>& f, const std::vector<int>& c, RawRow& row) {
        row.time_s = parse_time(f[c[0]], "arrival_s", "s");
        row.prompt_tokens = parse_token_count(f[c[1]], "prompt_tokens", 1);
        row.output_tokens = parse_token_count(f[c[2]], "output_tokens", 1, k_output_why);
        if (c[3] >= 0) row.priority = parse_priority(f[c[3]], "priority");
      });
}

}  // namespace aimcsim::workloads::trace
