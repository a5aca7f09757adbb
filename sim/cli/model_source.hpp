// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "sim/arch_config.hpp"
#include "sim/config/yaml_document.hpp"
#include "workloads/model_desc.hpp"

namespace aimcsim::cli {

/// The model of a run and, for a HuggingFace config.json, its text (saved with the results).
struct ModelSource {
  workloads::ModelDesc desc;
  bool is_file = false;
  std::string text;  ///< the config.json as read, when is_file
};

/// Name of the copy of the model's config.json in a results folder.
inline constexpr const char* k_saved_model_file = "model_config.json";

/// Loads `workload.model`: a built-in name, or the path of a config.json. A relative path
/// written in a configuration file is relative to that file's folder (so a results folder's
/// config.resolved.yaml finds its saved model_config.json from anywhere); one given on the
/// command line is relative to the working directory. Updates cfg.workload.model to the path
/// used. Throws config::ConfigError naming where the value was set.
ModelSource resolve_model(RunConfig& cfg, const config::YamlDocument& doc);

/// The workload.model value written to config.resolved.yaml when the model was a file: the
/// saved copy beside it.
config::ParamValue saved_model_value(const RunConfig& cfg);

}  // namespace aimcsim::cli
