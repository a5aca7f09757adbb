// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/results_dir.hpp"

#include <unistd.h>

#include <cctype>

namespace aimcsim::cli {
namespace fs = std::filesystem;

ResultsDir::ResultsDir(fs::path final_dir) : m_final(std::move(final_dir)) {
  const fs::path parent = m_final.has_parent_path() ? m_final.parent_path() : fs::path(".");
  // Remember the outermost missing ancestor, so a failed run removes what it created.
  for (fs::path p = parent; !p.empty() && !fs::exists(p); p = p.parent_path()) m_created_parent = p;
  fs::create_directories(parent);
  m_staging = parent / ("." + m_final.filename().string() + ".staging-" + std::to_string(getpid()));
  fs::remove_all(m_staging);
  fs::create_directories(m_staging);
}

ResultsDir::~ResultsDir() {
  if (!m_committed) {
    std::error_code ec;
    fs::remove_all(m_staging, ec);
    if (!m_created_parent.empty()) fs::remove_all(m_created_parent, ec);
  }
}

void ResultsDir::commit() {
  // Replace an older run of the same name: move it aside first so the rename is atomic.
  const fs::path old = m_staging.string() + ".old";
  if (fs::exists(m_final)) fs::rename(m_final, old);
  fs::rename(m_staging, m_final);
  std::error_code ec;
  fs::remove_all(old, ec);
  m_committed = true;
}

std::string default_run_name(const RunConfig& cfg, bool map_only) {
  std::string model = fs::path(cfg.workload.model).filename().string();
  if (model == "config.json") model = fs::path(cfg.workload.model).parent_path().filename().string();
  std::string name = cfg.name + "-" + model;
  if (map_only) {
    name += "-map";
  } else {
    name += "-p" + std::to_string(cfg.workload.prompt_tokens) + "-d" +
            std::to_string(cfg.workload.decode_tokens) + "-b" + std::to_string(cfg.workload.batch);
  }
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') c = '_';
  return name;
}

}  // namespace aimcsim::cli
