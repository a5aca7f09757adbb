// SPDX-License-Identifier: Apache-2.0
// Mooncake traces (kvcache-ai/Mooncake, FAST'25 release): one JSON object a line,
// {"timestamp": ms, "input_length": n, "output_length": n, "hash_ids": [block ids]}. Other
// keys are ignored (later releases may add some); these four are required.
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/config/text_check.hpp"
#include "workloads/trace/trace_rows.hpp"
#include "workloads/trace/trace_text.hpp"

namespace aimcsim::workloads::trace {
namespace {

using nlohmann::json;

const std::string k_output_why = "output must be >= 1: the prefill generates the first token";

const json& member(const json& object, const char* key, const std::string& expected) {
  const auto it = object.find(key);
  if (it == object.end()) throw RowProblem(std::string(key) + ": missing; expected " + expected);
  return *it;
}

std::string type_of(const json& value) {
  if (value.is_number_float()) return "a fractional number";
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  if (value.is_null()) return "null";
  return std::string("a ") + value.type_name();
}

/// A JSON number that is a whole count, written as an integer or as an integral float
/// ("512.0"), in text form for parse_token_count's checks and messages.
int token_count(const json& object, const char* key, const std::string& why_min = "") {
  const std::string expected =
      "an integer token count in [1, " + std::to_string(k_max_tokens) + "]";
  const json& v = member(object, key, expected);
  if (v.is_number_unsigned()) {
    const auto n = v.get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(k_max_tokens))
      throw RowProblem(std::string(key) + ": " + std::to_string(n) + " exceeds " +
                       std::to_string(k_max_tokens) + " (2^24); expected " + expected);
    return parse_token_count(std::to_string(n), key, 1, why_min);
  }
  if (v.is_number_integer())
    return parse_token_count(std::to_string(v.get<std::int64_t>()), key, 1, why_min);
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (d != std::floor(d) || std::abs(d) > static_cast<double>(k_max_tokens))
      throw RowProblem(std::string(key) + ": " + v.dump() +
                       " is not an integer in range; expected " + expected);
    return parse_token_count(std::to_string(static_cast<long long>(d)), key, 1, why_min);
  }
  throw RowProblem(std::string(key) + ": " + type_of(v) + "; expected " + expected);
}

double timestamp_s(const json& object) {
  const std::string expected = "a time in ms >= 0";
  const json& v = member(object, "timestamp", expected);
  if (!v.is_number()) throw RowProblem("timestamp: " + type_of(v) + "; expected " + expected);
  const double ms = v.get<double>();  // nlohmann rejects 1e400 while parsing: always finite
  if (!std::isfinite(ms) || ms < 0)
    throw RowProblem("timestamp: " + v.dump() + " is negative; expected " + expected);
  return ms / 1000.0 + 0.0;
}

std::vector<std::uint64_t> hash_ids(const json& object) {
  const std::string expected = "an array of non-negative integer block ids (may be empty)";
  const json& v = member(object, "hash_ids", expected);
  if (!v.is_array()) throw RowProblem("hash_ids: " + type_of(v) + "; expected " + expected);
  std::vector<std::uint64_t> ids;
  ids.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    const json& id = v[i];
    if (id.is_number_unsigned()) {
      ids.push_back(id.get<std::uint64_t>());
      continue;
    }
    const std::string what = id.is_number_integer() ? id.dump() + " is negative" : type_of(id);
    throw RowProblem("hash_ids: element " + std::to_string(i) + ": " + what + "; expected " +
                     expected);
  }
  return ids;
}

/// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1, "
/// prefix, escaped (it quotes the bytes it read).
std::string json_problem(const json::exception& e) {
  std::string what = e.what();
  if (const auto close = what.find("] ");
      what.rfind("[json.exception.", 0) == 0 && close != std::string::npos)
    what.erase(0, close + 2);
  if (what.rfind("parse error at line 1, ", 0) == 0) what.erase(0, 23);
  return config::printable(what, 160);
}

/// json::parse keeps the last of repeated keys; a row naming a field twice is ambiguous, so it
/// is an error naming the key.
json parse_without_duplicate_keys(std::string_view text) {
  std::vector<std::set<std::string>> open_objects;  // keys seen in each enclosing object
  const json::parser_callback_t check = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) {
      open_objects.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      if (!open_objects.empty()) open_objects.pop_back();
    } else if (event == json::parse_event_t::key && !open_objects.empty() &&
               !open_objects.back().insert(parsed.get<std::string>()).second) {
      throw RowProblem("key '" + config::printable(parsed.get<std::string>(), 40) +
                       "' appears twice; expected each key once");
    }
    return true;
  };
  return json::parse(text, check);
}

}  // namespace

RawTrace read_mooncake(std::string_view text, const std::string& source, bool skip_bad_rows) {
  RawTrace out;
  BadRows bad(source, skip_bad_rows, out);
  for (const TextLine& line : split_lines(text)) {
    ++out.data_rows;
    try {
      if (is_blank(line.text))
        throw RowProblem("blank line; expected a JSON object (blank lines may only end the file)");
      json object;
      try {
        object = parse_without_duplicate_keys(line.text);
      } catch (const json::exception& e) {
        throw RowProblem("not JSON: " + json_problem(e) + "; expected one JSON object a line");
      }
      if (!object.is_object())
        throw RowProblem("JSON: " + type_of(object) + "; expected one JSON object a line");
      RawRow row;
      row.line = line.number;
      row.time_s = timestamp_s(object);
      row.prompt_tokens = token_count(object, "input_length");
      row.output_tokens = token_count(object, "output_length", k_output_why);
      row.prefix_blocks = hash_ids(object);
      out.rows.push_back(std::move(row));
    } catch (const RowProblem& p) {
      bad.add(line.number, p.what());
    }
  }
  return out;
}

}  // namespace aimcsim::workloads::trace
