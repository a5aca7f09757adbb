// SPDX-License-Identifier: Apache-2.0
// Writes the seed corpora and libFuzzer dictionaries of the fuzz targets:
//   fuzz_seeds <source dir> <out dir>
// <out dir>/seeds/run_config/: every configs/*.yaml, each again with -p overrides, its resolved
//   form (every key), and short inputs for each YAML construct the reader refuses;
// <out dir>/seeds/model_config/: the built-in models' config.json texts and variants;
// <out dir>/seeds/tokenizer/: small synthetic tokenizer.json files (byte-level, SentencePiece
//   style, Metaspace, NFC + Split regex) and llama2.c tokenizer.bin files, each with a text, in
//   fuzz_tokenizer's layout; plus ../shared/data/models/tok512.bin when present (read, never
//   copied into the repository);
// <out dir>/seeds/checkpoint/: tiny checkpoints (safetensors by the project's writer, for the
//   configs fuzz_checkpoint synthesizes; llama2.c files);
// <out dir>/seeds/trace/: small traces of each format written here (never the real ones), well
//   formed and with typical faults, each after fuzz_trace's options byte;
// <out dir>/seeds/sweep/: configs/sweeps/*.yaml and two small sweep files (one with faults);
// <out dir>/run_config.dict, model_config.dict, tokenizer.dict, checkpoint.dict, trace.dict,
//   sweep.dict:
//   every key, unit and choice word of the schema, and the YAML / JSON tokens, so mutations
//   reach the deep parts of the readers quickly.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "sim/arch_config.hpp"
#include "sim/config/quantity.hpp"
#include "sim/config/yaml_document.hpp"
#include "workloads/checkpoint/safetensors_writer.hpp"
#include "workloads/model_catalog.hpp"

namespace fs = std::filesystem;
namespace cfg = aimcsim::config;

namespace {

void write(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out.flush()) throw std::runtime_error("cannot write " + file.string());
}

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// One dictionary line: kw="text" with libFuzzer's escapes.
std::string dict_entry(const std::string& text) {
  std::string out = "\"";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);  // bytes >= 0x80 (checkpoint dictionary)
    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"\n";
}

void write_dict(const fs::path& file, const std::set<std::string>& words) {
  std::string text;
  for (const auto& w : words) text += dict_entry(w);
  write(file, text);
}

