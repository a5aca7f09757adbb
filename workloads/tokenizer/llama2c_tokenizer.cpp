// SPDX-License-Identifier: Apache-2.0
#include "workloads/tokenizer/llama2c_tokenizer.hpp"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>

#include "workloads/tokenizer/pair_merge.hpp"
#include "workloads/tokenizer/utf8.hpp"

namespace aimcsim::workloads {

namespace {

std::string read_file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TokenizerError(path.string() + ": cannot open the tokenizer file");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

template <class T>
T read_le(std::string_view bytes, std::size_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));  // x86-64 / aarch64: little endian
  return value;
}

/// run.c's sscanf(piece, "<0x%02hhX>", &b) == 1: "<0x" followed by one or two hex digits.
bool parse_byte_piece(const std::string& piece, unsigned char& byte) {
  if (piece.size() < 4 || !utf8::has_at(piece, 0, "<0x")) return false;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  const int d0 = hex(piece[3]);
  if (d0 < 0) return false;
  const int d1 = piece.size() > 4 ? hex(piece[4]) : -1;
  byte = static_cast<unsigned char>(d1 < 0 ? d0 : d0 * 16 + d1);
  return true;
}

}  // namespace

Llama2cTokenizer::Llama2cTokenizer(const std::filesystem::path& path) : m_name(path.string()) {
  parse(read_file_bytes(path));
}

Llama2cTokenizer::Llama2cTokenizer(std::string_view bytes, const std::string& name) : m_name(name) {
  parse(bytes);
}

void Llama2cTokenizer::parse(std::string_view bytes) {
  if (bytes.size() < 4)
    throw TokenizerError(m_name + ": llama2.c tokenizer needs a 4-byte max_token_length header");
  const auto max_len = read_le<std::int32_t>(bytes, 0);
  if (max_len <= 0)
    throw TokenizerError(m_name + ": offset 0: max_token_length " + std::to_string(max_len) +
                         " is not positive");
  std::size_t offset = 4;
  while (offset < bytes.size()) {
    if (bytes.size() - offset < 8)
      throw TokenizerError(m_name + ": offset " + std::to_string(offset) + ": token " +
                           std::to_string(m_pieces.size()) +
                           " is truncated (expected float32 score and int32 length)");
    const auto score = read_le<float>(bytes, offset);
    const auto len = read_le<std::int32_t>(bytes, offset + 4);
    if (len < 0 || static_cast<std::size_t>(len) > bytes.size() - offset - 8)
      throw TokenizerError(m_name + ": offset " + std::to_string(offset + 4) + ": token " +
                           std::to_string(m_pieces.size()) + " length " + std::to_string(len) +
                           " runs past the end of the file");
    if (len > max_len)
      throw TokenizerError(m_name + ": offset " + std::to_string(offset + 4) + ": token " +
                           std::to_string(m_pieces.size()) + " length " + std::to_string(len) +
                           " exceeds max_token_length " + std::to_string(max_len));
    std::string piece(bytes.substr(offset + 8, static_cast<std::size_t>(len)));
    piece.resize(std::strlen(piece.c_str()));  // run.c handles pieces as C strings
    m_ids.emplace(piece, static_cast<int>(m_pieces.size()));
    m_pieces.push_back(std::move(piece));
    m_scores.push_back(score);
    offset += 8 + static_cast<std::size_t>(len);
  }
  // run.c's byte fallback writes id byte+3 for any byte: the vocabulary must hold them.
  if (m_pieces.size() < 259)
    throw TokenizerError(m_name + ": llama2.c tokenizer has " + std::to_string(m_pieces.size()) +
                         " tokens; expected at least 259 (<unk>, BOS, EOS, 256 byte tokens)");
}

int Llama2cTokenizer::lookup(const std::string& piece) const {
  const auto it = m_ids.find(piece);
  return it == m_ids.end() ? -1 : it->second;
}

std::vector<int> Llama2cTokenizer::encode(std::string_view text_in, bool add_special) const {
  // run.c reads a C string: the text ends at its first NUL.
  const std::string_view text = text_in.substr(0, std::min(text_in.find('\0'), text_in.size()));
  std::vector<int> ids;
  if (add_special) ids.push_back(1);
  if (!text.empty()) {
    const int space = lookup(" ");
    if (space < 0)
      throw TokenizerError(m_name + ": the vocabulary has no \" \" piece for the dummy prefix");
    ids.push_back(space);
  }
  // One id per code point, as run.c groups bytes: a non-continuation byte starts a group,
  // continuation bytes join it while the group holds fewer than 4 bytes.
  std::string group;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) group.clear();
    group += static_cast<char>(c);
    const bool next_continues =
        i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80;
    if (next_continues && group.size() < 4) continue;
    const int id = lookup(group);
    if (id >= 0) {
      ids.push_back(id);
    } else {
      for (const char b : group) ids.push_back(static_cast<unsigned char>(b) + 3);
    }
    group.clear();
  }
  // Greedy merges, the best-scoring pair first, the leftmost on ties (run.c rescans every pair
  // each round; merge_pairs pops the same pair from a heap). BOS takes part in the merges as in
  // run.c (its piece joins nothing in practice).
  return merge_pairs(std::move(ids), [&](int lt, int rt, PairMerge& m) {
    const int id =
        lookup(m_pieces[static_cast<std::size_t>(lt)] + m_pieces[static_cast<std::size_t>(rt)]);
    if (id < 0 || !(m_scores[static_cast<std::size_t>(id)] > -1e10f)) return false;
    m = {m_scores[static_cast<std::size_t>(id)], id};
    return true;
  });
}

std::string Llama2cTokenizer::decode_piece(int prev_id, int id) const {
  std::string piece = m_pieces[static_cast<std::size_t>(id)];
  if (prev_id == 1 && !piece.empty() && piece[0] == ' ') piece.erase(0, 1);
  unsigned char byte = 0;
  if (parse_byte_piece(piece, byte)) return std::string(1, static_cast<char>(byte));
  return piece;
}

std::string Llama2cTokenizer::decode(const std::vector<int>& ids) const {
  std::string out;
  int prev = -1;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] < 0 || ids[i] >= vocab_size())
      throw TokenizerError(m_name + ": id " + std::to_string(ids[i]) + " at position " +
                           std::to_string(i) + " is outside the vocabulary (0.." +
                           std::to_string(vocab_size() - 1) + ")");
    out += decode_piece(prev, ids[i]);
    prev = ids[i];
  }
  return out;
}

}  // namespace aimcsim::workloads
