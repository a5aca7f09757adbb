// SPDX-License-Identifier: Apache-2.0
// llama2.c checkpoints (karpathy/llama2.c export.py legacy_export, "version 0"): a header of 7
// little-endian int32 (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len),
// then float32 tensors in a fixed order; a negative vocab_size means a separate classifier.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/checkpoint/loaders.hpp"
#include "workloads/checkpoint/mapped_file.hpp"
#include "workloads/model_desc.hpp"

namespace aimcsim::workloads {
namespace {

constexpr std::uint64_t k_header_bytes = 7 * 4;

/// Walks the float32 arrays in file order, checking each lies inside the file.
class Cursor {
 public:
  explicit Cursor(const MappedFile& file) : m_file(file), m_offset(k_header_bytes) {}

  /// The next `count` arrays of shape `shape`, named `name` (per layer: name.0, name.1, ...).
  std::vector<TensorRef> take(const std::string& name, int count,
                              const std::vector<std::int64_t>& shape, bool per_layer = true) {
    std::int64_t elements = 1;
    for (const auto d : shape) elements *= d;
    const std::uint64_t bytes = static_cast<std::uint64_t>(elements) * 4;
    std::vector<TensorRef> out;
    for (int i = 0; i < count; ++i) {
      const std::string full = per_layer ? name + "." + std::to_string(i) : name;
      if (m_offset + bytes > m_file.size())
        throw CheckpointError(m_file.path() + ": truncated: tensor '" + full + "' needs bytes [" +
                              std::to_string(m_offset) + ", " + std::to_string(m_offset + bytes) +
                              "), the file has " + std::to_string(m_file.size()) +
                              "; expected the size the header implies");
      TensorRef t;
      t.name = full;
      t.file = m_file.path();
      t.dtype = DType::f32;
      t.shape = shape;
      t.data = m_file.data() + m_offset;
      out.push_back(std::move(t));
      m_offset += bytes;
    }
    return out;
  }
  /// Skips `bytes` that must be present (the legacy RoPE tables).
  void skip(const std::string& name, std::uint64_t bytes) {
    if (m_offset + bytes > m_file.size())
      throw CheckpointError(m_file.path() + ": truncated: '" + name + "' needs bytes [" +
                            std::to_string(m_offset) + ", " + std::to_string(m_offset + bytes) +
                            "), the file has " + std::to_string(m_file.size()) +
                            "; expected the size the header implies");
    m_offset += bytes;
  }
  std::uint64_t offset() const { return m_offset; }

