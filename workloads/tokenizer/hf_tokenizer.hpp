// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// A HuggingFace tokenizer.json with a BPE model: byte-level (GPT-2, Llama-3, Qwen2) or
/// SentencePiece-style with byte fallback (Llama-2, Phi-3).

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>

#include "workloads/tokenizer/added_tokens.hpp"
#include "workloads/tokenizer/hf_spec.hpp"
#include "workloads/tokenizer/tokenizer.hpp"

namespace aimcsim::workloads {

/// Encoding as HF tokenizers' `encode(text, add_special_tokens)`: the text is cut at added
/// tokens that are matched unnormalized (all special tokens in real files), the rest is
/// normalized and cut at normalized added tokens, pre-tokenized, BPE-encoded word by word, and
/// TemplateProcessing adds its ids when `add_special`. Decoding maps ids to tokens and runs the
/// decoder chain (skip_special_tokens=false, no clean-up of spaces).
class HfTokenizer final : public Tokenizer {
 public:
  explicit HfTokenizer(HfSpec spec);

  std::vector<int> encode(std::string_view text, bool add_special) const override;
  std::string decode(const std::vector<int>& ids) const override;
  int vocab_size() const override { return m_vocab_size; }
  int bos_id() const override { return m_bos_id; }
  int eos_id() const override { return m_eos_id; }
  std::string kind() const override {
    return m_spec.byte_level ? "byte_level_bpe" : "sentencepiece_bpe";
  }
  std::string wrap_chat(std::string_view user_text) const override;

  /// Id of an added token or vocabulary entry, -1 if absent.
  int token_id(const std::string& token) const;

 private:
  void encode_plain(const std::string& text, bool at_text_start, std::vector<int>& out) const;

  HfSpec m_spec;
  AddedTokenMatcher m_raw_matcher;         ///< added tokens with normalized=false
  AddedTokenMatcher m_normalized_matcher;  ///< added tokens with normalized=true
  std::unordered_map<int, std::string> m_added_by_id;
  std::unordered_map<std::string, int> m_added_by_content;
  int m_vocab_size = 0, m_bos_id = -1, m_eos_id = -1;
};

/// Loads a tokenizer.json (and bos/eos from a tokenizer_config.json beside it).
std::unique_ptr<Tokenizer> load_hf_tokenizer(const std::filesystem::path& path);

}  // namespace aimcsim::workloads
