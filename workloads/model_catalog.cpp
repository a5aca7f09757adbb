// SPDX-License-Identifier: Apache-2.0
// Built-in descriptions are the published HuggingFace config.json fields of each model, parsed by
// the same importer as user files so both paths stay identical.
#include "workloads/model_catalog.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

#include "sim/config/text_check.hpp"

namespace aimcsim::workloads {
namespace {

namespace fs = std::filesystem;

struct BuiltinModel {
  const char* name;
  const char* hf_config;  // the shape fields of the model's config.json on the HuggingFace hub
};

// meta-llama/Llama-3.2-1B(-Instruct), meta-llama/Llama-3.1-8B, microsoft/Phi-3-mini-4k-instruct,
// Qwen/Qwen2.5-0.5B config.json files.
const BuiltinModel k_builtins[] = {
    {"llama-3.2-1b",
     R"({"model_type":"llama","hidden_size":2048,"intermediate_size":8192,"num_hidden_layers":16,
         "num_attention_heads":32,"num_key_value_heads":8,"head_dim":64,"vocab_size":128256,
         "tie_word_embeddings":true,"attention_bias":false,"hidden_act":"silu",
         "max_position_embeddings":131072})"},
    {"llama-3.2-1b-instruct",
     R"({"model_type":"llama","hidden_size":2048,"intermediate_size":8192,"num_hidden_layers":16,
         "num_attention_heads":32,"num_key_value_heads":8,"head_dim":64,"vocab_size":128256,
         "tie_word_embeddings":true,"attention_bias":false,"hidden_act":"silu",
         "max_position_embeddings":131072})"},
    {"llama-3.1-8b",
     R"({"model_type":"llama","hidden_size":4096,"intermediate_size":14336,"num_hidden_layers":32,
         "num_attention_heads":32,"num_key_value_heads":8,"vocab_size":128256,
         "tie_word_embeddings":false,"attention_bias":false,"hidden_act":"silu",
         "max_position_embeddings":131072})"},
    {"phi-3-mini-4k-instruct",
     R"({"model_type":"phi3","hidden_size":3072,"intermediate_size":8192,"num_hidden_layers":32,
         "num_attention_heads":32,"num_key_value_heads":32,"vocab_size":32064,
         "tie_word_embeddings":false,"hidden_act":"silu","max_position_embeddings":4096})"},
    {"qwen2.5-0.5b",
     R"({"model_type":"qwen2","hidden_size":896,"intermediate_size":4864,"num_hidden_layers":24,
         "num_attention_heads":14,"num_key_value_heads":2,"vocab_size":151936,
         "tie_word_embeddings":true,"hidden_act":"silu","max_position_embeddings":32768})"},
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

using nlohmann::json;

/// A JSON value for an error message: compact, cut after 40 characters. The JSON writer escapes
/// only C0 controls; DEL and C1 controls (found by fuzz_model_config) are escaped by printable.
std::string shown(const json& v) {
  return config::printable(v.dump(-1, ' ', false, json::error_handler_t::replace), 40);
}

[[noreturn]] void fail(const std::string& origin, const char* key, const std::string& what) {
  throw std::invalid_argument(origin + ": key '" + key + "': " + what);
}

/// An integer in [1, max]. Floats (2048.0, 1e400), strings, booleans, null and groups are
/// refused, and so is any value beyond `max`, before it is narrowed to int.
int get_int(const json& j, const char* key, std::int64_t max, const std::string& origin) {
  const std::string expected = "expected an integer in [1, " + std::to_string(max) + "]";
  if (!j.contains(key)) fail(origin, key, "missing; " + expected);
  const json& v = j.at(key);
  bool ok = false;
  if (v.is_number_unsigned()) {
    ok = v.get<std::uint64_t>() >= 1 && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(max);
  } else if (v.is_number_integer()) {
    ok = v.get<std::int64_t>() >= 1 && v.get<std::int64_t>() <= max;
  }
  if (!ok) fail(origin, key, expected + ", got " + shown(v));
  return static_cast<int>(v.get<std::int64_t>());
}

/// True when `key` holds a value; an absent key and null both mean "use the default".
bool present(const json& j, const char* key) { return j.contains(key) && !j.at(key).is_null(); }

bool get_bool(const json& j, const char* key, bool def, const std::string& origin) {
  if (!present(j, key)) return def;
  if (!j.at(key).is_boolean()) fail(origin, key, "expected true or false, got " + shown(j.at(key)));
  return j.at(key).get<bool>();
}

/// Parses `text`; a syntax error or a number beyond double range names the byte or the key.
json parse_json(const std::string& text, const std::string& origin) {
  if (text.size() > config::k_max_config_bytes)
    throw std::invalid_argument(origin + ": is larger than 1 MiB, the limit for configuration "
                                "files; expected a HuggingFace config.json");
  std::string last_key;  // the key being read, for errors that carry no position
  // The keys of each open object: JSON parsers keep the last of two equal keys silently, and
  // a repeated key is a mistake, as in the YAML reader.
  std::vector<std::set<std::string>> open_objects;
  const auto track_keys = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) open_objects.emplace_back();
    if (event == json::parse_event_t::object_end && !open_objects.empty()) open_objects.pop_back();
    if (event == json::parse_event_t::key) {
      last_key = parsed.get<std::string>();
      if (!open_objects.empty() && !open_objects.back().insert(last_key).second)
        throw std::invalid_argument(origin + ": key '" + config::printable(last_key) +
                                    "': duplicate key; expected each key once");
    }
    return true;
  };
  try {
    return json::parse(text, track_keys);
  } catch (const json::parse_error& e) {
    throw std::invalid_argument(origin + ": not valid JSON (byte " + std::to_string(e.byte) +
                                "); expected a HuggingFace config.json");
  } catch (const json::out_of_range& e) {
    // 406: a number beyond the range of double (1e400).
    const std::string where = last_key.empty() ? "" : " key '" + config::printable(last_key) + "':";
    throw std::invalid_argument(origin + ":" + where + " a number out of range of a double; "
                                "expected an integer");
  }
}

}  // namespace

