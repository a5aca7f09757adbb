// SPDX-License-Identifier: Apache-2.0
// Reads tokenizer.json into an HfSpec; refuses what is not implemented, naming the key.
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

#include "sim/config/text_check.hpp"
#include "workloads/tokenizer/hf_spec.hpp"
#include "workloads/tokenizer/tokenizer.hpp"

namespace aimcsim::workloads {

namespace {

using nlohmann::json;

/// GPT-2's pre-tokenizer pattern, used by ByteLevel with use_regex (tokenizers' byte_level.rs).
const char* const k_gpt2_pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

class Reader {
 public:
  explicit Reader(std::string file) : m_file(std::move(file)) {}

  /// Keys and values come from the file: they are shown printable (control characters and
  /// invalid UTF-8 as \xNN) and cut, so the error stays one readable line.
  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw TokenizerError(m_file + ": " + config::printable(key, 120) + ": " +
                         config::printable(what, 300));
  }

  const json& member(const json& obj, const std::string& key, const std::string& path) const {
    if (!obj.is_object()) fail(path, "expected an object");
    const auto it = obj.find(key);
    if (it == obj.end()) fail(path + "." + key, "missing");
    return *it;
  }
  std::string str(const json& obj, const std::string& key, const std::string& path) const {
    const json& v = member(obj, key, path);
    if (!v.is_string()) fail(path + "." + key, "expected a string");
    return v.get<std::string>();
  }
  bool flag(const json& obj, const std::string& key, const std::string& path, bool fallback) const {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) fail(path + "." + key, "expected true or false");
    return it->get<bool>();
  }
  std::size_t count(const json& obj, const std::string& key, const std::string& path) const {
    const json& v = member(obj, key, path);
    if (!v.is_number_unsigned() || v.get<std::uint64_t>() > 1000)
      fail(path + "." + key, "expected a small non-negative integer");
    return v.get<std::size_t>();
  }
  int id(const json& v, const std::string& path) const {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > (1 << 30))
      fail(path, "expected a token id (integer 0..2^30)");
    return v.get<int>();
  }
  /// {"String": "..."} (a literal) or {"Regex": "..."}; `regex` tells which.
  std::string pattern(const json& obj, const std::string& path, bool& regex) const {
    const json& p = member(obj, "pattern", path);
    if (p.is_object() && p.size() == 1 && p.contains("String") && p["String"].is_string()) {
      regex = false;
      return p["String"].get<std::string>();
    }
    if (p.is_object() && p.size() == 1 && p.contains("Regex") && p["Regex"].is_string()) {
      regex = true;
      return p["Regex"].get<std::string>();
    }
    fail(path + ".pattern", "expected {\"String\": ...} or {\"Regex\": ...}");
  }
  std::string type(const json& obj, const std::string& path) const {
    return str(obj, "type", path);
  }

  void normalizer(const json& n, const std::string& path, HfSpec& spec) const {
    const std::string t = type(n, path);
    if (t == "Sequence") {
      const json& list = member(n, "normalizers", path);
      if (!list.is_array()) fail(path + ".normalizers", "expected an array");
      for (std::size_t i = 0; i < list.size(); ++i)
        normalizer(list[i], path + ".normalizers[" + std::to_string(i) + "]", spec);
    } else if (t == "NFC") {
      spec.normalizers.push_back({NormalizerStep::Kind::nfc, "", ""});
    } else if (t == "Prepend") {
      spec.normalizers.push_back({NormalizerStep::Kind::prepend, "", str(n, "prepend", path)});
    } else if (t == "Replace") {
      bool regex = false;
      std::string p = pattern(n, path, regex);
      if (regex) fail(path + ".pattern", "Replace with a Regex pattern is not implemented");
      if (p.empty()) fail(path + ".pattern", "expected a non-empty string");
      spec.normalizers.push_back(
          {NormalizerStep::Kind::replace, std::move(p), str(n, "content", path)});
    } else {
      fail(path + ".type",
           "normalizer \"" + t + "\" is not implemented (NFC, Prepend, Replace, Sequence)");
    }
  }

  void pre_tokenizer(const json& n, const std::string& path, HfSpec& spec) const {
    const std::string t = type(n, path);
    PreTokenizerStep step{};
    if (t == "Sequence") {
      const json& list = member(n, "pretokenizers", path);
      if (!list.is_array()) fail(path + ".pretokenizers", "expected an array");
      for (std::size_t i = 0; i < list.size(); ++i)
        pre_tokenizer(list[i], path + ".pretokenizers[" + std::to_string(i) + "]", spec);
      return;
    }
    if (t == "Split") {
      step.kind = PreTokenizerStep::Kind::split;
      bool regex = false;
      const std::string p = pattern(n, path, regex);
      if (regex) {
        try {
          step.regex = std::make_shared<Pcre2Regex>(p);
        } catch (const std::invalid_argument& e) {
          fail(path + ".pattern.Regex", e.what());
        }
      } else {
        if (p.empty()) fail(path + ".pattern.String", "expected a non-empty string");
        step.literal = p;
      }
      const std::string b = str(n, "behavior", path);
      if (b == "Isolated")
        step.behavior = SplitBehavior::isolated;
      else if (b == "Removed")
        step.behavior = SplitBehavior::removed;
      else if (b == "MergedWithPrevious")
        step.behavior = SplitBehavior::merged_with_previous;
      else if (b == "MergedWithNext")
        step.behavior = SplitBehavior::merged_with_next;
      else
        fail(path + ".behavior",
             "\"" + b +
                 "\" is not implemented (Isolated, Removed, MergedWithPrevious, MergedWithNext)");
      if (flag(n, "invert", path, false)) fail(path + ".invert", "invert: true is not implemented");
    } else if (t == "ByteLevel") {
      step.kind = PreTokenizerStep::Kind::byte_level;
      step.add_prefix_space = flag(n, "add_prefix_space", path, true);
      step.use_regex = flag(n, "use_regex", path, true);
      if (step.use_regex) step.regex = std::make_shared<Pcre2Regex>(k_gpt2_pattern);
      spec.byte_level = true;
    } else if (t == "Metaspace") {
      step.kind = PreTokenizerStep::Kind::metaspace;
      step.replacement = str(n, "replacement", path);
      if (step.replacement.empty()) fail(path + ".replacement", "expected one character");
      step.prepend = metaspace_prepend(n, path);
      step.split = flag(n, "split", path, true);
    } else {
      fail(path + ".type", "pre-tokenizer \"" + t +
                               "\" is not implemented (Split, ByteLevel, Metaspace, Sequence)");
    }
    spec.pre_tokenizers.push_back(std::move(step));
  }

  PreTokenizerStep::Prepend metaspace_prepend(const json& n, const std::string& path) const {
    if (n.contains("prepend_scheme") && !n["prepend_scheme"].is_null()) {
      const std::string s = str(n, "prepend_scheme", path);
      if (s == "always") return PreTokenizerStep::Prepend::always;
      if (s == "first") return PreTokenizerStep::Prepend::first;
      if (s == "never") return PreTokenizerStep::Prepend::never;
      fail(path + ".prepend_scheme", "expected always, first or never");
    }
    return flag(n, "add_prefix_space", path, true) ? PreTokenizerStep::Prepend::always
                                                   : PreTokenizerStep::Prepend::never;
  }

  void decoder(const json& n, const std::string& path, HfSpec& spec) const {
    const std::string t = type(n, path);
    DecoderStep step{};
    if (t == "Sequence") {
      const json& list = member(n, "decoders", path);
      if (!list.is_array()) fail(path + ".decoders", "expected an array");
      for (std::size_t i = 0; i < list.size(); ++i)
        decoder(list[i], path + ".decoders[" + std::to_string(i) + "]", spec);
      return;
    }
    if (t == "ByteLevel") {
      step.kind = DecoderStep::Kind::byte_level;
    } else if (t == "Replace") {
      step.kind = DecoderStep::Kind::replace;
      bool regex = false;
      step.pattern = pattern(n, path, regex);
      if (regex || step.pattern.empty())
        fail(path + ".pattern", "expected a non-empty {\"String\": ...}");
      step.content = str(n, "content", path);
    } else if (t == "ByteFallback") {
      step.kind = DecoderStep::Kind::byte_fallback;
    } else if (t == "Fuse") {
      step.kind = DecoderStep::Kind::fuse;
    } else if (t == "Strip") {
      step.kind = DecoderStep::Kind::strip;
      step.content = str(n, "content", path);
      if (step.content.size() != 1) fail(path + ".content", "expected one ASCII character");
      step.strip_start = count(n, "start", path);
      step.strip_stop = count(n, "stop", path);
    } else if (t == "Metaspace") {
      step.kind = DecoderStep::Kind::metaspace;
      step.pattern = str(n, "replacement", path);
      if (step.pattern.empty()) fail(path + ".replacement", "expected one character");
      step.metaspace_strip_first = metaspace_prepend(n, path) != PreTokenizerStep::Prepend::never;
    } else {
      fail(path + ".type", "decoder \"" + t +
                               "\" is not implemented (ByteLevel, Replace, ByteFallback, Fuse, "
                               "Strip, Metaspace, Sequence)");
    }
    spec.decoders.push_back(std::move(step));
  }

  void model(const json& m, HfSpec& spec) const {
    const std::string path = "model";
    const std::string t = type(m, path);
    if (t != "BPE") fail("model.type", "model \"" + t + "\" is not implemented (only BPE)");
    for (const char* k : {"continuing_subword_prefix", "end_of_word_suffix"}) {
      const auto it = m.find(k);
      if (it != m.end() && !it->is_null() && !(it->is_string() && it->get<std::string>().empty()))
        fail(std::string("model.") + k, "a non-empty value is not implemented");
    }
    if (const auto it = m.find("dropout");
        it != m.end() && !it->is_null() && !(it->is_number() && it->get<double>() == 0.0))
      fail("model.dropout", "BPE dropout is random; only null or 0 is accepted");
    BpeOptions options;
    if (const auto it = m.find("unk_token"); it != m.end() && !it->is_null()) {
      if (!it->is_string()) fail("model.unk_token", "expected a string or null");
      options.unk_token = it->get<std::string>();
    }
    options.fuse_unk = flag(m, "fuse_unk", path, false);
    options.byte_fallback = flag(m, "byte_fallback", path, false);
    options.ignore_merges = flag(m, "ignore_merges", path, false);
    const json& v = member(m, "vocab", path);
    if (!v.is_object()) fail("model.vocab", "expected an object of token: id");
    std::unordered_map<std::string, int> vocab;
    vocab.reserve(v.size());
    for (const auto& [token, value] : v.items())
      vocab.emplace(token, id(value, "model.vocab[\"" + token + "\"]"));
    const json& ml = member(m, "merges", path);
    if (!ml.is_array()) fail("model.merges", "expected an array");
    std::vector<std::pair<std::string, std::string>> merges;
    merges.reserve(ml.size());
    for (std::size_t i = 0; i < ml.size(); ++i) {
      const json& e = ml[i];
      const std::string key = "model.merges[" + std::to_string(i) + "]";
      if (e.is_string()) {
        const std::string s = e.get<std::string>();
        const auto sp = s.find(' ');
        if (sp == std::string::npos || s.find(' ', sp + 1) != std::string::npos)
          fail(key, "expected \"left right\" with exactly one space");
        merges.emplace_back(s.substr(0, sp), s.substr(sp + 1));
      } else if (e.is_array() && e.size() == 2 && e[0].is_string() && e[1].is_string()) {
        merges.emplace_back(e[0].get<std::string>(), e[1].get<std::string>());
      } else {
        fail(key, "expected \"left right\" or [\"left\", \"right\"]");
      }
    }
    try {
      spec.model = std::make_unique<BpeModel>(std::move(vocab), merges, std::move(options));
    } catch (const std::invalid_argument& e) {
      fail("model", e.what());
    }
  }

  void added_tokens(const json& list, HfSpec& spec) const {
    if (!list.is_array()) fail("added_tokens", "expected an array");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string path = "added_tokens[" + std::to_string(i) + "]";
      const json& a = list[i];
      AddedToken t;
      t.id = id(member(a, "id", path), path + ".id");
      t.content = str(a, "content", path);
      if (t.content.empty()) fail(path + ".content", "expected a non-empty string");
      t.special = flag(a, "special", path, false);
      t.lstrip = flag(a, "lstrip", path, false);
      t.rstrip = flag(a, "rstrip", path, false);
      t.single_word = flag(a, "single_word", path, false);
      t.normalized = flag(a, "normalized", path, !t.special);
      spec.added.push_back(std::move(t));
    }
  }

  void post_processor(const json& p, const std::string& path, HfSpec& spec, bool& seen) const {
    const std::string t = type(p, path);
    if (t == "Sequence") {
      const json& list = member(p, "processors", path);
      if (!list.is_array()) fail(path + ".processors", "expected an array");
      for (std::size_t i = 0; i < list.size(); ++i)
        post_processor(list[i], path + ".processors[" + std::to_string(i) + "]", spec, seen);
    } else if (t == "ByteLevel") {
      // Adjusts offsets only; ids are unchanged.
    } else if (t == "TemplateProcessing") {
      if (seen) fail(path, "a second TemplateProcessing is not implemented");
      seen = true;
      template_processing(p, path, spec);
    } else {
      fail(path + ".type", "post-processor \"" + t +
                               "\" is not implemented (TemplateProcessing, ByteLevel, Sequence)");
    }
  }

  void template_processing(const json& p, const std::string& path, HfSpec& spec) const {
    const json& single = member(p, "single", path);
    const json& specials = member(p, "special_tokens", path);
    if (!single.is_array()) fail(path + ".single", "expected an array");
    bool after = false;
    for (std::size_t i = 0; i < single.size(); ++i) {
      const std::string key = path + ".single[" + std::to_string(i) + "]";
      const json& item = single[i];
      if (item.is_object() && item.contains("Sequence")) {
        if (after) fail(key, "a second sequence in \"single\" is not implemented");
        after = true;
      } else if (item.is_object() && item.contains("SpecialToken")) {
        const std::string name = str(item["SpecialToken"], "id", key + ".SpecialToken");
        const json& entry = member(specials, name, path + ".special_tokens");
        const json& ids = member(entry, "ids", path + ".special_tokens." + name);
        if (!ids.is_array()) fail(path + ".special_tokens." + name + ".ids", "expected an array");
        for (const json& x : ids)
          (after ? spec.suffix_ids : spec.prefix_ids)
              .push_back(id(x, path + ".special_tokens." + name + ".ids"));
      } else {
        fail(key, "expected {\"SpecialToken\": ...} or {\"Sequence\": ...}");
      }
    }
    if (!after) fail(path + ".single", "expected one {\"Sequence\": {\"id\": \"A\"}}");
  }

 private:
  std::string m_file;
};

}  // namespace

