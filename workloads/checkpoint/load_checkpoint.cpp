// SPDX-License-Identifier: Apache-2.0
// Picks the reader by what the path is: a folder (HuggingFace), a .safetensors file (with the
// config.json beside it), a PyTorch state dict (refused: convert it), else a llama2.c file.
#include <cstring>
#include <fstream>

#include "sim/config/text_check.hpp"
#include "workloads/checkpoint/loaders.hpp"
#include "workloads/checkpoint/mapped_file.hpp"
#include "workloads/checkpoint/transformer_weights.hpp"

namespace aimcsim::workloads {
namespace {

namespace fs = std::filesystem;

/// True for the files torch.save writes, or a file named like one: a zip archive (PyTorch >=
/// 1.6) or the legacy format (pickle protocol 2 of the 10-byte magic number: 80 02 8a 0a). As
/// llama2.c headers these would be dim 67324752 or 176816768, beyond ModelLimits.
bool is_torch_file(const fs::path& path) {
  const std::string name = path.filename().string();
  if (name.rfind("pytorch_model", 0) == 0 || path.extension() == ".pt" ||
      path.extension() == ".pth")
    return true;
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && (std::memcmp(magic, "PK\x03\x04", 4) == 0 ||
                              std::memcmp(magic, "\x80\x02\x8a\x0a", 4) == 0);
}

}  // namespace

TransformerWeights load_checkpoint(const fs::path& path) {
  const std::string shown = config::printable(path.string(), 4096);
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::exists(status))
    throw CheckpointError(shown +
                          ": no such file or folder; expected a llama2.c .bin file, a "
                          "HuggingFace folder or a .safetensors file");
  if (fs::is_directory(status)) return load_hf_folder(path);
  if (path.extension() == ".safetensors") {
    // A lone safetensors file is read with the config.json of its folder.
    const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
    const fs::path config_file = folder / "config.json";
    const config::ConfigText in = config::read_config_text(config_file.string());
    if (!in.problem.empty())
      throw CheckpointError(shown +
                            ": a safetensors file needs the config.json of its model "
                            "beside it; " +
                            config::printable(config_file.string(), 4096) + " " + in.problem);
    return load_safetensors_checkpoint(path, in.text,
                                       config::printable(config_file.string(), 4096));
  }
  if (fs::is_regular_file(status) && is_torch_file(path))
    throw CheckpointError(shown +
                          ": a PyTorch state dict is not read directly; convert it "
                          "first: /usr/bin/python3 scripts/convert-afm-checkpoint.py <its folder> "
                          "<output folder>");
  return load_llama2c(path);
}

std::vector<std::pair<const unsigned char*, std::uint64_t>> mapped_regions(
    const TransformerWeights& w) {
  std::vector<std::pair<const unsigned char*, std::uint64_t>> out;
  if (const auto* files = static_cast<const MappedFiles*>(w.storage.get()))
    for (const auto& f : *files) out.emplace_back(f->data(), f->size());
  return out;
}

}  // namespace aimcsim::workloads
