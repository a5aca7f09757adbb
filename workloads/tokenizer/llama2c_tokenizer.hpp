// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// llama2.c tokenizer.bin: encode and decode exactly as llama2.c run.c does.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "workloads/tokenizer/tokenizer.hpp"

namespace aimcsim::workloads {

/// The llama2.c format: int32 max_token_length, then per token float32 score, int32 byte
/// length, bytes (little endian). The vocabulary size is the number of records in the file
/// (run.c takes it from the checkpoint; the two agree for a consistent pair).
/// Encoding as run.c `encode`: BOS (id 1) when asked, the dummy-prefix id of " " for a
/// non-empty text, one id per UTF-8 code point (or its bytes as ids byte+3 when the code point
/// is no piece), then greedy merges of the adjacent pair whose concatenation is a piece with the
/// highest score (leftmost on ties; scores <= -1e10 never merge). Like run.c the text ends at
/// its first NUL byte and pieces end at theirs (C strings).
class Llama2cTokenizer final : public Tokenizer {
 public:
  /// Reads `path`; throws TokenizerError naming the file and byte offset of a truncated or
  /// inconsistent record.
  explicit Llama2cTokenizer(const std::filesystem::path& path);
  /// Builds from bytes already read (the fuzzer); `name` appears in errors.
  Llama2cTokenizer(std::string_view bytes, const std::string& name);

  std::vector<int> encode(std::string_view text, bool add_special) const override;
  std::string decode(const std::vector<int>& ids) const override;
  int vocab_size() const override { return static_cast<int>(m_pieces.size()); }
  int bos_id() const override { return vocab_size() > 1 ? 1 : -1; }
  int eos_id() const override { return vocab_size() > 2 ? 2 : -1; }
  std::string kind() const override { return "llama2c"; }
  std::string wrap_chat(std::string_view user_text) const override {
    return std::string(user_text);
  }

  /// The piece of `id` as run.c's decode(prev_id, id) returns it: the leading space dropped
  /// after BOS, "<0xXX>" turned into the raw byte.
  std::string decode_piece(int prev_id, int id) const;
  /// The stored piece of `id` (0 <= id < vocab_size()), cut at its first NUL as run.c sees it.
  const std::string& piece(int id) const { return m_pieces[static_cast<std::size_t>(id)]; }

 private:
  void parse(std::string_view bytes);
  int lookup(const std::string& piece) const;

  std::string m_name;
  std::vector<std::string> m_pieces;
  std::vector<float> m_scores;
  std::unordered_map<std::string, int> m_ids;  ///< piece -> lowest id with that piece
};

}  // namespace aimcsim::workloads