void run_config_seeds(const fs::path& src, const fs::path& out, const fs::path& dict) {
  fs::create_directories(out);
  const char nul = '\0';  // separates the YAML text and each -p assignment
  const std::string overrides = nul + std::string("chip.analog_tile.adc.bits=6") + nul +
                                "workload.prompt_tokens=32" + nul +
                                "chip.kv_cache.sram.density=3.2Mbit/mm2";
  for (const auto& e : fs::directory_iterator(src / "configs")) {
    if (e.path().extension() != ".yaml") continue;
    const std::string text = read(e.path());
    const std::string stem = e.path().stem().string();
    write(out / (stem + ".yaml"), text);
    write(out / (stem + "-overrides.yaml"), text + overrides);
    const auto doc = cfg::YamlDocument::load_string(text, e.path().string());
    write(out / (stem + "-resolved.yaml"), aimcsim::resolved_yaml(aimcsim::read_run_config(doc)));
  }
  const std::vector<std::pair<std::string, std::string>> small = {
      {"minimal", "version: 1\n"},
      {"flow", "{version: 1, chip: {mesh: {rows: 4, cols: 4}}, workload: {batch: 2}}\n"},
      {"two-documents", "version: 1\n---\nname: b\n"},
      {"after-end", "version: 1\n...\nname: b\n"},
      {"open-quote", "version: 1\nname: \"abc\n"},
      {"anchor", "version: 1\nname: &a x\ndescription: *a\n"},
      {"complex-key", "version: 1\n? [a, b]\n: 1\n"},
      {"block-scalar", "version: 1\ndescription: |\n  two\n  lines\n"},
      {"units", "version: 1\nchip:\n  analog_tile:\n    dac:\n      t_lsb: 1.5 ns\n"},
      {"override-only", "version: 1\n" + std::string(1, nul) + "chip.mesh.rows=2" + nul + "name=x"},
  };
  for (const auto& [name, text] : small) write(out / (name + ".yaml"), text);

  std::set<std::string> words = {"---", "...", "&a ", "*a", "? ", "!!str ", "!!int ", "\"", "'",
                                 "|\n", ">\n", "{", "}", "[", "]", ": ", "\n  ", "# ", "~",
                                 "true", "false", "null", "1e400", "-1", "0x10", ".inf", ".nan",
                                 "9007199254740993", std::string(1, nul), "="};
  std::function<void(const cfg::ComponentSpec&, const std::string&)> walk =
      [&](const cfg::ComponentSpec& c, const std::string& prefix) {
        for (const auto& p : c.params) {
          words.insert(p.name + ": ");
          words.insert(prefix + p.name + "=");
          if (!p.unit.empty()) words.insert(p.unit);
          for (const auto& w : p.choices) words.insert(w);
          if (p.dim != cfg::Dimension::none) {
            std::string units = cfg::accepted_units(p.dim);
            for (std::size_t s = 0, e; s < units.size(); s = e + 2) {
              e = units.find(", ", s);
              if (e == std::string::npos) e = units.size();
              words.insert(units.substr(s, e - s));
            }
          }
        }
        for (const auto& [key, child] : c.children) {
          words.insert(key + ":\n");
          walk(*child, prefix + key + ".");
        }
      };
  walk(aimcsim::run_config_spec(), "");
  write_dict(dict, words);
}

void model_config_seeds(const fs::path& out, const fs::path& dict) {
  fs::create_directories(out);
  for (const auto& name : aimcsim::workloads::builtin_model_names())
    write(out / (name + ".json"), aimcsim::workloads::builtin_model_json(name));
  // Fields the built-ins leave out or that real config.json files carry beside the shapes.
  write(out / "with-extras.json",
        R"({"architectures":["LlamaForCausalLM"],"model_type":"llama","hidden_size":256,)"
        R"("intermediate_size":512,"num_hidden_layers":2,"num_attention_heads":4,)"
        R"("num_key_value_heads":null,"head_dim":null,"vocab_size":1000,"hidden_act":"gelu_new",)"
        R"("rope_scaling":{"factor":32.0,"rope_type":"llama3"},"torch_dtype":"bfloat16",)"
        R"("tie_word_embeddings":false,"attention_bias":true,"eos_token_id":[1,2]})");
  write_dict(dict, {"\"model_type\":", "\"hidden_size\":", "\"intermediate_size\":",
                    "\"num_hidden_layers\":", "\"num_attention_heads\":",
                    "\"num_key_value_heads\":", "\"head_dim\":", "\"vocab_size\":",
                    "\"tie_word_embeddings\":", "\"attention_bias\":", "\"hidden_act\":",
                    "\"llama\"", "\"phi3\"", "\"qwen2\"", "\"silu\"", "\"gelu\"", "true", "false",
                    "null", "1e400", "-1", "65536", "1073741824", "18446744073709551616",
                    "2048.0", "\\u0000", "\\ud800", "{", "}", "[", "]", ","});
}

/// fuzz_tokenizer's layout: 2 bytes little-endian text length, the file, the text.
std::string tokenizer_seed(const std::string& file, const std::string& text) {
  std::string out;
  out += static_cast<char>(text.size() & 0xFF);
  out += static_cast<char>((text.size() >> 8) & 0xFF);
  return out + file + text;
}

