// SPDX-License-Identifier: Apache-2.0
#include "workloads/checkpoint/safetensors_writer.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace aimcsim::workloads {
namespace {

[[noreturn]] void write_failed(const std::filesystem::path& path, const char* step) {
  throw std::runtime_error(path.string() + ": cannot " + step + ": " + std::strerror(errno));
}

void append_le16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>(v >> 8);
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, const std::string& text) {
  std::string tmp = path.string() + ".tmp-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) write_failed(path, "create a temporary file");
  const auto fail = [&](const char* step) {
    const int saved = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    errno = saved;
    write_failed(path, step);
  };
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write");
    done += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0) fail("set permissions of");
  if (::fsync(fd) != 0) fail("sync");
  if (::close(fd) != 0) {
    ::unlink(tmp.c_str());
    write_failed(path, "close");
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    errno = saved;
    write_failed(path, "rename the temporary file to");
  }
}

void write_safetensors(const std::filesystem::path& path, const std::vector<TensorData>& tensors,
                       const std::map<std::string, std::string>& metadata) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::string data;
  std::set<std::string> names;
  for (const TensorData& t : tensors) {
    std::int64_t elements = 1;
    for (const auto d : t.shape) elements *= d;
    if (elements != static_cast<std::int64_t>(t.values.size()))
      throw std::invalid_argument("write_safetensors: tensor '" + t.name + "' has " +
                                  std::to_string(t.values.size()) + " values for " +
                                  std::to_string(elements) + " elements of its shape");
    if (!names.insert(t.name).second || t.name == "__metadata__")
      throw std::invalid_argument("write_safetensors: tensor name '" + t.name + "' repeats");
    const std::size_t begin = data.size();
    for (const float v : t.values) {
      if (t.dtype == DType::f32) {
        char b[4];
        std::memcpy(b, &v, 4);  // little-endian host (x86-64, aarch64)
        data.append(b, 4);
      } else {
        append_le16(data, t.dtype == DType::bf16 ? float_to_bfloat16(v) : float_to_half(v));
      }
    }
    header[t.name] = {
        {"dtype", dtype_name(t.dtype)}, {"shape", t.shape}, {"data_offsets", {begin, data.size()}}};
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  std::string out;
  for (int i = 0; i < 8; ++i)
    out += static_cast<char>((static_cast<std::uint64_t>(text.size()) >> (8 * i)) & 0xff);
  out += text;
  out += data;
  write_file_atomically(path, out);
}

}  // namespace aimcsim::workloads
