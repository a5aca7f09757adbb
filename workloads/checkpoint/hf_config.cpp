// SPDX-License-Identifier: Apache-2.0
#include "workloads/checkpoint/hf_config.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "sim/config/text_check.hpp"
#include "workloads/model_catalog.hpp"

namespace aimcsim::workloads {
namespace {

using nlohmann::json;

std::string shown(const json& v) {
  return config::printable(v.dump(-1, ' ', false, json::error_handler_t::replace), 40);
}

class Reader {
 public:
  Reader(const json& j, const std::string& origin) : m_j(j), m_origin(origin) {}

  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw CheckpointError(m_origin + ": key '" + key + "': " + what);
  }
  static bool present(const json& j, const char* key) {
    return j.contains(key) && !j.at(key).is_null();
  }
  /// A finite number in (low, high], or `def` when absent or null.
  double number(const json& j, const std::string& path, const char* key, double def, double low,
                double high) const {
    if (!present(j, key)) return def;
    const json& v = j.at(key);
    const std::string expected = "expected a number in (" + fmt(low) + ", " + fmt(high) + "]";
    if (!v.is_number()) fail(path + key, expected + ", got " + shown(v));
    const double x = v.get<double>();
    if (!std::isfinite(x) || x <= low || x > high) fail(path + key, expected + ", got " + shown(v));
    return x;
  }
  /// The integer `v` in [low, high] (`key` names it in errors).
  int integer(const json& v, const std::string& key, std::int64_t low, std::int64_t high) const {
    const std::string expected =
        "expected an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "]";
    bool ok = false;
    if (v.is_number_unsigned())
      ok = v.get<std::uint64_t>() <= static_cast<std::uint64_t>(high) &&
           static_cast<std::int64_t>(v.get<std::uint64_t>()) >= low;
    else if (v.is_number_integer())
      ok = v.get<std::int64_t>() >= low && v.get<std::int64_t>() <= high;
    if (!ok) fail(key, expected + ", got " + shown(v));
    return static_cast<int>(v.get<std::int64_t>());
  }
  /// A token id: an integer in [0, vocab) or a non-empty list of them (the first is taken, as
  /// generation stops at any of them and the runner needs one); -1 when absent or null.
  int token_id(const char* key, int vocab) const {
    if (!present(m_j, key)) return -1;
    const json& v = m_j.at(key);
    if (v.is_array()) {
      if (v.empty()) fail(key, "expected a token id or a non-empty list of them, got []");
      for (std::size_t i = 0; i < v.size(); ++i)
        integer(v[i], std::string(key) + "[" + std::to_string(i) + "]", 0, vocab - 1);
      return integer(v[0], std::string(key) + "[0]", 0, vocab - 1);
    }
    return integer(v, key, 0, vocab - 1);
  }
  const json& root() const { return m_j; }

 private:
  static std::string fmt(double x) {
    json v = x;
    return v.dump();
  }
  const json& m_j;
  const std::string& m_origin;
};

void read_rope_scaling(const Reader& r, const std::string& family, TransformerSpec& spec) {
  const json& j = r.root();
  if (!Reader::present(j, "rope_scaling")) return;
  const json& s = j.at("rope_scaling");
  if (!s.is_object()) r.fail("rope_scaling", "expected null or an object, got " + shown(s));
  // Newer configs name the kind rope_type, older ones type.
  const char* type_key = Reader::present(s, "rope_type") ? "rope_type" : "type";
  const std::string key = std::string("rope_scaling.") + type_key;
  if (!Reader::present(s, type_key) || !s.at(type_key).is_string())
    r.fail(key, "expected a string such as \"llama3\"" +
                    (s.contains(type_key) ? ", got " + shown(s.at(type_key)) : std::string()));
  const std::string type = s.at(type_key).get<std::string>();
  if (type == "default") return;
  if (type == "llama3" && family == "llama") {
    RopeScaling& out = spec.rope_scaling;
    out.llama3 = true;
    const double inf = std::numeric_limits<double>::max();
    out.factor = r.number(s, "rope_scaling.", "factor", 8.0, 0.0, inf);
    out.low_freq_factor = r.number(s, "rope_scaling.", "low_freq_factor", 1.0, 0.0, inf);
    out.high_freq_factor = r.number(s, "rope_scaling.", "high_freq_factor", 4.0, 0.0, inf);
    if (out.high_freq_factor <= out.low_freq_factor)
      r.fail("rope_scaling.high_freq_factor",
             "expected more than low_freq_factor (" + shown(out.low_freq_factor) + ")");
    const char* orig = "original_max_position_embeddings";
    if (Reader::present(s, orig))
      out.original_max_position = r.integer(s.at(orig), std::string("rope_scaling.") + orig, 1,
                                            std::numeric_limits<int>::max());
    return;
  }
  r.fail(key, "'" + config::printable(type) + "' RoPE scaling is not supported for " + family +
                  ": the runner computes plain RoPE (and Llama-3 'llama3' scaling); expected "
                  "rope_scaling null" +
                  (family == "llama" ? " or rope_type llama3" : ""));
}

}  // namespace

