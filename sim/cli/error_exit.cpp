// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/error_exit.hpp"

#include <cstdio>
#include <iostream>
#include <new>
#include <stdexcept>

#include <systemc>

#include "sim/cli/results_dir.hpp"
#include "sim/config/config_error.hpp"
#include "sim/io/checked_file.hpp"

namespace aimcsim::cli {
namespace {

/// Length of the valid UTF-8 sequence starting at s[i], or 0.
std::size_t utf8_length(const std::string& s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
  if (c >= 0xF5 || n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  return n;
}

}  // namespace

std::string printable_line(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += text[i++];
      continue;
    }
    if (c >= 0x80) {
      if (const std::size_t n = utf8_length(text, i)) {
        out.append(text, i, n);
        i += n;
        continue;
      }
    }
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02X", c);
    out += buf;
    ++i;
  }
  return out;
}

int report_error(std::exception_ptr e) {
  int code = k_exit_internal;
  std::string what;
  try {
    std::rethrow_exception(e);
  } catch (const config::ConfigError& x) {
    code = k_exit_bad_input, what = x.what();
  } catch (const OutputError& x) {
    code = k_exit_bad_input, what = x.what();
  } catch (const io::WriteError& x) {
    what = std::string("cannot write the results: ") + x.what();
  } catch (const std::bad_alloc&) {
    what = "out of memory (the resource estimate did not foresee it; please report the "
           "configuration)";
  } catch (const sc_core::sc_report& x) {
    what = std::string("internal error (SystemC ") + x.get_msg_type() + "): " + x.get_msg();
  } catch (const std::exception& x) {
    what = std::string("internal error: ") + x.what();
  } catch (...) {
    what = "internal error: unknown exception";
  }
  std::cerr << "error: " << printable_line(what) << std::endl;
  return code;
}

}  // namespace aimcsim::cli
