// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The parts of a HuggingFace tokenizer.json that aimcsim implements, as read and validated
/// by read_hf_spec. Anything else in the file is refused with a TokenizerError naming the key.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "workloads/tokenizer/bpe_model.hpp"
#include "workloads/tokenizer/regex_split.hpp"

namespace aimcsim::workloads {

/// One normalizer of the chain ("NFC", "Prepend", "Replace" with a literal pattern).
struct NormalizerStep {
  enum class Kind { nfc, prepend, replace } kind;
  std::string pattern;  ///< replace: the literal searched for
  std::string content;  ///< prepend: the prefix; replace: the replacement
};

/// One pre-tokenizer of the chain.
struct PreTokenizerStep {
  enum class Kind { split, byte_level, metaspace } kind;
  // split
  std::shared_ptr<const Pcre2Regex> regex;  ///< null for a literal pattern
  std::string literal;
  SplitBehavior behavior = SplitBehavior::isolated;
  // byte_level
  bool add_prefix_space = false;
  bool use_regex = false;
  // metaspace
  std::string replacement;
  enum class Prepend { always, first, never } prepend = Prepend::always;
  bool split = true;
};

/// One decoder of the chain.
struct DecoderStep {
  enum class Kind { byte_level, replace, byte_fallback, fuse, strip, metaspace } kind;
  std::string pattern, content;  ///< replace; strip uses content (one character)
  std::size_t strip_start = 0, strip_stop = 0;
  bool metaspace_strip_first = true;  ///< metaspace: drop the leading space of the first token
};

/// added_tokens[] entry.
struct AddedToken {
  int id = -1;
  std::string content;
  bool special = false, lstrip = false, rstrip = false, single_word = false, normalized = false;
};

/// Everything encode/decode needs, validated.
struct HfSpec {
  std::string file;  ///< for error messages
  std::vector<NormalizerStep> normalizers;
  std::vector<PreTokenizerStep> pre_tokenizers;
  std::vector<DecoderStep> decoders;
  bool has_decoder = false;  ///< false: tokens joined by spaces, as HF does without a decoder
  std::vector<AddedToken> added;
  /// TemplateProcessing "single": ids before and after the sequence when add_special.
  std::vector<int> prefix_ids, suffix_ids;
  std::unique_ptr<BpeModel> model;
  bool byte_level = false;  ///< a ByteLevel pre-tokenizer is present
  /// bos / eos token strings from a tokenizer_config.json beside the file, if any.
  std::string config_bos, config_eos;
  bool config_found = false;
};

/// Reads and validates `path` (a tokenizer.json). Throws TokenizerError "<file>: <key>: ...".
HfSpec read_hf_spec(const std::filesystem::path& path);
/// The same from text already read (the fuzzer); `name` appears in errors.
HfSpec read_hf_spec_text(const std::string& json_text, const std::string& name);

}  // namespace aimcsim::workloads
