// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/interrupt_cleanup.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace aimcsim::cli {
namespace fs = std::filesystem;
namespace {

struct Registry {
  std::vector<fs::path> staging;  ///< removed whole
  std::vector<fs::path> created;  ///< removed only while empty, last registered first
};

std::recursive_mutex& registry_mutex() {
  static std::recursive_mutex m;
  return m;
}
Registry& registry() {
  static Registry r;
  return r;
}

sigset_t interrupt_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

void watch(sigset_t set) {
  int sig = 0;
  while (sigwait(&set, &sig) != 0) {
  }
  std::lock_guard<std::recursive_mutex> lock(registry_mutex());
  Registry& r = registry();
  const bool unfinished = !r.staging.empty();
  for (const auto& folder : r.staging) remove_staging(folder);
  for (auto it = r.created.rbegin(); it != r.created.rend(); ++it) {
    std::error_code ec;
    fs::remove(*it, ec);  // rmdir: fails, as it should, on a folder that is not empty
  }
  const char* name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
  const std::string line = std::string("aimcsim: interrupted by ") + name +
                           (unfinished ? "; unfinished results removed\n" : "\n");
  const ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
  ::_exit(128 + sig);
}

void erase(std::vector<fs::path>& v, const fs::path& p) {
  v.erase(std::remove(v.begin(), v.end(), p), v.end());
}

/// The watcher thread; set once, before any handler can run.
pthread_t g_watcher;

/// A thread that does not block the signals (one a library started before main, such as
/// OpenBLAS's pool, created when the library is loaded) may receive one: pass it on to the
/// watcher, which blocks them and so takes it through sigwait. pthread_kill is
/// async-signal-safe.
void forward_to_watcher(int sig) { pthread_kill(g_watcher, sig); }

}  // namespace

void install_interrupt_cleanup() {
  const sigset_t set = interrupt_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread watcher(watch, set);
  g_watcher = watcher.native_handle();
  watcher.detach();
  struct sigaction action {};
  action.sa_handler = forward_to_watcher;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
    // An ignored signal stays ignored (a shell starts background jobs with SIGINT ignored).
    struct sigaction old {};
    sigaction(sig, nullptr, &old);
    if (old.sa_handler != SIG_IGN) sigaction(sig, &action, nullptr);
  }
}

void register_for_cleanup(const fs::path& folder) {
  std::lock_guard<std::recursive_mutex> lock(registry_mutex());
  registry().staging.push_back(folder);
}

void register_created_folder(const fs::path& folder) {
  std::lock_guard<std::recursive_mutex> lock(registry_mutex());
  registry().created.push_back(folder);
}

void unregister_for_cleanup(const fs::path& folder) {
  std::lock_guard<std::recursive_mutex> lock(registry_mutex());
  erase(registry().staging, folder);
  erase(registry().created, folder);
}

void remove_staging(const fs::path& folder) {
  std::error_code ec;
  const fs::path aside = folder.string() + ".removing";
  fs::rename(folder, aside, ec);
  fs::remove_all(ec ? folder : aside, ec);
}

std::unique_lock<std::recursive_mutex> hold_interrupts() {
  return std::unique_lock<std::recursive_mutex>(registry_mutex());
}

}  // namespace aimcsim::cli
