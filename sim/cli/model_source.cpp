// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/model_source.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sim/config/config_error.hpp"
#include "workloads/model_catalog.hpp"

namespace aimcsim::cli {
namespace fs = std::filesystem;

ModelSource resolve_model(RunConfig& cfg, const config::YamlDocument& doc) {
  const config::ParamValue& v = cfg.values->child("workload").value("model");
  ModelSource src;
  std::string path = cfg.workload.model;
  bool builtin = false;
  for (const auto& name : workloads::builtin_model_names()) builtin = builtin || name == path;
  const bool from_file = v.origin != "default" && v.origin.rfind("command line", 0) != 0;
  if (!builtin && from_file && fs::path(path).is_relative() && fs::exists(doc.file())) {
    const fs::path beside = fs::path(doc.file()).parent_path() / path;
    path = beside.lexically_normal().string();
  }
  const std::string where = config::where_set(v);
  std::error_code ec;
  if (!builtin && fs::is_directory(path, ec)) {
    if (!fs::is_regular_file(fs::path(path) / "config.json", ec))
      throw config::ConfigError(where + ": key 'workload.model': '" + path +
                                "' is a folder without a config.json; expected a built-in model "
                                "name, a config.json file or a folder holding one");
    path = (fs::path(path) / "config.json").string();
  }
  if (!builtin && fs::exists(path, ec) && !fs::is_regular_file(path, ec))
    throw config::ConfigError(where + ": key 'workload.model': '" + path +
                              "' is not a regular file (a FIFO or device?); expected a "
                              "config.json file or a folder holding one");
  try {
    src.desc = workloads::load_model(path);
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(where + ": key 'workload.model': " + e.what());
  }
  if (!builtin) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof())
      throw config::ConfigError(where + ": key 'workload.model': " + path + ": cannot read");
    src.is_file = true;
    src.text = text.str();
  }
  cfg.workload.model = path;
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
