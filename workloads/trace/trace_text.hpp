// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Text of trace files: lines, CSV fields and the numbers in them. Internal to workloads/trace;
/// the value parsers throw RowProblem ("COLUMN: problem; expected ...").
#include <string>
#include <string_view>
#include <vector>

namespace aimcsim::workloads::trace {

/// One line of a file without its line end ("\n", "\r\n"), and its 1-based number.
struct TextLine {
  std::string_view text;
  long long number = 0;
};

/// The lines of `text` up to the last one that is not blank: a missing final newline, a final
/// newline and blank lines at the end of the file are all fine (they hold no row); blank lines
/// before a non-blank one are returned (they are malformed rows).
std::vector<TextLine> split_lines(std::string_view text);

/// True for a line of nothing but spaces and tabs.
bool is_blank(std::string_view line);

/// The fields of one CSV line (RFC 4180 within a line: "a,""b"",c" quoting; spaces and tabs
/// around an unquoted field dropped). Throws RowProblem for an unterminated quote or text after
/// a closing quote.
std::vector<std::string> split_csv(std::string_view line);

/// `field` quoted for a message: '...' with control bytes and invalid UTF-8 escaped, cut to 40
/// characters.
std::string quote_field(std::string_view field);

/// A token count of column `column`: decimal digits, optionally with a zero fraction ("512",
/// "512.0"), in [min_tokens, k_max_tokens]. `why_min` explains the lower bound when it is
/// violated (empty: the generic text).
int parse_token_count(std::string_view field, const std::string& column, long long min_tokens,
                      const std::string& why_min = "");

/// A time of column `column` in `unit` ("s", "ms"): a finite decimal number >= 0 (no "inf",
/// "nan", hex or trailing text).
double parse_time(std::string_view field, const std::string& column, const std::string& unit);

/// A priority: an optionally signed decimal integer that fits an int.
int parse_priority(std::string_view field, const std::string& column);

}  // namespace aimcsim::workloads::trace
