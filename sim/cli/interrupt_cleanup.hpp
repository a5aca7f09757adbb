// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <filesystem>
#include <mutex>

namespace aimcsim::cli {

/// Makes SIGINT, SIGTERM and SIGHUP remove unfinished outputs. Call first thing in main(),
/// before any other thread exists: the signals are blocked in every thread and received by one
/// watcher thread (sigwait), which may then use the ordinary file-system calls that a signal
/// handler may not. On a signal the watcher removes every registered folder, prints one line on
/// stderr and ends the process with exit code 128 + signal number.
void install_interrupt_cleanup();

/// Registers `folder` for removal on an interrupt (an unfinished staging folder).
void register_for_cleanup(const std::filesystem::path& folder);
/// Takes `folder` off the list (it was committed or already removed).
void unregister_for_cleanup(const std::filesystem::path& folder);

/// While the returned lock is held, an interrupt waits: committing a results folder (two
/// renames) is never cut in half. Recursive: the holder may (un)register folders.
std::unique_lock<std::recursive_mutex> hold_interrupts();

}  // namespace aimcsim::cli
