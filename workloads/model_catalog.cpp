// SPDX-License-Identifier: Apache-2.0
// Built-in descriptions are the published HuggingFace config.json fields of each model, parsed by
// the same importer as user files so both paths stay identical.
#include "workloads/model_catalog.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

namespace aimcsim::workloads {
namespace {

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
         "tie_word_embeddings":true,"attention_bias":false,"hidden_act":"silu"})"},
    {"llama-3.2-1b-instruct",
     R"({"model_type":"llama","hidden_size":2048,"intermediate_size":8192,"num_hidden_layers":16,
         "num_attention_heads":32,"num_key_value_heads":8,"head_dim":64,"vocab_size":128256,
         "tie_word_embeddings":true,"attention_bias":false,"hidden_act":"silu"})"},
    {"llama-3.1-8b",
     R"({"model_type":"llama","hidden_size":4096,"intermediate_size":14336,"num_hidden_layers":32,
         "num_attention_heads":32,"num_key_value_heads":8,"vocab_size":128256,
         "tie_word_embeddings":false,"attention_bias":false,"hidden_act":"silu"})"},
    {"phi-3-mini-4k-instruct",
     R"({"model_type":"phi3","hidden_size":3072,"intermediate_size":8192,"num_hidden_layers":32,
         "num_attention_heads":32,"num_key_value_heads":32,"vocab_size":32064,
         "tie_word_embeddings":false,"hidden_act":"silu"})"},
    {"qwen2.5-0.5b",
     R"({"model_type":"qwen2","hidden_size":896,"intermediate_size":4864,"num_hidden_layers":24,
         "num_attention_heads":14,"num_key_value_heads":2,"vocab_size":151936,
         "tie_word_embeddings":true,"hidden_act":"silu"})"},
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

int get_int(const nlohmann::json& j, const char* key, const std::string& origin) {
  if (!j.contains(key))
    throw std::invalid_argument(origin + ": key '" + key + "': missing; expected an integer");
  const auto& v = j.at(key);
  if (!v.is_number_integer() || v.get<long long>() <= 0 || v.get<long long>() > (1LL << 30))
    throw std::invalid_argument(origin + ": key '" + key + "': expected a positive integer, got " +
                                v.dump());
  return v.get<int>();
}

bool get_bool(const nlohmann::json& j, const char* key, bool def, const std::string& origin) {
  if (!j.contains(key) || j.at(key).is_null()) return def;
  if (!j.at(key).is_boolean())
    throw std::invalid_argument(origin + ": key '" + key + "': expected true or false, got " +
                                j.at(key).dump());
  return j.at(key).get<bool>();
}

}  // namespace

std::vector<std::string> builtin_model_names() {
  std::vector<std::string> out;
  for (const auto& b : k_builtins) out.emplace_back(b.name);
  return out;
}

ModelDesc model_from_hf_config(const std::string& json_text, const std::string& origin) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::invalid_argument(origin + ": not valid JSON (byte " + std::to_string(e.byte) + ")");
  }
  if (!j.is_object()) throw std::invalid_argument(origin + ": expected a JSON object");
  if (!j.contains("model_type") || !j.at("model_type").is_string())
    throw std::invalid_argument(origin + ": key 'model_type': expected llama, phi3 or qwen2");
  ModelDesc m;
  m.family = j.at("model_type").get<std::string>();
  if (m.family != "llama" && m.family != "phi3" && m.family != "qwen2")
    throw std::invalid_argument(origin + ": key 'model_type': expected llama, phi3 or qwen2, got '" +
                                m.family + "'");
  m.hidden = get_int(j, "hidden_size", origin);
  m.intermediate = get_int(j, "intermediate_size", origin);
  m.layers = get_int(j, "num_hidden_layers", origin);
  m.heads = get_int(j, "num_attention_heads", origin);
  m.kv_heads = j.contains("num_key_value_heads") && !j.at("num_key_value_heads").is_null()
                   ? get_int(j, "num_key_value_heads", origin)
                   : m.heads;
  m.vocab = get_int(j, "vocab_size", origin);
  if (j.contains("head_dim") && !j.at("head_dim").is_null()) {
    m.head_dim = get_int(j, "head_dim", origin);
  } else {
    if (m.hidden % m.heads != 0)
      throw std::invalid_argument(origin + ": key 'num_attention_heads': expected a divisor of "
                                  "hidden_size when head_dim is absent");
    m.head_dim = m.hidden / m.heads;
  }
  m.tied_embeddings = get_bool(j, "tie_word_embeddings", false, origin);
  // Qwen2 always carries q/k/v biases; Llama says so in attention_bias; Phi-3 has none.
  m.attention_bias = m.family == "qwen2" || get_bool(j, "attention_bias", false, origin);
  m.fused_qkv = m.fused_gate_up = m.family == "phi3";
  if (j.contains("hidden_act") && j.at("hidden_act").is_string()) {
    const auto act = j.at("hidden_act").get<std::string>();
    m.activation = act.rfind("gelu", 0) == 0 ? "gelu" : act;
  }
  validate(m, origin);
  return m;
}

ModelDesc load_model(const std::string& name_or_path) {
  const std::string key = lower(name_or_path);
  for (const auto& b : k_builtins) {
    if (key == b.name) {
      ModelDesc m = model_from_hf_config(b.hf_config, b.name);
      m.name = b.name;
      return m;
    }
  }
  std::ifstream in(name_or_path);
  if (!in) {
    std::string names;
    for (const auto& b : k_builtins) names += std::string(names.empty() ? "" : ", ") + b.name;
    throw std::invalid_argument("model '" + name_or_path +
                                "': not a built-in model (" + names + ") nor a readable file");
  }
  std::stringstream buf;
  buf << in.rdbuf();
  ModelDesc m = model_from_hf_config(buf.str(), name_or_path);
  m.name = name_or_path;
  return m;
}

}  // namespace aimcsim::workloads
