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
// Longest suffix added to the folder name for the staging and set-aside folders, besides the
// host name: the leading ".", ".staging-", up to 10 PID digits, "@", ".old.removing".
constexpr std::size_t k_staging_suffix_chars = 34;

std::string host_name();

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
  const std::size_t room = NAME_MAX - k_staging_suffix_chars - host_name().size();
  if (name.size() > room)
    refuse(shown, "folder name of " + std::to_string(name.size()) +
                      " characters; expected at most " + std::to_string(room));
  return p;
}

/// Names listed in a results folder's marker, or nullopt-like false when it has none.
bool read_marker(const fs::path& dir, std::set<std::string>& names) {
  // Only a small regular file is a marker: never block on a FIFO or read a device.
  std::error_code ec;
  const fs::path marker = dir / k_results_marker;
  if (!fs::is_regular_file(fs::symlink_status(marker, ec)) || fs::file_size(marker, ec) > 65536)
    return false;
  std::ifstream in(marker);
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
    if (!listed.count(name) || !fs::is_regular_file(e.symlink_status()))
      refuse(shown, "results folder holds '" + name + "', which aimcsim did not write; move it "
                    "away or choose another folder (aimcsim replaces a results folder only while "
                    "it holds nothing but its own files)");
  }
  if (ec) refuse(shown, "cannot list '" + target.string() + "': " + ec.message());
  return true;
}

/// This host's name: staging folders carry it, so that on a results folder shared between
/// machines (NFS) a run only ever judges the processes of its own host.
std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "localhost";
  std::string h = buf;
  for (char& c : h)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') c = '_';
  return h;
}

/// Removes staging folders left by aimcsim processes of this host that no longer exist (killed
/// by SIGKILL): folders named ".NAME.staging-PID@HOST" (or that plus ".old", a set-aside older
/// run) holding the marker, and ".removing" folders an interrupted removal left.
void remove_stale_staging(const fs::path& parent) {
  std::error_code ec;
  const std::string host = host_name();
  for (const auto& e : fs::directory_iterator(parent, ec)) {
    const std::string name = e.path().filename().string();
    const auto at = name.rfind(".staging-");
    if (name.empty() || name[0] != '.' || at == std::string::npos) continue;
    std::size_t end = at + 9;
    long long pid = 0;
    while (end < name.size() && std::isdigit(static_cast<unsigned char>(name[end])) && pid < INT_MAX)
      pid = pid * 10 + (name[end++] - '0');
    std::string rest = name.substr(end);
    if (pid <= 0 || pid >= INT_MAX || rest.rfind("@" + host, 0) != 0) continue;
    rest = rest.substr(host.size() + 1);
    const bool removing = rest == ".removing" || rest == ".old.removing";
    if (!rest.empty() && rest != ".old" && !removing) continue;
    if (pid == getpid() || kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    std::error_code e2;
    if (!fs::is_directory(e.symlink_status(e2))) continue;
    if (!removing && !fs::is_regular_file(fs::symlink_status(e.path() / k_results_marker, e2)))
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
  // Remember the missing ancestors (innermost first), so a failed run removes what it created
  // while it is still empty.
  for (fs::path p = parent; !p.empty() && !fs::exists(fs::symlink_status(p, ec));
       p = p.parent_path())
    m_created.push_back(p);
  for (auto it = m_created.rbegin(); it != m_created.rend(); ++it) register_created_folder(*it);
  fs::create_directories(parent, ec);
  if (ec || !fs::is_directory(parent))
    refuse(m_shown, "cannot create the folder '" + parent.string() + "': " +
                        (ec ? ec.message() : std::string("a file of that name exists")));
  remove_stale_staging(parent);
  m_staging = parent / ("." + m_final.filename().string() + ".staging-" +
                        std::to_string(getpid()) + "@" + host_name());
  fs::remove_all(m_staging, ec);  // our own PID: a leftover of this very process
  register_for_cleanup(m_staging);
  if (!fs::create_directory(m_staging, ec))
    refuse(m_shown, "cannot write in the folder '" + parent.string() + "': " +
                        (ec ? ec.message() : std::string("unexpected existing folder")));
  io::write_new_file(m_staging / k_results_marker, std::string(k_marker_title) + "\n");
}

ResultsDir::~ResultsDir() {
  for (const auto& p : m_created) unregister_for_cleanup(p);
  if (m_committed) return;
  remove_staging(m_staging);
  unregister_for_cleanup(m_staging);
  // Folders this run created are removed only while empty: another run may have committed its
  // results there, or the user put files there, in the meantime.
  std::error_code ec;
  for (const auto& p : m_created) fs::remove(p, ec);
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
  for (const auto& p : m_created) unregister_for_cleanup(p);
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
  return safe_folder_name(name);
}

std::string safe_folder_name(std::string name) {
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') c = '_';
  // Keep room for the staging suffix under the file-name limit.
  if (name.size() > 150) name.resize(150);
  return name;
}

}  // namespace aimcsim::cli