 private:
  const MappedFile& m_file;
  std::uint64_t m_offset;
};

std::int32_t header_field(const MappedFile& f, int i) {
  std::uint32_t u = 0;
  for (int b = 3; b >= 0; --b) u = (u << 8) | f.data()[4 * i + b];
  std::int32_t v;
  std::memcpy(&v, &u, 4);
  return v;
}

}  // namespace

TransformerWeights load_llama2c(const std::filesystem::path& path) {
  auto file = std::make_shared<const MappedFile>(path);
  const std::string& name = file->path();
  if (file->size() < k_header_bytes)
    throw CheckpointError(
        name + ": " + std::to_string(file->size()) +
        " bytes; expected a "
        "llama2.c checkpoint (a 28-byte header of 7 int32, then float32 weights)");
  const char* const fields[] = {"dim",        "hidden_dim", "n_layers", "n_heads",
                                "n_kv_heads", "vocab_size", "seq_len"};
  std::int32_t h[7];
  for (int i = 0; i < 7; ++i) h[i] = header_field(*file, i);
  const auto bad = [&](int i, const std::string& expected) {
    throw CheckpointError(name + ": header field " + fields[i] + ": expected " + expected +
                          ", got " + std::to_string(h[i]));
  };
  const std::int64_t limits[] = {
      ModelLimits::hidden, ModelLimits::intermediate, ModelLimits::layers,  ModelLimits::heads,
      ModelLimits::heads,  ModelLimits::vocab,        std::int64_t{1} << 30};
  for (int i = 0; i < 7; ++i) {
    const std::int64_t v = i == 5 ? std::llabs(std::int64_t{h[i]}) : h[i];  // sign: classifier
    if (v < 1 || v > limits[i])
      bad(i, std::string(i == 5 ? "a non-zero integer of magnitude" : "an integer") + " in [1, " +
                 std::to_string(limits[i]) + "]");
  }
  const int dim = h[0], heads = h[3], kv_heads = h[4];
  if (dim % heads != 0) bad(3, "a divisor of dim (" + std::to_string(dim) + ")");
  if (heads % kv_heads != 0) bad(4, "a divisor of n_heads (" + std::to_string(heads) + ")");
  const bool shared = h[5] > 0;
  TransformerWeights w;
  w.source = name;
  w.format = "llama2c";
  ModelDesc& m = w.spec.desc;
  m.name = name;
  m.family = "llama";
  m.hidden = dim;
  m.intermediate = h[1];
  m.layers = h[2];
  m.heads = heads;
  m.kv_heads = kv_heads;
  m.head_dim = dim / heads;
  m.vocab = shared ? h[5] : -h[5];
  m.tied_embeddings = shared;
  m.attention_bias = false;
  m.activation = "silu";
  m.norm = "rmsnorm";
  try {
    validate(m, name);
  } catch (const std::invalid_argument& e) {
    throw CheckpointError(e.what());
  }
  w.spec.max_seq_len = h[6];
  w.spec.rms_eps = 1e-5;        // llama2.c run.c rmsnorm
  w.spec.rope_theta = 10000.0;  // llama2.c run.c
  w.spec.rope_interleaved = true;
  w.spec.bos_token_id = 1;  // llama2.c tokenizer: 1 = BOS, 2 = EOS
  w.spec.eos_token_id = 2;

  const std::int64_t hidden = dim, ffn = m.intermediate, kv = m.kv_dim(), L = m.layers;
  const int layers = m.layers;
  Cursor c(*file);
  w.embedding = c.take("token_embedding", 1, {m.vocab, hidden}, false)[0];
  const auto rms_att = c.take("rms_att", layers, {hidden});
  const auto wq = c.take("wq", layers, {hidden, hidden});
  const auto wk = c.take("wk", layers, {kv, hidden});
  const auto wv = c.take("wv", layers, {kv, hidden});
  const auto wo = c.take("wo", layers, {hidden, hidden});
  const auto rms_ffn = c.take("rms_ffn", layers, {hidden});
  const auto w1 = c.take("w1", layers, {ffn, hidden});
  const auto w2 = c.take("w2", layers, {hidden, ffn});
  const auto w3 = c.take("w3", layers, {ffn, hidden});
  w.final_norm = c.take("rms_final", 1, {hidden}, false)[0];
  // Two legacy RoPE tables (freq_cis_real, freq_cis_imag) of seq_len x head_dim / 2 floats: the
  // runner computes RoPE itself.
  c.skip("freq_cis_real, freq_cis_imag",
         2 * static_cast<std::uint64_t>(h[6]) * static_cast<std::uint64_t>(m.head_dim / 2) * 4);
  w.lm_head.weight = shared ? w.embedding : c.take("wcls", 1, {m.vocab, hidden}, false)[0];
  if (c.offset() != file->size())
    throw CheckpointError(name + ": " + std::to_string(file->size() - c.offset()) +
                          " bytes after the last tensor ('" +
                          std::string(shared ? "freq_cis_imag" : "wcls") + "'); expected exactly " +
                          std::to_string(c.offset()) + " bytes as the header implies");
  for (std::int64_t i = 0; i < L; ++i) {
    const auto k = static_cast<std::size_t>(i);
    LayerWeights l;
    l.attn_norm = rms_att[k];
    l.q.weight = wq[k];
    l.k.weight = wk[k];
    l.v.weight = wv[k];
    l.o.weight = wo[k];
    l.ffn_norm = rms_ffn[k];
    l.gate.weight = w1[k];
    l.down.weight = w2[k];
    l.up.weight = w3[k];
    w.layers.push_back(std::move(l));
  }
  w.storage = std::make_shared<const MappedFiles>(MappedFiles{file});
  return w;
}

}  // namespace aimcsim::workloads
