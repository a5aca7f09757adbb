// SPDX-License-Identifier: Apache-2.0
#include "sim/config/text_check.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace aimcsim::config {
namespace {

/// Decodes the UTF-8 sequence starting at text[i]; returns its length in bytes and sets `cp`, or
/// returns 0 when the bytes there are not well-formed UTF-8 (RFC 3629).
std::size_t decode_utf8(std::string_view text, std::size_t i, char32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  std::size_t len = 0;
  char32_t min_cp = 0;
  if (b0 < 0x80) return cp = b0, 1;
  if ((b0 & 0xE0) == 0xC0) len = 2, cp = b0 & 0x1F, min_cp = 0x80;
  else if ((b0 & 0xF0) == 0xE0) len = 3, cp = b0 & 0x0F, min_cp = 0x800;
  else if ((b0 & 0xF8) == 0xF0) len = 4, cp = b0 & 0x07, min_cp = 0x10000;
  else return 0;
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
  if (cp < min_cp || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return len;
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

std::string hex_byte(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02X", b);
  return buf;
}

}  // namespace

bool valid_utf8(std::string_view text) {
  char32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = decode_utf8(text, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string text_value_problem(std::string_view text) {
  char32_t cp = 0;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++chars) {
    const std::size_t n = decode_utf8(text, i, cp);
    if (n == 0) return "byte " + std::to_string(i + 1) + " is not valid UTF-8";
    if (is_control(cp)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
      return "character " + std::to_string(chars + 1) + " is a control character (" + buf + ")";
    }
    i += n;
  }
  return "";
}

std::string printable(std::string_view text, std::size_t max_chars) {
  std::string out;
  char32_t cp = 0;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++chars) {
    if (chars == max_chars) return out + "...";
    const std::size_t n = decode_utf8(text, i, cp);
    if (n == 0 || is_control(cp)) {
      // One escaped byte per bad byte; a control character is always one byte in C0 and two
      // (0xC2 0x80..0x9F) in C1, and both bytes are shown.
      const std::size_t bytes = n == 0 ? 1 : n;
      for (std::size_t k = 0; k < bytes; ++k)
        out += hex_byte(static_cast<unsigned char>(text[i + k]));
      i += bytes;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

ConfigText read_config_text(const std::string& file) {
  namespace fs = std::filesystem;
  ConfigText r;
  std::error_code ec;
  const auto st = fs::status(file, ec);
  if (fs::is_directory(st)) return r.problem = "is a directory", r;
  // Opening a FIFO or socket would block until a writer appears; a device is read up to the
  // size limit below.
  if (fs::is_fifo(st) || fs::is_socket(st)) return r.problem = "is not a regular file (a FIFO or socket)", r;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    r.problem = std::string("cannot be opened (") + std::strerror(errno) + ")";
    return r;
  }
  // Reads one byte past the limit so that a larger file (or an endless device) is detected
  // without reading it all.
  r.text.resize(k_max_config_bytes + 1);
  in.read(r.text.data(), static_cast<std::streamsize>(r.text.size()));
  if (in.bad()) return r.text.clear(), r.problem = "cannot be read", r;
  r.text.resize(static_cast<std::size_t>(in.gcount()));
  if (r.text.size() > k_max_config_bytes) {
    r.text.clear();
    r.problem = "is larger than 1 MiB, the limit for configuration files";
  }
  return r;
}

}  // namespace aimcsim::config
