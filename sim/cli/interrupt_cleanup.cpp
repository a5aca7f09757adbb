// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/interrupt_cleanup.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace aimcsim::cli {
namespace {

std::recursive_mutex& registry_mutex() {
  static std::recursive_mutex m;
  return m;
}
std::vector<std::filesystem::path>& registry() {
  static std::vector<std::filesystem::path> folders;
  return folders;
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
  for (const auto& folder : registry()) {
    std::error_code ec;
    std::filesystem::remove_all(folder, ec);
  }
  const char* name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
  const std::string line = std::string("aimcsim: interrupted by ") + name +
                           "; unfinished results removed\n";
  const ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
  ::_exit(128 + sig);
}

}  // namespace

void install_interrupt_cleanup() {
  const sigset_t set = interrupt_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread(watch, set).detach();
}

void register_for_cleanup(const std::filesystem::path& folder) {
  std::lock_guard<std::recursive_mutex> lock(registry_mutex());
  registry().push_back(folder);
}

void unregister_for_cleanup(const std::filesystem::path& folder) {
  std::lock_guard<std::recursive_mutex> lock(registry_mutex());
  auto& r = registry();
  r.erase(std::remove(r.begin(), r.end(), folder), r.end());
}

std::unique_lock<std::recursive_mutex> hold_interrupts() {
  return std::unique_lock<std::recursive_mutex>(registry_mutex());
}

}  // namespace aimcsim::cli
