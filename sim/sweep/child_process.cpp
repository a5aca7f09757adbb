// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace aimcsim::sweep {
namespace fs = std::filesystem;

pid_t spawn_child(const std::vector<std::string>& argv, const fs::path& stdout_file,
                  const fs::path& stderr_file) {
  if (argv.empty()) throw std::runtime_error("spawn_child: empty argument list");
  // Everything the child needs is prepared before fork(): between fork and exec a
  // multi-threaded parent's child may only make async-signal-safe calls.
  std::vector<std::string> args = argv;
  std::vector<char*> c_argv;
  for (auto& a : args) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);
  const std::string out_path = stdout_file.string(), err_path = stderr_file.string();
  const std::string exec_failed = "aimcsim sweep: cannot execute " + argv[0] + ": ";
  const pid_t parent = getpid();

  const pid_t pid = fork();
  if (pid < 0)
    throw std::runtime_error(std::string("cannot start a process: ") + std::strerror(errno));
  if (pid > 0) return pid;

  // Child. The sweep blocks SIGINT/SIGTERM/SIGHUP in every thread (interrupt_cleanup); the
  // point's process must receive them.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(128 + SIGTERM);  // the sweep died before prctl
  const int in_fd = open("/dev/null", O_RDONLY);
  const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  // One file for both (a report log) must be one open file description, or the two streams
  // would overwrite each other.
  const int err_fd =
      err_path == out_path ? out_fd : open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) _exit(127);
  dup2(in_fd, STDIN_FILENO);
  dup2(out_fd, STDOUT_FILENO);
  dup2(err_fd, STDERR_FILENO);
  execv(c_argv[0], c_argv.data());
  const char* why = std::strerror(errno);  // glibc: a static string for known errors
  ssize_t ignored = write(STDERR_FILENO, exec_failed.data(), exec_failed.size());
  ignored = write(STDERR_FILENO, why, std::strlen(why));
  ignored = write(STDERR_FILENO, "\n", 1);
  (void)ignored;
  _exit(127);
}

ChildExit decode_wait_status(int status) {
  ChildExit e;
  if (WIFSIGNALED(status)) {
    e.signal = WTERMSIG(status);
    e.exit_code = 128 + e.signal;
  } else if (WIFEXITED(status)) {
    e.exit_code = WEXITSTATUS(status);
  }
  return e;
}

std::string signal_name(int sig) {
  switch (sig) {
    case SIGKILL:
      return "SIGKILL";
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    case SIGHUP:
      return "SIGHUP";
    case SIGSEGV:
      return "SIGSEGV";
    case SIGABRT:
      return "SIGABRT";
    case SIGBUS:
      return "SIGBUS";
    case SIGFPE:
      return "SIGFPE";
    default:
      return "signal " + std::to_string(sig);
  }
}

std::string last_line_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return "";
  // Only the tail matters; a runaway child may have written a lot.
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  const std::streamoff start = size > 65536 ? size - 65536 : 0;
  in.seekg(start);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t end = text.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return "";
  const std::size_t begin = text.rfind('\n', end);
  std::string line = text.substr(begin == std::string::npos ? 0 : begin + 1,
                                 end + 1 - (begin == std::string::npos ? 0 : begin + 1));
  if (line.size() > 4000) line = line.substr(0, 4000);
  return line;
}

std::string self_executable() {
  std::error_code ec;
  const fs::path p = fs::read_symlink("/proc/self/exe", ec);
  if (ec)
    throw std::runtime_error("cannot find the aimcsim executable (/proc/self/exe): " +
                             ec.message());
  return p.string();
}

}  // namespace aimcsim::sweep