HfSpec read_hf_spec_text(const std::string& json_text, const std::string& name) {
  Reader r(name);
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::parse_error& e) {
    throw TokenizerError(name + ": not valid JSON (byte " + std::to_string(e.byte) +
                         "); expected a tokenizer.json");
  } catch (const json::exception&) {  // 406: a number beyond the range of double
    throw TokenizerError(name +
                         ": not valid JSON (a number out of range); expected a tokenizer.json");
  }
  if (!doc.is_object()) r.fail("(top level)", "expected a JSON object");
  HfSpec spec;
  spec.file = name;
  if (const auto it = doc.find("truncation"); it != doc.end() && !it->is_null())
    r.fail("truncation", "truncation is not implemented; expected null");
  if (const auto it = doc.find("added_tokens"); it != doc.end() && !it->is_null())
    r.added_tokens(*it, spec);
  if (const auto it = doc.find("normalizer"); it != doc.end() && !it->is_null())
    r.normalizer(*it, "normalizer", spec);
  if (const auto it = doc.find("pre_tokenizer"); it != doc.end() && !it->is_null())
    r.pre_tokenizer(*it, "pre_tokenizer", spec);
  r.model(r.member(doc, "model", "(top level)"), spec);
  if (const auto it = doc.find("post_processor"); it != doc.end() && !it->is_null()) {
    bool seen = false;
    r.post_processor(*it, "post_processor", spec, seen);
  }
  if (const auto it = doc.find("decoder"); it != doc.end() && !it->is_null()) {
    r.decoder(*it, "decoder", spec);
    spec.has_decoder = true;
  }
  // Ids named by the template must exist.
  std::set<int> added_ids;
  for (const auto& a : spec.added) added_ids.insert(a.id);
  for (const int x : spec.prefix_ids)
    if (!spec.model->token_of(x) && !added_ids.count(x))
      r.fail("post_processor", "template id " + std::to_string(x) + " is not in the vocabulary");
  for (const int x : spec.suffix_ids)
    if (!spec.model->token_of(x) && !added_ids.count(x))
      r.fail("post_processor", "template id " + std::to_string(x) + " is not in the vocabulary");
  return spec;
}

