// SPDX-License-Identifier: Apache-2.0
// HuggingFace safetensors checkpoints of the Llama, Phi-3 and Qwen2 families (HF tensor names),
// with the AFM input ranges written by scripts/convert-afm-checkpoint.py.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/config/text_check.hpp"
#include "workloads/checkpoint/hf_config.hpp"
#include "workloads/checkpoint/input_ranges.hpp"
#include "workloads/checkpoint/loaders.hpp"
#include "workloads/checkpoint/safetensors_file.hpp"
#include "workloads/checkpoint/shard_index.hpp"

namespace aimcsim::workloads {
namespace {

namespace fs = std::filesystem;

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

/// Stored tensors the forward pass does not read: AIHWKIT-Lightning's input-range training state
/// (input_range_update_idx, x_min, x_max, see docs/checkpoints.md) and the RoPE inverse
/// frequencies older transformers versions saved (derived from rope_theta).
bool ignorable(const std::string& name) {
  static const char* const k_suffixes[] = {".input_range_update_idx", ".x_min", ".x_max",
                                           ".rotary_emb.inv_freq"};
  for (const char* s : k_suffixes) {
    const std::string suffix = s;
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      return true;
  }
  return false;
}

/// Takes the expected tensors out of the shards, checking shapes, and finally checks that
/// nothing unexpected is left.
class Assembler {
 public:
  Assembler(const ShardSet& shards, const HfConfig& cfg, std::string config_origin)
      : m_shards(shards), m_cfg(cfg), m_config_origin(std::move(config_origin)) {}

  TensorRef take(const std::string& name, const std::vector<std::int64_t>& shape) {
    const auto it = m_shards.where.find(name);
    if (it == m_shards.where.end())
      throw CheckpointError(m_shards.origin + ": tensor '" + name +
                            "' is missing; expected shape " + shape_text(shape));
    m_used.insert(name);
    TensorRef t = it->second->tensor(name);
    if (t.shape != shape)
      throw CheckpointError(t.file + ": tensor '" + name + "': expected shape " +
                            shape_text(shape) + ", got " + shape_text(t.shape));
    return t;
  }

  bool has(const std::string& name) const { return m_shards.where.count(name) != 0; }

  /// `prefix`.weight [out x in], `prefix`.bias [out] when `bias`, and the input ranges.
  LinearWeights linear(const std::string& prefix, std::int64_t out, std::int64_t in, bool bias) {
    LinearWeights l;
    l.weight = take(prefix + ".weight", {out, in});
    if (bias) l.bias = take(prefix + ".bias", {out});
    ranges(prefix, in, l);
    return l;
  }

  /// `prefix`.input_range, when the checkpoint has it, into `l`.
  void ranges(const std::string& prefix, std::int64_t in, LinearWeights& l) {
    const std::string name = prefix + ".input_range";
    if (!has(name)) return;
    if (m_cfg.afm_max_input_size == 0)
      throw CheckpointError(m_config_origin +
                            ": key 'afm_max_input_size': missing; expected the "
                            "AIHWKIT-Lightning max_input_size (-1 or a positive integer) because "
                            "tensor '" +
                            name +
                            "' holds AFM input ranges (written by "
                            "scripts/convert-afm-checkpoint.py)");
    m_used.insert(name);
    attach_input_ranges(m_shards.where.at(name)->tensor(name), m_cfg.afm_max_input_size,
                        static_cast<int>(in), l);
  }

  void check_leftovers() const {
    for (const auto& [name, file] : m_shards.where) {
      if (m_used.count(name) || ignorable(name)) continue;
      throw CheckpointError(file->path() + ": tensor '" + config::printable(name) +
                            "' is not part of a " + m_cfg.spec.desc.family +
                            " model with this config.json; expected only the tensors listed in "
                            "docs/checkpoints.md");
    }
  }