HfConfig read_hf_config(const std::string& json_text, const std::string& origin) {
  HfConfig out;
  TransformerSpec& spec = out.spec;
  try {
    spec.desc = model_from_hf_config(json_text, origin);
  } catch (const std::invalid_argument& e) {
    throw CheckpointError(e.what());
  }
  // model_from_hf_config has checked the text is one JSON object within the size limit.
  const json j = json::parse(json_text);
  const Reader r(j, origin);
  const std::string& family = spec.desc.family;
  // HF's defaults for a missing key (LlamaConfig / Phi3Config / Qwen2Config).
  const double default_eps = family == "phi3" ? 1e-5 : 1e-6;
  spec.rms_eps = r.number(j, "", "rms_norm_eps", default_eps, 0.0, 1.0);
  spec.rope_theta = r.number(j, "", "rope_theta", 10000.0, 0.0, 1e30);
  if (Reader::present(j, "max_position_embeddings"))
    spec.max_seq_len = r.integer(j.at("max_position_embeddings"), "max_position_embeddings", 1,
                                 std::numeric_limits<int>::max());
  spec.bos_token_id = r.token_id("bos_token_id", spec.desc.vocab);
  spec.eos_token_id = r.token_id("eos_token_id", spec.desc.vocab);
  spec.rope_interleaved = false;
  read_rope_scaling(r, family, spec);
  if (Reader::present(j, "partial_rotary_factor") &&
      (!j.at("partial_rotary_factor").is_number() ||
       j.at("partial_rotary_factor").get<double>() != 1.0))
    r.fail("partial_rotary_factor",
           "expected 1 (RoPE on the whole head): the runner rotates "
           "every dimension, got " +
               shown(j.at("partial_rotary_factor")));
  if (family == "phi3" && spec.desc.attention_bias)
    r.fail("attention_bias", "expected false: Phi-3 projections have no bias");
  if (family == "phi3" && Reader::present(j, "sliding_window"))
    spec.sliding_window =
        r.integer(j.at("sliding_window"), "sliding_window", 1, std::numeric_limits<int>::max());
  if (family == "qwen2" && Reader::present(j, "use_sliding_window") &&
      j.at("use_sliding_window") != json(false))
    r.fail("use_sliding_window", "expected false: the runner attends to the whole context, got " +
                                     shown(j.at("use_sliding_window")));
  if (family == "llama" && Reader::present(j, "mlp_bias")) {
    if (!j.at("mlp_bias").is_boolean())
      r.fail("mlp_bias", "expected true or false, got " + shown(j.at("mlp_bias")));
    out.mlp_bias = j.at("mlp_bias").get<bool>();
  }
  if (Reader::present(j, "afm_max_input_size")) {
    const json& v = j.at("afm_max_input_size");
    // Unsigned first: 2^64 - 1 must not read as -1.
    const std::int64_t int_max = std::numeric_limits<int>::max();
    const bool ok = v.is_number_unsigned()
                        ? v.get<std::uint64_t>() >= 1 &&
                              v.get<std::uint64_t>() <= static_cast<std::uint64_t>(int_max)
                        : v.is_number_integer() && v.get<std::int64_t>() == -1;
    if (!ok)
      r.fail("afm_max_input_size",
             "expected -1 (one input range per layer) or a positive "
             "integer (AIHWKIT-Lightning max_input_size), got " +
                 shown(v));
    out.afm_max_input_size = static_cast<int>(v.get<std::int64_t>());
  }
  return out;
}

}  // namespace aimcsim::workloads
