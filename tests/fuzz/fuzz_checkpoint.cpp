// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the checkpoint readers. The input is written to a temporary file this target
// creates (and removes), then read as a llama2.c checkpoint and as a lone safetensors file with
// two synthesized config.json texts (a tied tiny Llama with AFM input ranges, an untied tiny
// Phi-3 whose fused matrices are split); fuzz_seeds writes matching seeds with the project's
// safetensors writer.
//
// Findings: a crash or sanitizer report; any exception other than CheckpointError; an error
// message that is not one printable line naming the file; an accepted checkpoint with a tensor
// outside the mapped file, a shape that disagrees with the config, or input ranges that are not
// finite and positive or whose count disagrees with the layer.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <unistd.h>

#include "tests/fuzz/fuzz_oracle.hpp"
#include "workloads/checkpoint/loaders.hpp"

namespace {

using namespace aimcsim::workloads;

/// The configs the safetensors seeds were written for (fuzz_seeds checkpoint_seeds).
const char* const k_configs[] = {
    R"({"model_type":"llama","hidden_size":8,"intermediate_size":12,"num_hidden_layers":1,)"
    R"("num_attention_heads":2,"num_key_value_heads":1,"vocab_size":16,)"
    R"("tie_word_embeddings":true,"afm_max_input_size":4,"eos_token_id":[2,3]})",
    R"({"model_type":"phi3","hidden_size":8,"intermediate_size":12,"num_hidden_layers":1,)"
    R"("num_attention_heads":2,"num_key_value_heads":2,"vocab_size":16,)"
    R"("tie_word_embeddings":false,"afm_max_input_size":-1,"sliding_window":7})",
};

/// A temporary file holding the input, removed on destruction.
class InputFile {
 public:
  InputFile(const std::uint8_t* data, std::size_t size) {
    const char* dir = std::getenv("TMPDIR");
    m_path = std::string(dir && *dir ? dir : "/tmp") + "/fuzz_checkpoint-XXXXXX";
    const int fd = ::mkstemp(m_path.data());
    if (fd < 0) std::abort();  // the machine, not the input: stop rather than skip silently
    for (std::size_t done = 0; done < size;) {
      const ssize_t n = ::write(fd, data + done, size - done);
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }
  ~InputFile() { ::unlink(m_path.c_str()); }
  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
};

void check_tensor(const TransformerWeights& w, const TensorRef& t,
                  const std::vector<std::int64_t>& shape, const std::string& text) {
  if (t.empty() || t.shape != shape)
    aimcsim::fuzz::finding("tensor shape disagrees: " + t.name, text);
  const std::uint64_t bytes = static_cast<std::uint64_t>(t.element_count()) * dtype_size(t.dtype);
  bool inside = false;
  for (const auto& [first, size] : mapped_regions(w))
    inside =
        inside || (t.data >= first && static_cast<std::uint64_t>(t.data - first) + bytes <= size);
  if (!inside) aimcsim::fuzz::finding("tensor outside the mapped file: " + t.name, text);
  // Reads every byte: a view past the mapping would fault here.
  for (const float v : t.to_float()) (void)v;
}

void check_linear(const TransformerWeights& w, const LinearWeights& l, std::int64_t out,
                  std::int64_t in, const std::string& text) {
  check_tensor(w, l.weight, {out, in}, text);
  if (!l.bias.empty()) check_tensor(w, l.bias, {out}, text);
  if (l.input_ranges.empty()) return;
  const std::int64_t slice = l.input_range_slice;
  if (slice < 1 || static_cast<std::int64_t>(l.input_ranges.size()) != (in + slice - 1) / slice)
    aimcsim::fuzz::finding("input range count disagrees with the layer", text);
  for (const float r : l.input_ranges)
    if (!(std::isfinite(r) && r > 0)) aimcsim::fuzz::finding("accepted a bad input range", text);
}

void check(const TransformerWeights& w, const std::string& text) {
  const ModelDesc& m = w.spec.desc;
  const std::int64_t h = m.hidden, q = m.q_dim(), kv = m.kv_dim(), f = m.intermediate;
  if (static_cast<int>(w.layers.size()) != m.layers)
    aimcsim::fuzz::finding("layer count disagrees", text);
  check_tensor(w, w.embedding, {m.vocab, h}, text);
  check_tensor(w, w.final_norm, {h}, text);
  check_linear(w, w.lm_head, m.vocab, h, text);
  for (const LayerWeights& l : w.layers) {
    check_tensor(w, l.attn_norm, {h}, text);
    check_tensor(w, l.ffn_norm, {h}, text);
    check_linear(w, l.q, q, h, text);
    check_linear(w, l.k, kv, h, text);
    check_linear(w, l.v, kv, h, text);
    check_linear(w, l.o, h, q, text);
    check_linear(w, l.gate, f, h, text);
    check_linear(w, l.up, f, h, text);
    check_linear(w, l.down, h, f, text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const InputFile file(data, size);
  const std::string text(reinterpret_cast<const char*>(data), size < 400 ? size : 400);
  try {
    check(load_llama2c(file.path()), text);
  } catch (const CheckpointError& e) {
    aimcsim::fuzz::check_error_message(e.what(), file.path());
  }
  for (const char* config : k_configs) {
    try {
      check(load_safetensors_checkpoint(file.path(), config, "fuzz-config.json"), text);
    } catch (const CheckpointError& e) {
      aimcsim::fuzz::check_error_message(e.what(), file.path());
    }
  }
  return 0;
}