 private:
  const ShardSet& m_shards;
  const HfConfig& m_cfg;
  std::string m_config_origin;
  std::set<std::string> m_used;
};

TransformerWeights assemble(const ShardSet& shards, const std::string& config_text,
                            const std::string& config_origin, const std::string& source) {
  const HfConfig cfg = read_hf_config(config_text, config_origin);
  const ModelDesc& m = cfg.spec.desc;
  TransformerWeights w;
  w.source = source;
  w.format = "safetensors";
  w.spec = cfg.spec;
  w.spec.desc.name = source;
  Assembler a(shards, cfg, config_origin);
  const std::int64_t hidden = m.hidden, q = m.q_dim(), kv = m.kv_dim(), ffn = m.intermediate;
  w.embedding = a.take("model.embed_tokens.weight", {m.vocab, hidden});
  const bool qkv_bias = m.attention_bias;
  const bool o_bias = m.family == "llama" && m.attention_bias;  // HF Llama: o_proj too
  for (int i = 0; i < m.layers; ++i) {
    const std::string p = "model.layers." + std::to_string(i) + ".";
    LayerWeights l;
    l.attn_norm = a.take(p + "input_layernorm.weight", {hidden});
    l.ffn_norm = a.take(p + "post_attention_layernorm.weight", {hidden});
    if (m.fused_qkv) {
      // Phi-3: rows q | k | v of one matrix, which sees one input (one set of input ranges).
      const LinearWeights fused = a.linear(p + "self_attn.qkv_proj", q + 2 * kv, hidden, false);
      l.q = l.k = l.v = fused;
      l.q.weight = fused.weight.row_range(0, q, "q");
      l.k.weight = fused.weight.row_range(q, kv, "k");
      l.v.weight = fused.weight.row_range(q + kv, kv, "v");
    } else {
      l.q = a.linear(p + "self_attn.q_proj", q, hidden, qkv_bias);
      l.k = a.linear(p + "self_attn.k_proj", kv, hidden, qkv_bias);
      l.v = a.linear(p + "self_attn.v_proj", kv, hidden, qkv_bias);
    }
    l.o = a.linear(p + "self_attn.o_proj", hidden, q, o_bias);
    if (m.fused_gate_up) {
      // Phi-3: rows gate | up (Phi3MLP chunks the output in this order).
      const LinearWeights fused = a.linear(p + "mlp.gate_up_proj", 2 * ffn, hidden, false);
      l.gate = l.up = fused;
      l.gate.weight = fused.weight.row_range(0, ffn, "gate");
      l.up.weight = fused.weight.row_range(ffn, ffn, "up");
    } else {
      l.gate = a.linear(p + "mlp.gate_proj", ffn, hidden, cfg.mlp_bias);
      l.up = a.linear(p + "mlp.up_proj", ffn, hidden, cfg.mlp_bias);
    }
    l.down = a.linear(p + "mlp.down_proj", hidden, ffn, cfg.mlp_bias);
    w.layers.push_back(std::move(l));
  }
  w.final_norm = a.take("model.norm.weight", {hidden});
  if (m.tied_embeddings) {
    // Tied: HF uses the embedding as the LM head; a stored copy is checked and not read.
    if (a.has("lm_head.weight")) a.take("lm_head.weight", {m.vocab, hidden});
    w.lm_head.weight = w.embedding;
    a.ranges("lm_head", hidden, w.lm_head);
  } else {
    w.lm_head = a.linear("lm_head", m.vocab, hidden, false);
  }
  a.check_leftovers();
  auto storage = std::make_shared<MappedFiles>();
  for (const auto& f : shards.files) storage->push_back(f->mapping());
  w.storage = std::move(storage);
  return w;
}

std::string read_config(const fs::path& file) {
  const config::ConfigText in = config::read_config_text(file.string());
  if (!in.problem.empty())
    throw CheckpointError(config::printable(file.string(), 4096) + ": " + in.problem +
                          "; expected a HuggingFace config.json");
  return in.text;
}

}  // namespace

TransformerWeights load_hf_folder(const fs::path& folder) {
  const std::string shown_folder = config::printable(folder.string(), 4096);
  std::error_code ec;
  const fs::path config_file = folder / "config.json";
  if (!fs::exists(config_file, ec))
    throw CheckpointError(shown_folder +
                          ": no config.json; expected a HuggingFace model folder "
                          "(config.json and model.safetensors or model.safetensors.index.json)");
  const std::string config_text = read_config(config_file);
  const ShardSet shards = open_shards(folder);
  return assemble(shards, config_text, config::printable(config_file.string(), 4096), shown_folder);
}

TransformerWeights load_safetensors_checkpoint(const fs::path& file, const std::string& config_json,
                                               const std::string& config_origin) {
  const ShardSet shards = open_single(file);
  return assemble(shards, config_json, config_origin, shards.origin);
}

}  // namespace aimcsim::workloads
