// SPDX-License-Identifier: Apache-2.0
#include "workloads/checkpoint/shard_index.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "sim/config/text_check.hpp"
#include "workloads/checkpoint/transformer_weights.hpp"

namespace aimcsim::workloads {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

void add(ShardSet& set, std::shared_ptr<const SafetensorsFile> file) {
  for (const auto& name : file->names()) {
    const auto [it, fresh] = set.where.emplace(name, file.get());
    if (!fresh)
      throw CheckpointError(file->path() + ": tensor '" + config::printable(name) +
                            "' is also in " + it->second->path() + "; expected each tensor once");
  }
  set.files.push_back(std::move(file));
}

}  // namespace

ShardSet open_single(const fs::path& file) {
  ShardSet set;
  auto f = std::make_shared<const SafetensorsFile>(file);
  set.origin = f->path();
  add(set, std::move(f));
  return set;
}

ShardSet open_shards(const fs::path& folder) {
  std::error_code ec;
  const fs::path single = folder / "model.safetensors";
  const fs::path index = folder / "model.safetensors.index.json";
  const std::string shown_folder = config::printable(folder.string(), 4096);
  if (fs::exists(index, ec)) {
    const std::string origin = config::printable(index.string(), 4096);
    const config::ConfigText in = config::read_config_text(index.string());
    if (!in.problem.empty())
      throw CheckpointError(origin + ": " + in.problem + "; expected a safetensors index");
    json j;
    try {
      j = json::parse(in.text);
    } catch (const json::exception&) {
      throw CheckpointError(origin + ": not valid JSON; expected {\"weight_map\": {...}}");
    }
    if (!j.is_object() || !j.contains("weight_map") || !j.at("weight_map").is_object())
      throw CheckpointError(origin +
                            ": key 'weight_map': expected an object of tensor name -> "
                            "shard file");
    ShardSet set;
    set.origin = origin;
    std::map<std::string, std::string> listed;  // tensor -> shard file name
    std::set<std::string> shard_names;
    for (const auto& [name, shard] : j.at("weight_map").items()) {
      const std::string key = "weight_map." + config::printable(name);
      if (!shard.is_string())
        throw CheckpointError(origin + ": key '" + key + "': expected a shard file name");
      const std::string file = shard.get<std::string>();
      // A plain name inside the folder: the index must not reach other files.
      if (file.empty() || file == "." || file == ".." ||
          file.find_first_of(std::string("/\\\0", 3)) != std::string::npos)
        throw CheckpointError(origin + ": key '" + key + "': shard '" + config::printable(file) +
                              "'; expected a file name inside the folder");
      listed[name] = file;
      shard_names.insert(file);
    }
    if (shard_names.empty())
      throw CheckpointError(origin + ": key 'weight_map': empty; expected the model's tensors");
    std::map<std::string, const SafetensorsFile*> by_name;
    for (const auto& shard : shard_names) {
      auto f = std::make_shared<const SafetensorsFile>(folder / shard);
      by_name[shard] = f.get();
      add(set, std::move(f));
    }
    for (const auto& [name, shard] : listed) {
      if (!by_name.at(shard)->contains(name))
        throw CheckpointError(origin + ": tensor '" + config::printable(name) + "' is listed in " +
                              config::printable(shard) + ", which does not hold it");
    }
    for (const auto& [name, file] : set.where)
      if (!listed.count(name))
        throw CheckpointError(file->path() + ": tensor '" + config::printable(name) +
                              "' is not listed in " + origin +
                              "; expected the index to name "
                              "every tensor");
    return set;
  }
  if (fs::exists(single, ec)) return open_single(single);
  bool state_dict = false;  // pytorch_model.bin, its shards pytorch_model-0000i-of-0000n.bin
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    state_dict = state_dict ||
                 (name.rfind("pytorch_model", 0) == 0 &&
                  (it->path().extension() == ".bin" || name == "pytorch_model.bin.index.json"));
  }
  if (state_dict)
    throw CheckpointError(shown_folder +
                          ": holds a PyTorch state dict (pytorch_model*.bin), "
                          "which is not read directly; convert it first: /usr/bin/python3 "
                          "scripts/convert-afm-checkpoint.py " +
                          shown_folder + " <output folder>");
  throw CheckpointError(shown_folder +
                        ": no model.safetensors nor model.safetensors.index.json; "
                        "expected a HuggingFace model folder");
}

}  // namespace aimcsim::workloads