/// A llama2.c tokenizer.bin: <unk>, BOS, EOS, the 256 byte pieces, then `extra`.
std::string llama2c_bin(const std::vector<std::pair<std::string, float>>& extra) {
  std::vector<std::pair<std::string, float>> pieces{{"<unk>", 0.f}, {"\n<s>\n", 0.f}, {"\n</s>\n", 0.f}};
  char name[8];
  for (int b = 0; b < 256; ++b) {
    std::snprintf(name, sizeof name, "<0x%02X>", b);
    pieces.emplace_back(name, 0.f);
  }
  pieces.insert(pieces.end(), extra.begin(), extra.end());
  const std::int32_t max_len = 16;
  std::string out(reinterpret_cast<const char*>(&max_len), 4);
  for (const auto& [piece, score] : pieces) {
    const auto len = static_cast<std::int32_t>(piece.size());
    out.append(reinterpret_cast<const char*>(&score), 4);
    out.append(reinterpret_cast<const char*>(&len), 4);
    out += piece;
  }
  return out;
}

void tokenizer_seeds(const fs::path& src, const fs::path& out, const fs::path& dict) {
  fs::create_directories(out);
  const std::string text = "Hello, world! It's 2026:\n\tcaf\xC3\xA9 e\xCC\x81 \xF0\x9F\x98\x80 <|eot|> <s>  x";
  const std::string byte_level = R"({"added_tokens":[{"id":15,"content":"<|eot|>","special":true,"normalized":false},)"
      R"({"id":17,"content":"<|bos|>","special":true,"normalized":false,"lstrip":true,"rstrip":false,"single_word":false}],)"
      R"("normalizer":null,"pre_tokenizer":{"type":"ByteLevel","add_prefix_space":false,"use_regex":true},)"
      R"("post_processor":{"type":"Sequence","processors":[{"type":"ByteLevel"},{"type":"TemplateProcessing",)"
      R"("single":[{"SpecialToken":{"id":"<|bos|>","type_id":0}},{"Sequence":{"id":"A","type_id":0}}],)"
      R"("special_tokens":{"<|bos|>":{"id":"<|bos|>","ids":[17]}}}]},"decoder":{"type":"ByteLevel"},)"
      R"("model":{"type":"BPE","ignore_merges":true,"vocab":{"h":0,"e":1,"l":2,"o":3,"Ġ":4,"w":5,"r":6,"d":7,)"
      R"("he":8,"ll":9,"hell":10,"hello":11,"Ġw":12,"or":13,"Ġwor":14,"Ġworld":16},)"
      R"("merges":["h e","l l","he ll","hell o","Ġ w","o r","Ġw or"]}})";
  write(out / "hf-byte-level.bin", tokenizer_seed(byte_level, text));
  std::string sp_vocab = R"({"<unk>":0,"<s>":1,"</s>":2)";
  char name[16];
  for (int b = 0; b < 256; ++b) {
    std::snprintf(name, sizeof name, R"(,"<0x%02X>":%d)", b, b + 3);
    sp_vocab += name;
  }
  sp_vocab += R"(,"▁":259,"a":260,"b":261,"▁a":262,"ab":263,"▁ab":264})";
  const std::string sp_common =
      R"("added_tokens":[{"id":0,"content":"<unk>","special":true},{"id":1,"content":"<s>","special":true},)"
      R"({"id":2,"content":"</s>","special":true}],)"
      R"("post_processor":{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<s>","type_id":0}},)"
      R"({"Sequence":{"id":"A","type_id":0}}],"special_tokens":{"<s>":{"id":"<s>","ids":[1]}}},)"
      R"("model":{"type":"BPE","unk_token":"<unk>","fuse_unk":true,"byte_fallback":true,"vocab":)" + sp_vocab +
      R"(,"merges":["▁ a","a b","▁a b"]})";
  write(out / "hf-sentencepiece.bin",
        tokenizer_seed(R"({"normalizer":{"type":"Sequence","normalizers":[{"type":"Prepend","prepend":"▁"},)"
                       R"({"type":"Replace","pattern":{"String":" "},"content":"▁"}]},"pre_tokenizer":null,)"
                       R"("decoder":{"type":"Sequence","decoders":[{"type":"Replace","pattern":{"String":"▁"},)"
                       R"("content":" "},{"type":"ByteFallback"},{"type":"Fuse"},{"type":"Strip","content":" ",)"
                       R"("start":1,"stop":0}]},)" + sp_common + "}",
                       "ab a b \xC3\xA9</s>ab"));
  write(out / "hf-metaspace.bin",
        tokenizer_seed(R"({"normalizer":null,"pre_tokenizer":{"type":"Metaspace","replacement":"▁",)"
                       R"("prepend_scheme":"first","split":true},"decoder":{"type":"Metaspace","replacement":"▁",)"
                       R"("prepend_scheme":"first"},)" + sp_common + "}",
                       "ab<s>ab b a"));
  const std::string split = R"({"normalizer":{"type":"NFC"},"pre_tokenizer":{"type":"Sequence","pretokenizers":[)"
      R"({"type":"Split","pattern":{"Regex":"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}|)"
      R"( ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"},"behavior":"Isolated","invert":false},)"
      R"({"type":"ByteLevel","add_prefix_space":false,"use_regex":false}]},"decoder":{"type":"ByteLevel"},)"
      R"("added_tokens":[{"id":15,"content":"<|eot|>","special":false,"normalized":true,"single_word":true}],)"
      R"("model":{"type":"BPE","vocab":{"h":0,"e":1,"l":2,"o":3,"Ġ":4,"w":5,"r":6,"d":7,"he":8,"ll":9,)"
      R"("hell":10,"hello":11,"Ġw":12,"or":13,"Ġwor":14},)"
      R"("merges":[["h","e"],["l","l"],["he","ll"],["hell","o"],["Ġ","w"],["o","r"],["Ġw","or"]]}})";
  write(out / "hf-split-nfc.bin", tokenizer_seed(split, text));
  write(out / "llama2c-small.bin",
        tokenizer_seed(llama2c_bin({{" ", 0.f}, {"a", 0.f}, {"aa", 1.f}, {" a", -1.f}, {"\xC3\xA9", 0.f}}),
                       "aaa a \xC3\xA9\xC3\xBC \x80\x80"));
  // The real stories260K tokenizer, read from ../shared/data when it is there.
  const char* env = std::getenv("AIMCSIM_DATA_DIR");
  const fs::path shared = (env && *env) ? fs::path(env) : fs::weakly_canonical(src).parent_path() / "shared" / "data";
  std::error_code ec;
  if (fs::is_regular_file(shared / "models" / "tok512.bin", ec))
    write(out / "llama2c-tok512.bin", tokenizer_seed(read(shared / "models" / "tok512.bin"),
                                                     "Once upon a time, there was a little girl named Lily."));
  write_dict(dict, {"\"type\":", "\"BPE\"", "\"Sequence\"", "\"ByteLevel\"", "\"Split\"", "\"Metaspace\"",
                    "\"NFC\"", "\"Prepend\"", "\"Replace\"", "\"ByteFallback\"", "\"Fuse\"", "\"Strip\"",
                    "\"TemplateProcessing\"", "\"SpecialToken\"", "\"Isolated\"", "\"Removed\"",
                    "\"MergedWithNext\"", "\"MergedWithPrevious\"", "\"added_tokens\":", "\"content\":",
                    "\"special\":", "\"lstrip\":", "\"rstrip\":", "\"single_word\":", "\"normalized\":",
                    "\"vocab\":", "\"merges\":", "\"byte_fallback\":", "\"ignore_merges\":", "\"fuse_unk\":",
                    "\"unk_token\":", "\"pattern\":", "\"Regex\":", "\"String\":", "\"prepend_scheme\":",
                    "\"first\"", "\"always\"", "\"never\"", "\\u2581", "\\u0120", "<0x", "<s>", "</s>",
                    "<|eot|>", "\\p{L}", "(?!\\S)", "\\s+", "true", "false", "null", "{", "}", "[", "]", ","});
}

