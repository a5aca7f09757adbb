// SPDX-License-Identifier: Apache-2.0
#include "sim/io/checked_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace aimcsim::io {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const char* step, int err) {
  throw WriteError(file.string() + ": cannot " + step + ": " + std::strerror(err));
}

}  // namespace

void write_new_file(const std::filesystem::path& file, const std::string& text) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) fail(file, "create", errno);
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      ::close(fd);
      fail(file, "write", err);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    fail(file, "write (fsync)", err);
  }
  if (::close(fd) != 0) fail(file, "write (close)", errno);
}

}  // namespace aimcsim::io
