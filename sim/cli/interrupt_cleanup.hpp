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

/// Registers a staging folder (all of it aimcsim's) for removal on an interrupt. The watcher
/// first renames it to "<folder>.removing" so that files the main thread is still creating by
/// its old path cannot land in it while it is being removed.
void register_for_cleanup(const std::filesystem::path& folder);
/// Registers a folder the run created on the way to its results folder: on an interrupt it is
/// removed only if it is empty by then (never what another run or the user put there). Register
/// outer folders first; they are tried innermost first.
void register_created_folder(const std::filesystem::path& folder);
/// Takes `folder` off both lists (it was committed or already removed).
void unregister_for_cleanup(const std::filesystem::path& folder);

/// Removes `folder` (a staging folder) by renaming it aside first; see register_for_cleanup.
void remove_staging(const std::filesystem::path& folder);

/// While the returned lock is held, an interrupt waits: committing a results folder (two
/// renames) is never cut in half. Recursive: the holder may (un)register folders.
std::unique_lock<std::recursive_mutex> hold_interrupts();

}  // namespace aimcsim::cli