/// Tensors of a one-layer tiny model as fuzz_checkpoint's configs describe it (hidden 8,
/// intermediate 12, 2 heads of 4, `kv_heads`, vocabulary 16), with AFM input ranges of
/// `max_input_size` (0: none) on every linear.
std::vector<aimcsim::workloads::TensorData> tiny_checkpoint(bool phi3, int kv_heads, bool tied,
                                                            aimcsim::workloads::DType dtype,
                                                            int max_input_size) {
  using aimcsim::workloads::DType;
  std::vector<aimcsim::workloads::TensorData> out;
  int salt = 0;
  const auto add = [&](const std::string& name, std::vector<std::int64_t> shape, DType t) {
    std::int64_t n = 1;
    for (const auto d : shape) n *= d;
    std::vector<float> v(static_cast<std::size_t>(n));
    const std::size_t offset = 7 * static_cast<std::size_t>(++salt);  // distinct per tensor
    for (std::size_t i = 0; i < v.size(); ++i)
      v[i] = 0.01f * static_cast<float>((i + offset) % 50) + 0.05f;  // positive: valid ranges
    out.push_back({name, t, shape, v});
  };
  const auto linear = [&](const std::string& name, std::int64_t rows, std::int64_t in) {
    add(name + ".weight", {rows, in}, dtype);
    if (max_input_size != 0)
      add(name + ".input_range",
          {max_input_size > 0 ? (in + max_input_size - 1) / max_input_size : 1}, DType::f32);
  };
  const std::int64_t h = 8, f = 12, q = 8, kv = 4 * kv_heads;
  add("model.embed_tokens.weight", {16, h}, dtype);
  add("model.layers.0.input_layernorm.weight", {h}, dtype);
  add("model.layers.0.post_attention_layernorm.weight", {h}, dtype);
  if (phi3) {
    linear("model.layers.0.self_attn.qkv_proj", q + 2 * kv, h);
    linear("model.layers.0.mlp.gate_up_proj", 2 * f, h);
  } else {
    linear("model.layers.0.self_attn.q_proj", q, h);
    linear("model.layers.0.self_attn.k_proj", kv, h);
    linear("model.layers.0.self_attn.v_proj", kv, h);
    linear("model.layers.0.mlp.gate_proj", f, h);
    linear("model.layers.0.mlp.up_proj", f, h);
  }
  linear("model.layers.0.self_attn.o_proj", h, q);
  linear("model.layers.0.mlp.down_proj", h, f);
  add("model.norm.weight", {h}, dtype);
  if (!tied) add("lm_head.weight", {16, h}, dtype);
  if (max_input_size != 0) add("model.layers.0.mlp.down_proj.x_min", {1}, DType::f32);
  return out;
}

