// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/results_dir.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <fstream>
#include <set>
#include <vector>

#include "sim/cli/interrupt_cleanup.hpp"
#include "sim/io/checked_file.hpp"

namespace aimcsim::cli {
namespace fs = std::filesystem;

namespace {

constexpr const char* k_marker_title = "aimcsim results folder";
// Longest suffix added to the folder name for the staging and set-aside folders:
// ".staging-" + up to 10 PID digits + ".old", and the leading ".".
constexpr std::size_t k_staging_suffix_chars = 24;

[[noreturn]] void refuse(const std::string& shown, const std::string& why) {
  throw OutputError(shown + ": " + why);
}

/// "out/run/" -> "out/run"; refuses names that are not a folder name ("", ".", "..", "/").
fs::path normalize(const std::string& requested, const std::string& shown) {
  if (requested.empty()) refuse(shown, "expected a folder name");
  fs::path p = fs::path(requested).lexically_normal();
  if (p.filename().empty() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  const std::string name = p.filename().string();
  if (name.empty() || name == "." || name == "..")
    refuse(shown, "expected a folder name, e.g. -o results/my-run");
  if (name.size() + k_staging_suffix_chars > NAME_MAX)
    refuse(shown, "folder name of " + std::to_string(name.size()) +
                      " characters; expected at most " +
                      std::to_string(NAME_MAX - k_staging_suffix_chars));
  return p;
}

/// Names listed in a results folder's marker, or nullopt-like false when it has none.
bool read_marker(const fs::path& dir, std::set<std::string>& names) {
  std::ifstream in(dir / k_results_marker);
  std::string line;
  if (!in || !std::getline(in, line) || line.rfind(k_marker_title, 0) != 0) return false;
  while (std::getline(in, line))
    if (!line.empty()) names.insert(line);
  return true;
}

/// Refuses a target aimcsim must not replace; returns whether something is there to replace.
bool check_replaceable(const fs::path& target, const std::string& shown) {
  std::error_code ec;
  const auto st = fs::symlink_status(target, ec);
  if (ec && ec != std::errc::no_such_file_or_directory)
    refuse(shown, "cannot inspect '" + target.string() + "': " + ec.message());
  if (!fs::exists(st)) return false;
  if (fs::is_symlink(st))
    refuse(shown, "is a symbolic link; aimcsim writes results only to a new or empty folder or "
                  "to one of its own results folders");
  if (!fs::is_directory(st))
    refuse(shown, "is an existing file, not a folder; aimcsim never replaces it");
  std::set<std::string> listed;
  const bool ours = read_marker(target, listed);
  for (const auto& e : fs::directory_iterator(target, ec)) {
    const std::string name = e.path().filename().string();
    if (name == k_results_marker && ours) continue;
    if (!ours)
      refuse(shown, "is a folder that aimcsim did not write (it holds '" + name +
                        "' and no " + k_results_marker + " marker); expected a new or empty "
                        "folder, or a results folder of an earlier run");
    if (!listed.count(name) || !e.is_regular_file())
      refuse(shown, "results folder holds '" + name + "', which aimcsim did not write; move it "
                    "away or choose another folder (aimcsim replaces a results folder only while "
                    "it holds nothing but its own files)");
  }
  if (ec) refuse(shown, "cannot list '" + target.string() + "': " + ec.message());
  return true;
}

/// Removes staging folders left by aimcsim processes that no longer exist (killed by SIGKILL).
/// Only folders named like a staging folder and holding the marker are touched.
void remove_stale_staging(const fs::path& parent) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(parent, ec)) {
    const std::string name = e.path().filename().string();
    const auto at = name.rfind(".staging-");
    if (name.empty() || name[0] != '.' || at == std::string::npos) continue;
    std::size_t end = at + 9;
    long long pid = 0;
    while (end < name.size() && std::isdigit(static_cast<unsigned char>(name[end])) && pid < INT_MAX)
      pid = pid * 10 + (name[end++] - '0');
    const std::string rest = name.substr(end);
    if (pid <= 0 || pid >= INT_MAX || (!rest.empty() && rest != ".old")) continue;
    if (pid == getpid() || kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    std::error_code e2;
    if (!e.is_directory(e2) || e.is_symlink(e2) || !fs::exists(e.path() / k_results_marker, e2))
      continue;
    fs::remove_all(e.path(), e2);
  }
}

}  // namespace

ResultsDir::ResultsDir(const std::string& requested, std::string shown)
    : m_shown(std::move(shown)) {
  m_final = normalize(requested, m_shown);
  check_replaceable(m_final, m_shown);
  const fs::path parent = m_final.has_parent_path() ? m_final.parent_path() : fs::path(".");
  std::error_code ec;
  // Remember the outermost missing ancestor, so a failed run removes what it created.
  for (fs::path p = parent; !p.empty() && !fs::exists(fs::symlink_status(p, ec));
       p = p.parent_path())
    m_created_parent = p;
  fs::create_directories(parent, ec);
  if (ec || !fs::is_directory(parent))
    refuse(m_shown, "cannot create the folder '" + parent.string() + "': " +
                        (ec ? ec.message() : std::string("a file of that name exists")));
  remove_stale_staging(parent);
  m_staging = parent / ("." + m_final.filename().string() + ".staging-" + std::to_string(getpid()));
  fs::remove_all(m_staging, ec);  // our own PID: a leftover of this very process
  if (!m_created_parent.empty()) register_for_cleanup(m_created_parent);
  register_for_cleanup(m_staging);
  if (!fs::create_directory(m_staging, ec))
    refuse(m_shown, "cannot write in the folder '" + parent.string() + "': " +
                        (ec ? ec.message() : std::string("unexpected existing folder")));
  io::write_new_file(m_staging / k_results_marker, std::string(k_marker_title) + "\n");
}

ResultsDir::~ResultsDir() {
  if (m_committed) return;
  std::error_code ec;
  fs::remove_all(m_staging, ec);
  if (!m_created_parent.empty()) fs::remove_all(m_created_parent, ec);
  unregister_for_cleanup(m_staging);
  if (!m_created_parent.empty()) unregister_for_cleanup(m_created_parent);
}

void ResultsDir::commit() {
  // The marker lists what this run wrote, so a later run may replace exactly that.
  std::string marker = std::string(k_marker_title) +
                       ": written by aimcsim; a later run may replace this folder while it holds "
                       "only the files listed below\n";
  std::error_code ec;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(m_staging, ec))
    if (e.path().filename() != k_results_marker) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  for (const auto& n : names) marker += n + "\n";
  fs::remove(m_staging / k_results_marker, ec);
  io::write_new_file(m_staging / k_results_marker, marker);

  auto interrupts_wait = hold_interrupts();
  const bool replace = check_replaceable(m_final, m_shown);
  const fs::path old = m_staging.string() + ".old";
  if (replace && !fs::is_empty(m_final, ec)) {
    fs::rename(m_final, old, ec);
    if (ec) throw io::WriteError(m_final.string() + ": cannot move the older results aside: " + ec.message());
    register_for_cleanup(old);
  }
  // rename(2) replaces an empty folder atomically.
  fs::rename(m_staging, m_final, ec);
  if (ec) {
    std::error_code ignored;
    if (fs::exists(old, ignored)) fs::rename(old, m_final, ignored);  // put the older run back
    throw io::WriteError(m_final.string() + ": cannot commit the results: " + ec.message());
  }
  m_committed = true;
  unregister_for_cleanup(m_staging);
  if (!m_created_parent.empty()) unregister_for_cleanup(m_created_parent);
  fs::remove_all(old, ec);
  unregister_for_cleanup(old);
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
  // Keep room for the staging suffix under the file-name limit.
  if (name.size() > 200) name.resize(200);
  return name;
}

}  // namespace aimcsim::cli
