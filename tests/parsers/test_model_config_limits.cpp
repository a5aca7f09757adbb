// SPDX-License-Identifier: Apache-2.0
// HuggingFace config.json files that used to overflow, crash or allocate without bound (issue 6,
// item 3), values of the wrong JSON type, and --model given a directory or an endless device.
// Every error is one line naming the file and the key.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>

#include "workloads/model_catalog.hpp"

namespace fs = std::filesystem;
using namespace aimcsim::workloads;

namespace {

/// A small valid Llama config.json with `field` replaced (or added) as `"field": value`.
std::string llama_with(const std::string& field, const std::string& value) {
  std::string fields[][2] = {{"model_type", "\"llama\""},     {"hidden_size", "256"},
                             {"intermediate_size", "512"},    {"num_hidden_layers", "2"},
                             {"num_attention_heads", "4"},    {"num_key_value_heads", "2"},
                             {"vocab_size", "1000"},          {"hidden_act", "\"silu\""}};
  std::string out = "{";
  bool replaced = false;
  for (auto& f : fields) {
    if (f[0] == field) f[1] = value, replaced = true;
    out += (out.size() > 1 ? "," : "") + ("\"" + f[0] + "\":" + f[1]);
  }
  if (!replaced) out += ",\"" + field + "\":" + value;
  return out + "}";
}

std::string error_of(const std::string& json) {
  try {
    model_from_hf_config(json, "m/config.json");
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    EXPECT_EQ(msg.rfind("m/config.json: ", 0), 0u) << msg;
    return msg;
  }
  return "(accepted)";
}

struct TempFolder {
  fs::path path = fs::temp_directory_path() /
                  ("aimcsim-models-" + std::to_string(::getpid()) + "-" +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  TempFolder() { fs::create_directories(path); }
  ~TempFolder() { fs::remove_all(path); }
};

std::string load_error(const std::string& name_or_path) {
  try {
    load_model(name_or_path);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST(ModelConfigLimits, SmallModelIsAccepted) {
  EXPECT_EQ(error_of(llama_with("hidden_size", "256")), "(accepted)");
}

TEST(ModelConfigLimits, HeadsTimesHeadDimCannotOverflow) {
  // 65536 x 65536 overflowed int in q_dim() and crashed the mapper (SIGSEGV).
  std::string j = llama_with("num_attention_heads", "65536");
  EXPECT_EQ(error_of(j), "m/config.json: key 'num_attention_heads': expected an integer in "
                         "[1, 1024], got 65536");
  j = llama_with("head_dim", "65536");
  EXPECT_EQ(error_of(j),
            "m/config.json: key 'head_dim': expected an integer in [1, 1024], got 65536");
  // Each within its own bound, the product is still checked.
  j = llama_with("num_attention_heads", "1024");
  j.replace(j.find("\"num_key_value_heads\":2"), 23, "\"num_key_value_heads\":1");
  j = j.substr(0, j.size() - 1) + ",\"head_dim\":1024}";
  EXPECT_EQ(error_of(j), "m/config.json: key 'head_dim': expected num_attention_heads x head_dim "
                         "<= 262144, got 1024 x 1024 = 1048576");
}

TEST(ModelConfigLimits, HugePhi3IntermediateIsRefused) {
  // intermediate_size 1073741824 on phi3 (fused gate_up: 2x) ended in vector::_M_default_append.
  std::string j = llama_with("intermediate_size", "1073741824");
  j.replace(j.find("\"llama\""), 7, "\"phi3\"");
  EXPECT_EQ(error_of(j), "m/config.json: key 'intermediate_size': expected an integer in "
                         "[1, 262144], got 1073741824");
}

TEST(ModelConfigLimits, TotalWeightsAreBounded) {
  // Every field within its bound, 65536 x 262144 x 3 x 1024 layers: ~5e13 weights.
  const std::string j = R"({"model_type":"llama","hidden_size":65536,"intermediate_size":262144,
      "num_hidden_layers":1024,"num_attention_heads":256,"num_key_value_heads":256,
      "vocab_size":1000})";
  const std::string e = error_of(j);
  EXPECT_NE(e.find("weights; expected at most 2^42 = 4.4e12"), std::string::npos) << e;
  // The model as computed in 64-bit arithmetic (independent of the code under test).
  const std::int64_t per_layer = 65536LL * 65536 * 4 + 65536LL * 262144 * 3;
  const std::int64_t expected = per_layer * 1024 + 1000LL * 65536 * 2;
  EXPECT_NE(e.find(std::to_string(expected) + " weights"), std::string::npos) << e;
}

TEST(ModelConfigLimits, NumbersBeyondDoubleRangeNameTheKey) {
  EXPECT_EQ(error_of(llama_with("hidden_size", "1e400")),
            "m/config.json: key 'hidden_size': a number out of range of a double; expected an "
            "integer");
  EXPECT_EQ(error_of(llama_with("vocab_size", "-1e999")),
            "m/config.json: key 'vocab_size': a number out of range of a double; expected an "
            "integer");
}

TEST(ModelConfigLimits, WrongTypesNameKeyAndExpectation) {
  const std::string expected =
      "m/config.json: key 'hidden_size': expected an integer in [1, 65536], got ";
  EXPECT_EQ(error_of(llama_with("hidden_size", "2048.5")), expected + "2048.5");
  EXPECT_EQ(error_of(llama_with("hidden_size", "2048.0")), expected + "2048.0");
  EXPECT_EQ(error_of(llama_with("hidden_size", "\"2048\"")), expected + "\"2048\"");
  EXPECT_EQ(error_of(llama_with("hidden_size", "true")), expected + "true");
  EXPECT_EQ(error_of(llama_with("hidden_size", "null")), expected + "null");
  EXPECT_EQ(error_of(llama_with("hidden_size", "-256")), expected + "-256");
  EXPECT_EQ(error_of(llama_with("hidden_size", "0")), expected + "0");
  EXPECT_EQ(error_of(llama_with("hidden_size", "18446744073709551615")),
            expected + "18446744073709551615");
  EXPECT_EQ(error_of(llama_with("hidden_size", "-9223372036854775808")),
            expected + "-9223372036854775808");
  EXPECT_EQ(error_of(llama_with("hidden_size", "99999999999999999999999")),
            expected + "9.999999999999999e+22");
  EXPECT_EQ(error_of(llama_with("hidden_size", "{\"a\":[1,2,3]}")), expected + "{\"a\":[1,2,3]}");
  // Long values are cut.
  EXPECT_EQ(error_of(llama_with("hidden_size", "\"" + std::string(200, 'x') + "\"")),
            expected + "\"" + std::string(39, 'x') + "...");
}

TEST(ModelConfigLimits, OptionalFieldsOfTheWrongType) {
  EXPECT_EQ(error_of(llama_with("hidden_act", "5")),
            "m/config.json: key 'hidden_act': expected silu or gelu, got 5");
  EXPECT_NE(error_of(llama_with("hidden_act", "\"relu\"")).find("key 'hidden_act'"),
            std::string::npos);
  EXPECT_EQ(error_of(llama_with("hidden_act", "\"gelu_pytorch_tanh\"")), "(accepted)");
  EXPECT_EQ(error_of(llama_with("tie_word_embeddings", "1")),
            "m/config.json: key 'tie_word_embeddings': expected true or false, got 1");
  EXPECT_EQ(error_of(llama_with("num_key_value_heads", "null")), "(accepted)");  // = heads
  EXPECT_EQ(error_of(llama_with("model_type", "[\"llama\"]")),
            "m/config.json: key 'model_type': expected llama, phi3 or qwen2, got [\"llama\"]");
  // Control characters reach the message escaped by the JSON writer.
  EXPECT_EQ(error_of(llama_with("model_type", "\"x\\u001b[2J\"")),
            "m/config.json: key 'model_type': expected llama, phi3 or qwen2, got \"x\\u001b[2J\"");
}

TEST(ModelConfigLimits, NotAnObjectOrNotJson) {
  EXPECT_EQ(error_of("[1, 2]"), "m/config.json: expected a JSON object");
  EXPECT_EQ(error_of("{\"a\": }"),
            "m/config.json: not valid JSON (byte 7); expected a HuggingFace config.json");
  EXPECT_EQ(error_of(std::string((1 << 20) + 1, ' ')),
            "m/config.json: is larger than 1 MiB, the limit for configuration files; expected a "
            "HuggingFace config.json");
}

TEST(ModelConfigLimits, ModelDirectoryIsReadThroughItsConfigJson) {
  TempFolder tmp;
  const fs::path dir = tmp.path / "Llama-tiny";
  fs::create_directories(dir);
  EXPECT_EQ(load_error(dir.string()),
            "model '" + dir.string() + "': a directory without a config.json; expected a "
            "built-in model, a HuggingFace config.json or a folder holding one");
  std::ofstream(dir / "config.json") << llama_with("hidden_size", "256");
  const ModelDesc m = load_model(dir.string());
  EXPECT_EQ(m.hidden, 256);
  EXPECT_EQ(m.name, dir.string());
  // Errors inside it name the file, not the folder.
  std::ofstream(dir / "config.json") << llama_with("hidden_size", "1e400");
  EXPECT_EQ(load_error(dir.string()), (dir / "config.json").string() +
                                          ": key 'hidden_size': a number out of range of a "
                                          "double; expected an integer");
}

TEST(ModelConfigLimits, EndlessDeviceIsRefusedAfterTheLimit) {
  EXPECT_EQ(load_error("/dev/zero"), "/dev/zero: is larger than 1 MiB, the limit for "
                                     "configuration files; expected a HuggingFace config.json");
}

TEST(ModelConfigLimits, DelAndC1ControlsAreEscapedInMessages) {
  // Found by fuzz_model_config: the JSON writer leaves DEL (U+007F) and U+0080..U+009F raw.
  EXPECT_EQ(error_of(llama_with("model_type", "\"ll\x7f\xc2\x9b\"")),
            "m/config.json: key 'model_type': expected llama, phi3 or qwen2, got "
            "\"ll\\x7F\\xC2\\x9B\"");
}

TEST(ModelConfigLimits, DuplicateKeysAreRefusedAsInYaml) {
  // JSON parsers keep the last of two equal keys; {"hidden_size":4096,"hidden_size":2048} was
  // read as 2048 without a word.
  std::string j = llama_with("hidden_size", "256");
  j = j.substr(0, j.size() - 1) + ",\"hidden_size\":512}";
  EXPECT_EQ(error_of(j), "m/config.json: key 'hidden_size': duplicate key; expected each key once");
  // The same key in two different objects is not a duplicate.
  j = llama_with("rope_scaling", R"({"factor":8.0,"rope_type":"llama3"})");
  j = j.substr(0, j.size() - 1) + ",\"other\":{\"factor\":1}}";
  EXPECT_EQ(error_of(j), "(accepted)");
}