void checkpoint_seeds(const fs::path& out, const fs::path& dict) {
  using aimcsim::workloads::DType;
  using aimcsim::workloads::write_safetensors;
  fs::create_directories(out);
  write_safetensors(out / "llama-afm.safetensors",
                    tiny_checkpoint(false, 1, true, DType::f32, 4), {{"format", "pt"}});
  write_safetensors(out / "llama-bf16.safetensors",
                    tiny_checkpoint(false, 1, true, DType::bf16, 0));
  write_safetensors(out / "phi3-f16.safetensors", tiny_checkpoint(true, 2, false, DType::f16, -1));
  // llama2.c: header dim 8, hidden 12, 1 layer, 2 heads, 1 kv head, vocab 16 (negative:
  // separate classifier), seq_len 4; then every float32 array and the RoPE tables.
  for (const int vocab : {16, -16}) {
    const std::int32_t header[7] = {8, 12, 1, 2, 1, vocab, 4};
    std::string bytes(reinterpret_cast<const char*>(header), sizeof header);
    const int floats = 16 * 8 + 8 + 64 + 32 + 32 + 64 + 8 + 3 * 96 + 8 + 2 * 4 * 2 +
                       (vocab < 0 ? 16 * 8 : 0);
    for (int i = 0; i < floats; ++i) {
      const float v = 0.001f * static_cast<float>(i);
      bytes.append(reinterpret_cast<const char*>(&v), 4);
    }
    write(out / (vocab > 0 ? "llama2c-shared.bin" : "llama2c-wcls.bin"), bytes);
  }
  write_dict(dict, {"\"dtype\":", "\"shape\":", "\"data_offsets\":", "\"__metadata__\":",
                    "\"F32\"", "\"F16\"", "\"BF16\"", "\"I64\"", "\"F64\"", "\"U8\"",
                    "model.embed_tokens.weight", "model.layers.0.", "self_attn.q_proj",
                    "self_attn.qkv_proj", "mlp.gate_up_proj", "mlp.down_proj", ".weight",
                    ".bias", ".input_range", ".x_min", "lm_head.weight", "model.norm.weight",
                    "[0,4]", "[16,8]", "18446744073709551615", "{", "}", "[", "]", ",",
                    std::string("\x00\x00\x00\x00", 4), std::string("\xff\xff\xff\x7f", 4)});
}

