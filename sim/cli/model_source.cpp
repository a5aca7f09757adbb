// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/model_source.hpp"

#include <filesystem>
#include <stdexcept>

#include "sim/config/config_error.hpp"
#include "workloads/model_catalog.hpp"

namespace aimcsim::cli {
namespace fs = std::filesystem;

ModelSource resolve_model(RunConfig& cfg, const config::YamlDocument& doc) {
  const config::ParamValue& v = cfg.values->child("workload").value("model");
  std::string path = cfg.workload.model;
  // A relative path written in a configuration file is relative to that file's folder.
  const bool from_file = v.origin != "default" && v.origin.rfind("command line", 0) != 0;
  std::error_code ec;
  if (from_file && fs::path(path).is_relative() && fs::exists(doc.file(), ec)) {
    const fs::path beside = (fs::path(doc.file()).parent_path() / path).lexically_normal();
    if (fs::exists(beside, ec)) path = beside.string();
  }
  workloads::LoadedModel loaded;
  try {
    loaded = workloads::load_model_source(path);
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(config::where_set(v) + ": key 'workload.model': " + e.what());
  }
  ModelSource src;
  src.desc = std::move(loaded.desc);
  src.is_file = !loaded.file.empty();
  src.text = std::move(loaded.text);
  if (src.is_file) cfg.workload.model = loaded.file;
  return src;
}

config::ParamValue saved_model_value(const RunConfig& cfg) {
  config::ParamValue v = cfg.values->child("workload").value("model");
  v.text = k_saved_model_file;
  v.word = k_saved_model_file;
  v.comment = "copy of " + cfg.workload.model + " saved with the results";
  return v;
}

}  // namespace aimcsim::cli
