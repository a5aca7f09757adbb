// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

#include "workloads/model_desc.hpp"

namespace aimcsim::workloads {

/// Names of the built-in model descriptions.
std::vector<std::string> builtin_model_names();

/// The config.json text a built-in model is read from (its published HuggingFace fields), or
/// empty for an unknown name. Tests and the fuzzers' seed corpus use it.
std::string builtin_model_json(const std::string& name);

/// A built-in model by name (case-insensitive), or a HuggingFace config.json when `name_or_path`
/// names a file, or the config.json inside `name_or_path` when it names a directory (a model
/// folder as downloaded from the hub). Files above 1 MiB are refused. Throws
/// std::invalid_argument with a one-line message naming the file and key otherwise.
ModelDesc load_model(const std::string& name_or_path);

/// A model as load_model reads it, with where it came from: `file` is the config.json that was
/// read (empty for a built-in model) and `text` its content, as read once.
struct LoadedModel {
  ModelDesc desc;
  std::string file;
  std::string text;
};
/// load_model, keeping the file and its text (saved with the results).
LoadedModel load_model_source(const std::string& name_or_path);

/// Parses a HuggingFace config.json of model_type llama, phi3 or qwen2. Every shape field must be
/// an integer within ModelLimits (floats, strings, booleans and out-of-range numbers are
/// refused naming the key); `origin` names the file in errors.
ModelDesc model_from_hf_config(const std::string& json_text, const std::string& origin);

}  // namespace aimcsim::workloads