/// Small traces in fuzz_trace's layout: an options byte (max_requests, window, time scale),
/// then the text.
void trace_seeds(const fs::path& out, const fs::path& dict) {
  fs::create_directories(out);
  const std::vector<std::tuple<std::string, char, std::string>> seeds = {
      {"azure", 0, "TIMESTAMP,ContextTokens,GeneratedTokens\r\n"
                   "2023-11-16 18:15:46.6805900,374,44\r\n2023-11-16 18:15:50.9951690,396,109\r\n"
                   "2023-11-16 18:15:49,879,55"},
      {"azure-window", 0x1A, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-12-31 23:59:59.9999999,1,1\n"
                             "2024-01-01 00:00:01,2,2\n2024-01-01 00:00:02.5,3,3\n2024-02-29T00:00:00,4,4\n"},
      {"azure-bad", 0x02, "TIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-02-29 00:00:00,1,1\r\n\r\n"
                          "2023-11-16 18:15:46,0,5\r\n2023-11-16 18:15:47,5,0\r\n2023-11-16 18:15:48,5\r\n"},
      {"mooncake", 0, "{\"timestamp\": 0, \"input_length\": 1025, \"output_length\": 5, \"hash_ids\": [0, 1, 2]}\n"
                      "{\"timestamp\": 0, \"input_length\": 600, \"output_length\": 7, \"hash_ids\": [0, 3]}\n"
                      "{\"timestamp\": 3000, \"input_length\": 10, \"output_length\": 1, \"hash_ids\": []}\n"},
      {"mooncake-bad", 0x23, "{\"timestamp\": 1.5, \"input_length\": 6.0, \"output_length\": 5, \"hash_ids\": [-1]}\n"
                             "[1]\n{\"timestamp\": 2, \"input_length\": \"6\"}\n{\"timestamp\": 2500, \"input"},
      {"splitwise", 0x08, "num_decode_tokens,model,arrived_at,num_prefill_tokens\n20,\"llama, 7b\",0.25,1000\n"
                          "7.0,\"a \"\"b\"\"\", 1.75 ,2048.00\n3,x,1e0,5\n"},
      {"native", 0x41, "arrival_s,prompt_tokens,output_tokens,priority\n10,100,10,-3\n11.5,200,20,+7\n1e10,1,1,0\n"},
      {"native-bad", 0x05, "arrival_s,prompt_tokens,output_tokens\nnan,1,1\ninf,1,1\n-1,1,1\n0x10,1,1\n"
                           "1e999,1,1\n1,16777217,1\n2,4.5,1\n3,\"5,1\n"},
  };
  for (const auto& [name, options, text] : seeds) write(out / (name + ".trace"), options + text);
  write_dict(dict, {"TIMESTAMP", "ContextTokens", "GeneratedTokens", "arrived_at",
                    "num_prefill_tokens", "num_decode_tokens", "arrival_s", "prompt_tokens",
                    "output_tokens", "priority", "\"timestamp\": ", "\"input_length\": ",
                    "\"output_length\": ", "\"hash_ids\": ", "2023-11-16 18:15:46.6805900",
                    "2024-02-29 ", "23:59:59", ".9999999", "\r\n", "\n\n", ",", "\"", "\"\"",
                    "{", "}", "[", "]", "-", "+", "e", ".", "0", "1e400", "nan", "inf", "16777216",
                    "16777217", "18446744073709551615", "18446744073709551616", "2147483648",
                    "\xEF\xBB\xBF"});
}

