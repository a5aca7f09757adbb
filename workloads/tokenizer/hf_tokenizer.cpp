// SPDX-License-Identifier: Apache-2.0
#include "workloads/tokenizer/hf_tokenizer.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/config/text_check.hpp"
#include "workloads/tokenizer/chat_template.hpp"
#include "workloads/tokenizer/hf_pipeline.hpp"
#include "workloads/tokenizer/utf8.hpp"

namespace aimcsim::workloads {

namespace {

std::vector<AddedToken> select(const HfSpec& spec, bool normalized) {
  std::vector<AddedToken> out;
  for (const auto& a : spec.added) {
    if (a.normalized != normalized) continue;
    AddedToken t = a;
    // Normalized tokens are matched in normalized text, so their content is normalized too.
    if (normalized) t.content = normalize_segment(spec, t.content);
    if (!t.content.empty()) out.push_back(std::move(t));
  }
  return out;
}

/// The first of `names` that is a token, or -1.
int first_present(const HfTokenizer& tok, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (const int id = tok.token_id(n); id >= 0) return id;
  return -1;
}

}  // namespace

HfTokenizer::HfTokenizer(HfSpec spec)
    : m_spec(std::move(spec)),
      m_raw_matcher(select(m_spec, false)),
      m_normalized_matcher(select(m_spec, true)) {
  m_vocab_size = m_spec.model->max_id() + 1;
  for (const auto& a : m_spec.added) {
    m_added_by_id[a.id] = a.content;
    m_added_by_content.emplace(a.content, a.id);
    m_vocab_size = std::max(m_vocab_size, a.id + 1);
  }
  // bos / eos: tokenizer_config.json beside the file names them; without it, the template's
  // first id is BOS and the usual end tokens are looked up.
  auto named = [&](const std::string& key, const std::string& name) {
    if (name.empty()) return -1;
    const int id = token_id(name);
    if (id < 0)
      throw TokenizerError(m_spec.file + ": tokenizer_config.json " + key + " \"" +
                           config::printable(name) + "\" is not a token");
    return id;
  };
  if (m_spec.config_found) {
    m_bos_id = named("bos_token", m_spec.config_bos);
    m_eos_id = named("eos_token", m_spec.config_eos);
  } else {
    m_bos_id = !m_spec.prefix_ids.empty() ? m_spec.prefix_ids.front()
                                          : first_present(*this, {"<s>", "<|begin_of_text|>"});
    m_eos_id = first_present(*this, {"</s>", "<|end_of_text|>", "<|endoftext|>"});
  }
}

int HfTokenizer::token_id(const std::string& token) const {
  const auto it = m_added_by_content.find(token);
  if (it != m_added_by_content.end()) return it->second;
  return m_spec.model->id_of(token);
}

void HfTokenizer::encode_plain(const std::string& text, bool at_text_start,
                               std::vector<int>& out) const {
  const std::string normalized = normalize_segment(m_spec, text);
  const std::vector<TextPiece> pieces = m_normalized_matcher.empty()
                                            ? std::vector<TextPiece>{{normalized, -1, 0}}
                                            : m_normalized_matcher.split(normalized);
  for (const auto& p : pieces) {
    if (p.id >= 0) {
      out.push_back(p.id);
      continue;
    }
    for (const auto& word : pre_tokenize(m_spec, p.text, at_text_start && p.offset == 0))
      m_spec.model->encode_word(word, out);
  }
}

std::vector<int> HfTokenizer::encode(std::string_view text, bool add_special) const {
  if (const auto bad = utf8::first_invalid_byte(text))
    throw TokenizerError(m_spec.file + ": the text to encode is not valid UTF-8 at byte " +
                         std::to_string(*bad));
  std::vector<int> out;
  if (add_special) out = m_spec.prefix_ids;
  try {
    for (const auto& piece : m_raw_matcher.split(text)) {
      if (piece.id >= 0) {
        out.push_back(piece.id);
      } else {
        encode_plain(piece.text, piece.offset == 0, out);
      }
    }
  } catch (const std::runtime_error& e) {  // PCRE2 match limit, ICU failure
    throw TokenizerError(m_spec.file + ": " + e.what());
  }
  if (add_special) out.insert(out.end(), m_spec.suffix_ids.begin(), m_spec.suffix_ids.end());
  return out;
}

std::string HfTokenizer::decode(const std::vector<int>& ids) const {
  std::vector<std::string> tokens;
  tokens.reserve(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto added = m_added_by_id.find(ids[i]);
    if (added != m_added_by_id.end()) {
      tokens.push_back(added->second);
      continue;
    }
    const std::string* t = m_spec.model->token_of(ids[i]);
    if (!t)
      throw TokenizerError(m_spec.file + ": id " + std::to_string(ids[i]) + " at position " +
                           std::to_string(i) + " is outside the vocabulary (0.." +
                           std::to_string(m_vocab_size - 1) + ")");
    tokens.push_back(*t);
  }
  return decode_tokens(m_spec, std::move(tokens));
}

std::string HfTokenizer::wrap_chat(std::string_view user_text) const {
  return apply_chat_template(
      detect_chat_template([this](const std::string& t) { return token_id(t) >= 0; }), user_text);
}

std::unique_ptr<Tokenizer> load_hf_tokenizer(const std::filesystem::path& path) {
  return std::make_unique<HfTokenizer>(read_hf_spec(path));
}

}  // namespace aimcsim::workloads
