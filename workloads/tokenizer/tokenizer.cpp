// SPDX-License-Identifier: Apache-2.0
// load_tokenizer: picks the format; read_token_ids: id lists from text files.
#include "workloads/tokenizer/tokenizer.hpp"

#include <cctype>
#include <fstream>
#include <iterator>
#include <limits>

#include "sim/config/text_check.hpp"
#include "workloads/tokenizer/hf_tokenizer.hpp"
#include "workloads/tokenizer/llama2c_tokenizer.hpp"

namespace aimcsim::workloads {

namespace {

std::string read_all(const std::filesystem::path& path, const char* what) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    throw TokenizerError(path.string() + ": not a regular file; expected the " + what);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TokenizerError(path.string() + ": cannot open the " + what);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// "line L, column C" of byte `offset` (both from 1).
std::string position_of(const std::string& text, std::size_t offset) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

bool is_separator(char c) { return c == ',' || std::isspace(static_cast<unsigned char>(c)); }

}  // namespace

std::unique_ptr<Tokenizer> load_tokenizer(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    const auto json_path = path / "tokenizer.json";
    if (!std::filesystem::is_regular_file(json_path, ec))
      throw TokenizerError(path.string() + ": folder holds no tokenizer.json");
    return load_hf_tokenizer(json_path);
  }
  if (!std::filesystem::is_regular_file(path, ec))
    throw TokenizerError(path.string() + ": tokenizer file not found");
  // tokenizer.json starts with '{' (after white space); a llama2.c file starts with a small
  // little-endian int32 whose first byte is never '{' followed by JSON.
  std::ifstream in(path, std::ios::binary);
  char c = 0;
  while (in.get(c) && std::isspace(static_cast<unsigned char>(c))) {
  }
  if (in && c == '{') return load_hf_tokenizer(path);
  return std::make_unique<Llama2cTokenizer>(path);
}

std::vector<int> read_token_ids(const std::filesystem::path& path) {
  return parse_token_ids(read_all(path, "token id file"), path.string());
}

std::vector<int> parse_token_ids(const std::string& text, const std::string& name) {
  std::vector<int> ids;
  std::size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  const bool json_array = i < text.size() && text[i] == '[';
  if (json_array) ++i;
  bool need_value = json_array;  // JSON: after '[' or ',' a number must come
  bool closed = false;
  while (i < text.size()) {
    const char c = text[i];
    if (closed) {
      if (!std::isspace(static_cast<unsigned char>(c)))
        throw TokenizerError(name + ": " + position_of(text, i) +
                             ": unexpected text after the closing ']'");
      ++i;
      continue;
    }
    if (json_array && c == ']') {
      if (need_value && !ids.empty())
        throw TokenizerError(name + ": " + position_of(text, i) +
                             ": expected a token id before ']'");
      closed = true;
      ++i;
      continue;
    }
    if (json_array && c == ',') {
      if (need_value)
        throw TokenizerError(name + ": " + position_of(text, i) +
                             ": expected a token id before ','");
      need_value = true;
      ++i;
      continue;
    }
    if (is_separator(c)) {
      ++i;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c)) || (json_array && !need_value))
      throw TokenizerError(
          name + ": " + position_of(text, i) + ": expected a non-negative integer token id" +
          (json_array ? " or ','/']'" : "") + ", found '" +
          config::printable(std::string(1, c)) + "'");
    const std::size_t start = i;
    long long value = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      value = value * 10 + (text[i] - '0');
      if (value > std::numeric_limits<int>::max())
        throw TokenizerError(name + ": " + position_of(text, start) + ": token id is too large");
      ++i;
    }
    if (i < text.size() && !is_separator(text[i]) && !(json_array && text[i] == ']'))
      throw TokenizerError(name + ": " + position_of(text, i) +
                           ": expected a separator after the token id, found '" +
                           config::printable(std::string(1, text[i])) + "'");
    ids.push_back(static_cast<int>(value));
    need_value = false;
  }
  if (json_array && !closed)
    throw TokenizerError(name + ": " + position_of(text, text.size()) + ": missing ']'");
  return ids;
}

}  // namespace aimcsim::workloads