/// Sweep files: the study in configs/sweeps/ and small ones with every field and typical faults.
void sweep_seeds(const fs::path& src, const fs::path& out, const fs::path& dict) {
  fs::create_directories(out);
  for (const auto& e : fs::directory_iterator(src / "configs" / "sweeps"))
    if (e.path().extension() == ".yaml") fs::copy_file(e.path(), out / e.path().filename(),
                                                       fs::copy_options::overwrite_existing);
  write(out / "small.yaml",
        "version: 1\nname: s\nbase:\n  arch: hermes\n  params:\n    workload.prompt_tokens: 8\n"
        "commands:\n  run: [--model, llama-3.2-1b]\n  eval: [--max-tokens, \"8\"]\n"
        "axes:\n  chip.analog_tile.adc.bits: {from: 4, to: 8, step: 2}\n"
        "  chip.analog_tile.adc.t_readout: [5 ns, 0.01 us]\n"
        "zip:\n  - chip.analog_tile.rows: [128, 256]\n    chip.analog_tile.cols: [128, 256]\n"
        "derived:\n  chip.analog_tile.adc.count: min(chip.analog_tile.cols, 64)\n"
        "constraints:\n  - chip.analog_tile.adc.bits * 2 <= chip.analog_tile.rows / 16\n"
        "seeds: [1, 2]\nmetrics: [run.ttft_s, eval.drift.1d.perplexity.mean]\n"
        "pareto:\n  - {metric: run.ttft_s, goal: min}\n");
  write(out / "bad.yaml",
        "version: 1\ncommands:\n  run: [-o, x]\naxes:\n  chip.analog_tile.adc.bits: [99]\n"
        "derived:\n  chip.analog_tile.cols: chip.nowhere ^ 2 +\nrepeats: 0\n");
  write_dict(dict, {"version: 1\n", "commands:\n", "  run: ", "  eval: ", "  serve: ", "axes:\n",
                    "zip:\n", "  - ", "derived:\n", "constraints:\n", "seeds: ", "repeats: ",
                    "metrics: ", "pareto:\n", "base:\n", "  arch: ", "  params:\n",
                    "{from: ", ", to: ", ", step: ", "goal: ", "metric: ", "min", "max",
                    "chip.analog_tile.rows", "chip.analog_tile.cols", "chip.analog_tile.adc.bits",
                    "chip.analog_tile.input_phases", "workload.seed", "run.ttft_s", "&&", "||",
                    "==", "<=", "?", ":", "(", ")", "^", "/", "*", "sqrt(", "rint(", "1e308",
                    "0.1", "-1", "10000", "[", "]", "{", "}", ", "});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: fuzz_seeds <source dir> <out dir>\n");
    return 2;
  }
  const fs::path src = argv[1], out = argv[2];
  try {
    run_config_seeds(src, out / "seeds" / "run_config", out / "run_config.dict");
    model_config_seeds(out / "seeds" / "model_config", out / "model_config.dict");
    tokenizer_seeds(src, out / "seeds" / "tokenizer", out / "tokenizer.dict");
    checkpoint_seeds(out / "seeds" / "checkpoint", out / "checkpoint.dict");
    trace_seeds(out / "seeds" / "trace", out / "trace.dict");
    sweep_seeds(src, out / "seeds" / "sweep", out / "sweep.dict");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_seeds: %s\n", e.what());
    return 1;
  }
  return 0;
}
