// SPDX-License-Identifier: Apache-2.0
#include "workloads/checkpoint/hf_export.hpp"

#include <string>

#include <nlohmann/json.hpp>

#include "workloads/checkpoint/safetensors_writer.hpp"

namespace aimcsim::workloads {
namespace {

std::vector<float> permute_rows(const std::vector<float>& rows, int heads, int head_dim,
                                std::int64_t row_size, bool to_half) {
  std::vector<float> out(rows.size());
  const std::int64_t half = head_dim / 2;
  for (std::int64_t h = 0; h < heads; ++h)
    for (std::int64_t i = 0; i < half; ++i)
      for (std::int64_t j = 0; j < 2; ++j) {
        const std::int64_t interleaved = h * head_dim + 2 * i + j;
        const std::int64_t halves = h * head_dim + j * half + i;
        const std::int64_t from = to_half ? interleaved : halves;
        const std::int64_t to = to_half ? halves : interleaved;
        for (std::int64_t c = 0; c < row_size; ++c)
          out[static_cast<std::size_t>(to * row_size + c)] =
              rows[static_cast<std::size_t>(from * row_size + c)];
      }
  return out;
}

TensorData data_of(const std::string& name, const TensorRef& t, DType dtype) {
  return {name, dtype, t.shape, t.to_float()};
}

}  // namespace

std::vector<float> interleaved_to_half_rows(const std::vector<float>& rows, int heads, int head_dim,
                                            std::int64_t row_size) {
  return permute_rows(rows, heads, head_dim, row_size, true);
}

std::vector<float> half_to_interleaved_rows(const std::vector<float>& rows, int heads, int head_dim,
                                            std::int64_t row_size) {
  return permute_rows(rows, heads, head_dim, row_size, false);
}

void export_hf_checkpoint(const TransformerWeights& w, const std::filesystem::path& folder,
                          DType dtype) {
  const ModelDesc& m = w.spec.desc;
  if (m.family != "llama" || m.fused_qkv || m.fused_gate_up)
    throw CheckpointError(w.source + ": export_hf_checkpoint writes the llama family only, got " +
                          m.family);
  const auto has_ranges = [](const LinearWeights& l) { return !l.input_ranges.empty(); };
  bool ranges = has_ranges(w.lm_head);
  for (const auto& l : w.layers)
    for (const LinearWeights* x : {&l.q, &l.k, &l.v, &l.o, &l.gate, &l.up, &l.down})
      ranges = ranges || has_ranges(*x);
  if (ranges)
    throw CheckpointError(w.source +
                          ": export_hf_checkpoint does not write AFM input ranges; "
                          "expected a checkpoint without them");
  std::vector<TensorData> out;
  out.push_back(data_of("model.embed_tokens.weight", w.embedding, dtype));
  // q and k (weights and biases) move to the rotate_half layout when stored interleaved.
  const auto rope_rows = [&](const TensorRef& t, int heads) {
    std::vector<float> v = t.to_float();
    return w.spec.rope_interleaved ? interleaved_to_half_rows(v, heads, m.head_dim, t.row_size())
                                   : v;
  };
  bool bias = false;
  for (std::size_t i = 0; i < w.layers.size(); ++i) {
    const LayerWeights& l = w.layers[i];
    const std::string p = "model.layers." + std::to_string(i) + ".";
    out.push_back(data_of(p + "input_layernorm.weight", l.attn_norm, dtype));
    out.push_back(data_of(p + "post_attention_layernorm.weight", l.ffn_norm, dtype));
    out.push_back(
        {p + "self_attn.q_proj.weight", dtype, l.q.weight.shape, rope_rows(l.q.weight, m.heads)});
    out.push_back({p + "self_attn.k_proj.weight", dtype, l.k.weight.shape,
                   rope_rows(l.k.weight, m.kv_heads)});
    out.push_back(data_of(p + "self_attn.v_proj.weight", l.v.weight, dtype));
    out.push_back(data_of(p + "self_attn.o_proj.weight", l.o.weight, dtype));
    if (!l.q.bias.empty()) {
      bias = true;
      out.push_back(
          {p + "self_attn.q_proj.bias", dtype, l.q.bias.shape, rope_rows(l.q.bias, m.heads)});
      out.push_back(
          {p + "self_attn.k_proj.bias", dtype, l.k.bias.shape, rope_rows(l.k.bias, m.kv_heads)});
      out.push_back(data_of(p + "self_attn.v_proj.bias", l.v.bias, dtype));
      out.push_back(data_of(p + "self_attn.o_proj.bias", l.o.bias, dtype));
    }
    out.push_back(data_of(p + "mlp.gate_proj.weight", l.gate.weight, dtype));
    out.push_back(data_of(p + "mlp.up_proj.weight", l.up.weight, dtype));
    out.push_back(data_of(p + "mlp.down_proj.weight", l.down.weight, dtype));
  }
  out.push_back(data_of("model.norm.weight", w.final_norm, dtype));
  if (!m.tied_embeddings) out.push_back(data_of("lm_head.weight", w.lm_head.weight, dtype));

  nlohmann::ordered_json c;
  c["architectures"] = {"LlamaForCausalLM"};
  c["model_type"] = "llama";
  c["hidden_size"] = m.hidden;
  c["intermediate_size"] = m.intermediate;
  c["num_hidden_layers"] = m.layers;
  c["num_attention_heads"] = m.heads;
  c["num_key_value_heads"] = m.kv_heads;
  c["head_dim"] = m.head_dim;
  c["vocab_size"] = m.vocab;
  c["hidden_act"] = m.activation;
  c["attention_bias"] = bias;
  c["tie_word_embeddings"] = m.tied_embeddings;
  c["rms_norm_eps"] = w.spec.rms_eps;
  c["rope_theta"] = w.spec.rope_theta;
  if (w.spec.rope_scaling.llama3)
    c["rope_scaling"] = {{"rope_type", "llama3"},
                         {"factor", w.spec.rope_scaling.factor},
                         {"low_freq_factor", w.spec.rope_scaling.low_freq_factor},
                         {"high_freq_factor", w.spec.rope_scaling.high_freq_factor},
                         {"original_max_position_embeddings",
                          static_cast<std::int64_t>(w.spec.rope_scaling.original_max_position)}};
  if (w.spec.max_seq_len > 0) c["max_position_embeddings"] = w.spec.max_seq_len;
  if (w.spec.bos_token_id >= 0) c["bos_token_id"] = w.spec.bos_token_id;
  if (w.spec.eos_token_id >= 0) c["eos_token_id"] = w.spec.eos_token_id;
  c["torch_dtype"] = dtype == DType::f32 ? "float32" : dtype == DType::f16 ? "float16" : "bfloat16";
  std::filesystem::create_directories(folder);
  write_safetensors(folder / "model.safetensors", out, {{"format", "pt"}});
  write_file_atomically(folder / "config.json", c.dump(2) + "\n");
}

}  // namespace aimcsim::workloads
