// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Text <-> token ids, exactly as the model's own tokenizer does it.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/config/config_error.hpp"

namespace aimcsim::workloads {

/// A tokenizer file that cannot be used, or ids it cannot decode: one line naming the file and
/// what was expected. Bad input: the CLI exits with code 2.
class TokenizerError : public config::ConfigError {
 public:
  using config::ConfigError::ConfigError;
};

/// A loaded tokenizer (llama2.c tokenizer.bin, or HuggingFace tokenizer.json with byte-level BPE
/// or SentencePiece-style BPE with byte fallback).
class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  /// Token ids of `text` (UTF-8). `add_special`: add what the tokenizer adds around a text by
  /// itself (BOS for Llama-2 / llama2.c / Llama-3 via its post-processor; nothing for Qwen2),
  /// as HF `encode(text, add_special_tokens=True)` does. Special tokens written in the text
  /// (e.g. "<|eot_id|>") become their ids, as in HF.
  virtual std::vector<int> encode(std::string_view text, bool add_special) const = 0;
  /// Text of `ids` (HF decode with skip_special_tokens=false; llama2.c: pieces concatenated,
  /// the leading space after BOS stripped as run.c does). Throws TokenizerError for an id
  /// outside the vocabulary.
  virtual std::string decode(const std::vector<int>& ids) const = 0;
  /// Number of ids (including added special tokens).
  virtual int vocab_size() const = 0;
  /// Begin / end of sequence ids, -1 if the tokenizer has none.
  virtual int bos_id() const = 0;
  virtual int eos_id() const = 0;
  /// llama2c, byte_level_bpe or sentencepiece_bpe.
  virtual std::string kind() const = 0;
  /// The prompt wrapped in the tokenizer's chat template for one user turn, ready for
  /// encode(..., false) (e.g. Llama-3 "<|begin_of_text|><|start_header_id|>user..."); the text
  /// unchanged when the tokenizer has no known template.
  virtual std::string wrap_chat(std::string_view user_text) const = 0;
};

/// Loads a tokenizer from a file (llama2.c .bin or tokenizer.json) or a folder holding a
/// tokenizer.json. Throws TokenizerError naming the file and the key or offset.
std::unique_ptr<Tokenizer> load_tokenizer(const std::filesystem::path& path);

/// Token ids from a text file: a JSON array of integers, or integers separated by whitespace or
/// commas. Throws TokenizerError naming the file and position on anything else.
std::vector<int> read_token_ids(const std::filesystem::path& path);
/// read_token_ids on text already read; `name` names it in errors.
std::vector<int> parse_token_ids(const std::string& text, const std::string& name);

}  // namespace aimcsim::workloads
