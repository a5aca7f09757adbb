// SPDX-License-Identifier: Apache-2.0
#include "workloads/checkpoint/mapped_file.hpp"

#include <cerrno>
#include <cstring>
#include <limits>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/config/text_check.hpp"
#include "workloads/checkpoint/transformer_weights.hpp"

namespace aimcsim::workloads {
namespace {

/// Closes the descriptor on every path out of the constructor; the mapping outlives it.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

MappedFile::MappedFile(const std::filesystem::path& path)
    : m_path(config::printable(path.string(), 4096)) {
  const auto fail = [&](const std::string& what) { throw CheckpointError(m_path + ": " + what); };
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below anyway.
  Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (file.fd < 0) fail(std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) fail(std::string("cannot stat: ") + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) fail("is a directory; expected a checkpoint file");
  if (!S_ISREG(st.st_mode)) fail("is not a regular file (a pipe or a device); expected a file");
  m_size = static_cast<std::uint64_t>(st.st_size);
  if (m_size == 0) return;
  if (m_size > std::numeric_limits<std::size_t>::max()) fail("is too large to map");
  void* p = ::mmap(nullptr, static_cast<std::size_t>(m_size), PROT_READ, MAP_PRIVATE, file.fd, 0);
  if (p == MAP_FAILED) fail(std::string("cannot map into memory: ") + std::strerror(errno));
  m_data = static_cast<const unsigned char*>(p);
}

MappedFile::~MappedFile() {
  if (m_data) ::munmap(const_cast<unsigned char*>(m_data), static_cast<std::size_t>(m_size));
}

}  // namespace aimcsim::workloads