std::vector<std::string> builtin_model_names() {
  std::vector<std::string> out;
  for (const auto& b : k_builtins) out.emplace_back(b.name);
  return out;
}

std::string builtin_model_json(const std::string& name) {
  for (const auto& b : k_builtins)
    if (lower(name) == b.name) return b.hf_config;
  return "";
}

ModelDesc model_from_hf_config(const std::string& json_text, const std::string& origin) {
  const json j = parse_json(json_text, origin);
  if (!j.is_object()) throw std::invalid_argument(origin + ": expected a JSON object");
  const char* const types = "expected llama, phi3 or qwen2";
  if (!j.contains("model_type") || !j.at("model_type").is_string())
    fail(origin, "model_type", std::string(types) + (j.contains("model_type")
                                                         ? ", got " + shown(j.at("model_type"))
                                                         : ""));
  ModelDesc m;
  m.family = j.at("model_type").get<std::string>();
  if (m.family != "llama" && m.family != "phi3" && m.family != "qwen2")
    fail(origin, "model_type", std::string(types) + ", got " + shown(j.at("model_type")));
  m.hidden = get_int(j, "hidden_size", ModelLimits::hidden, origin);
  m.intermediate = get_int(j, "intermediate_size", ModelLimits::intermediate, origin);
  m.layers = get_int(j, "num_hidden_layers", ModelLimits::layers, origin);
  m.heads = get_int(j, "num_attention_heads", ModelLimits::heads, origin);
  m.kv_heads = present(j, "num_key_value_heads")
                   ? get_int(j, "num_key_value_heads", ModelLimits::heads, origin)
                   : m.heads;
  m.vocab = get_int(j, "vocab_size", ModelLimits::vocab, origin);
  if (present(j, "head_dim")) {
    m.head_dim = get_int(j, "head_dim", ModelLimits::head_dim, origin);
  } else {
    if (m.hidden % m.heads != 0)
      fail(origin, "num_attention_heads",
           "expected a divisor of hidden_size (" + std::to_string(m.hidden) +
               ") when head_dim is absent, got " + std::to_string(m.heads));
    m.head_dim = m.hidden / m.heads;
  }
  m.tied_embeddings = get_bool(j, "tie_word_embeddings", false, origin);
  if (present(j, "max_position_embeddings"))
    m.max_context = get_int(j, "max_position_embeddings", ModelLimits::context, origin);
  // Qwen2 always carries q/k/v biases; Llama says so in attention_bias; Phi-3 has none.
  m.attention_bias = m.family == "qwen2" || get_bool(j, "attention_bias", false, origin);
  m.fused_qkv = m.fused_gate_up = m.family == "phi3";
  if (present(j, "hidden_act")) {
    if (!j.at("hidden_act").is_string())
      fail(origin, "hidden_act", "expected silu or gelu, got " + shown(j.at("hidden_act")));
    const auto act = j.at("hidden_act").get<std::string>();
    if (act.rfind("gelu", 0) != 0 && act != "silu")
      fail(origin, "hidden_act", "expected silu or gelu (gelu_new, gelu_pytorch_tanh, ...), got " +
                                     shown(j.at("hidden_act")));
    m.activation = act.rfind("gelu", 0) == 0 ? "gelu" : act;
  }
  validate(m, origin);
  return m;
}

ModelDesc load_model(const std::string& name_or_path) {
  return load_model_source(name_or_path).desc;
}

LoadedModel load_model_source(const std::string& name_or_path) {
  LoadedModel out;
  const std::string key = lower(name_or_path);
  for (const auto& b : k_builtins) {
    if (key == b.name) {
      out.desc = model_from_hf_config(b.hf_config, b.name);
      out.desc.name = b.name;
      return out;
    }
  }
  // A HuggingFace model directory holds its config.json; accept the directory as well.
  std::error_code ec;
  const bool is_dir = fs::is_directory(name_or_path, ec);
  const std::string file =
      is_dir ? (fs::path(name_or_path) / "config.json").string() : name_or_path;
  if (!fs::exists(file, ec)) {
    if (is_dir)
      throw std::invalid_argument("model '" + config::printable(name_or_path, 4096) +
                                  "': a directory without a config.json; expected a built-in "
                                  "model, a HuggingFace config.json or a folder holding one");
    std::string names;
    for (const auto& b : k_builtins) names += std::string(names.empty() ? "" : ", ") + b.name;
    throw std::invalid_argument("model '" + config::printable(name_or_path, 4096) +
                                "': not a built-in model (" + names + ") nor a readable file");
  }
  const config::ConfigText in = config::read_config_text(file);
  if (!in.problem.empty())
    throw std::invalid_argument(file + ": " + in.problem + "; expected a HuggingFace config.json");
  out.desc = model_from_hf_config(in.text, file);
  out.desc.name = name_or_path;
  out.file = file;
  out.text = in.text;
  return out;
}

}  // namespace aimcsim::workloads
