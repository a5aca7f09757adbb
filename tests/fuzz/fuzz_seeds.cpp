// SPDX-License-Identifier: Apache-2.0
// Writes the seed corpora and libFuzzer dictionaries of the fuzz targets:
//   fuzz_seeds <source dir> <out dir>
// <out dir>/seeds/run_config/: every configs/*.yaml, each again with -p overrides, its resolved
//   form (every key), and short inputs for each YAML construct the reader refuses;
// <out dir>/seeds/model_config/: the built-in models' config.json texts and variants;
// <out dir>/run_config.dict, model_config.dict: every key, unit and choice word of the schema,
//   and the YAML / JSON tokens, so mutations reach the deep parts of the readers quickly.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "sim/arch_config.hpp"
#include "sim/config/quantity.hpp"
#include "sim/config/yaml_document.hpp"
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
  for (const unsigned char c : text) {
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
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_seeds: %s\n", e.what());
    return 1;
  }
  return 0;
}