HfSpec read_hf_spec(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TokenizerError(path.string() + ": cannot open the tokenizer file");
  HfSpec spec =
      read_hf_spec_text(std::string(std::istreambuf_iterator<char>(in), {}), path.string());
  // bos / eos as the model's tokenizer_config.json names them, when it sits beside the file.
  const auto cfg_path = path.parent_path() / "tokenizer_config.json";
  std::ifstream cfg_in(cfg_path, std::ios::binary);
  if (cfg_in) {
    nlohmann::json cfg;
    try {
      cfg = nlohmann::json::parse(std::string(std::istreambuf_iterator<char>(cfg_in), {}));
    } catch (const nlohmann::json::exception&) {
      throw TokenizerError(cfg_path.string() + ": not valid JSON");
    }
    auto token = [&](const char* key) -> std::string {
      const auto it = cfg.find(key);
      if (it == cfg.end() || it->is_null()) return "";
      if (it->is_string()) return it->get<std::string>();
      if (it->is_object() && it->contains("content") && (*it)["content"].is_string())
        return (*it)["content"].get<std::string>();
      throw TokenizerError(cfg_path.string() + ": " + key +
                           ": expected a string, {\"content\": ...} or null");
    };
    if (cfg.is_object()) {
      spec.config_found = true;
      spec.config_bos = token("bos_token");
      spec.config_eos = token("eos_token");
    }
  }
  return spec;
}

}  // namespace aimcsim::workloads
