// SPDX-License-Identifier: Apache-2.0
#include "workloads/tokenizer/hf_pipeline.hpp"

#include "workloads/tokenizer/byte_level.hpp"
#include "workloads/tokenizer/utf8.hpp"

namespace aimcsim::workloads {

namespace {

std::string replace_all(std::string_view text, const std::string& from, const std::string& to) {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t hit = text.find(from, pos);
    if (hit == std::string_view::npos) break;
    out.append(text.substr(pos, hit - pos));
    out += to;
    pos = hit + from.size();
  }
  out.append(text.substr(pos));
  return out;
}

std::vector<std::pair<std::size_t, std::size_t>> literal_matches(std::string_view text,
                                                                 const std::string& lit) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t pos = text.find(lit); pos != std::string_view::npos;
       pos = text.find(lit, pos + lit.size()))
    out.emplace_back(pos, pos + lit.size());
  return out;
}

std::vector<std::string> apply_step(const PreTokenizerStep& step, const std::string& piece,
                                    bool at_text_start) {
  switch (step.kind) {
    case PreTokenizerStep::Kind::split:
      return split_at_matches(
          piece, step.regex ? step.regex->find_all(piece) : literal_matches(piece, step.literal),
          step.behavior);
    case PreTokenizerStep::Kind::byte_level: {
      std::string text = piece;
      if (step.add_prefix_space && (text.empty() || text[0] != ' ')) text.insert(0, " ");
      std::vector<std::string> words =
          step.regex ? split_at_matches(text, step.regex->find_all(text), SplitBehavior::isolated)
                     : std::vector<std::string>{text};
      for (auto& w : words) w = byte_level::encode(w);
      return words;
    }
    case PreTokenizerStep::Kind::metaspace: {
      std::string text = replace_all(piece, " ", step.replacement);
      const bool prepend = step.prepend == PreTokenizerStep::Prepend::always ||
                           (step.prepend == PreTokenizerStep::Prepend::first && at_text_start);
      if (prepend && !utf8::has_at(text, 0, step.replacement)) text.insert(0, step.replacement);
      if (!step.split) return {text};
      return split_at_matches(text, literal_matches(text, step.replacement),
                              SplitBehavior::merged_with_next);
    }
  }
  return {piece};
}

/// tokenizers' ByteFallback: "<0xXX>" is a byte; a run of them becomes its text when valid
/// UTF-8, else one U+FFFD per byte.
std::vector<std::string> byte_fallback(const std::vector<std::string>& tokens) {
  std::vector<std::string> out;
  std::string run;
  std::size_t run_len = 0;
  auto flush = [&] {
    if (run_len == 0) return;
    if (utf8::first_invalid_byte(run)) {
      for (std::size_t i = 0; i < run_len; ++i) out.emplace_back("\xEF\xBF\xBD");
    } else {
      out.push_back(run);
    }
    run.clear();
    run_len = 0;
  };
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (const auto& t : tokens) {
    if (t.size() == 6 && utf8::has_at(t, 0, "<0x") && t[5] == '>' && hex(t[3]) >= 0 &&
        hex(t[4]) >= 0) {
      run += static_cast<char>(hex(t[3]) * 16 + hex(t[4]));
      ++run_len;
    } else {
      flush();
      out.push_back(t);
    }
  }
  flush();
  return out;
}

/// tokenizers' ByteLevel decoder: characters back to bytes (a token holding a character
/// outside the table keeps its own UTF-8), all tokens joined, invalid UTF-8 repaired.
std::string byte_level_decode(const std::vector<std::string>& tokens) {
  const auto& table = byte_level::char_to_byte();
  std::string bytes;
  for (const auto& t : tokens) {
    std::string mine;
    bool ok = true;
    for (std::size_t i = 0; i < t.size() && ok;) {
      std::size_t len = utf8::valid_sequence_length(t, i);
      if (len == 0) {
        ok = false;
        break;
      }
      const char32_t cp = utf8::decode_at(t, i, len);
      const auto it = table.find(cp);
      if (it == table.end())
        ok = false;
      else
        mine += static_cast<char>(it->second);
      i += len;
    }
    bytes += ok ? mine : t;
  }
  return utf8::repair_lossy(bytes);
}

}  // namespace

std::string normalize_segment(const HfSpec& spec, std::string_view segment) {
  std::string text(segment);
  for (const auto& n : spec.normalizers) {
    switch (n.kind) {
      case NormalizerStep::Kind::nfc:
        text = utf8::nfc(text);
        break;
      case NormalizerStep::Kind::prepend:
        if (!text.empty()) text.insert(0, n.content);
        break;
      case NormalizerStep::Kind::replace:
        text = replace_all(text, n.pattern, n.content);
        break;
    }
  }
  return text;
}

std::vector<std::string> pre_tokenize(const HfSpec& spec, const std::string& segment,
                                      bool at_text_start) {
  std::vector<std::string> pieces{segment};
  for (const auto& step : spec.pre_tokenizers) {
    std::vector<std::string> next;
    for (std::size_t k = 0; k < pieces.size(); ++k) {
      // Only the first piece can start where the text starts (Metaspace "first").
      auto parts = apply_step(step, pieces[k], at_text_start && k == 0);
      for (auto& q : parts)
        if (!q.empty()) next.push_back(std::move(q));
    }
    pieces = std::move(next);
  }
  return pieces;
}

std::string decode_tokens(const HfSpec& spec, std::vector<std::string> tokens) {
  if (!spec.has_decoder) {
    std::string out;
    for (std::size_t i = 0; i < tokens.size(); ++i) out += (i ? " " : "") + tokens[i];
    return out;
  }
  for (const auto& d : spec.decoders) {
    switch (d.kind) {
      case DecoderStep::Kind::byte_level:
        tokens = {byte_level_decode(tokens)};
        break;
      case DecoderStep::Kind::replace:
        for (auto& t : tokens) t = replace_all(t, d.pattern, d.content);
        break;
      case DecoderStep::Kind::byte_fallback:
        tokens = byte_fallback(tokens);
        break;
      case DecoderStep::Kind::fuse: {
        std::string all;
        for (const auto& t : tokens) all += t;
        tokens = {all};
        break;
      }
      case DecoderStep::Kind::strip:
        for (auto& t : tokens) {
          std::size_t b = 0, e = t.size();
          while (b < d.strip_start && b < e && t[b] == d.content[0]) ++b;
          std::size_t cut = 0;
          while (cut < d.strip_stop && e > b && t[e - 1] == d.content[0]) --e, ++cut;
          t = t.substr(b, e - b);
        }
        break;
      case DecoderStep::Kind::metaspace:
        for (std::size_t i = 0; i < tokens.size(); ++i) {
          tokens[i] = replace_all(tokens[i], d.pattern, " ");
          if (i == 0 && d.metaspace_strip_first && !tokens[i].empty() && tokens[i][0] == ' ')
            tokens[i].erase(0, 1);
        }
        break;
    }
  }
  std::string out;
  for (const auto& t : tokens) out += t;
  return out;
}

}  // namespace aimcsim::workloads
