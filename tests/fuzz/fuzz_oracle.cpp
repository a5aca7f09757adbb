// SPDX-License-Identifier: Apache-2.0
#include "tests/fuzz/fuzz_oracle.hpp"

#include <cstdio>
#include <cstdlib>

#include "sim/config/text_check.hpp"

namespace aimcsim::fuzz {

void finding(const std::string& what, const std::string& text) {
  std::fprintf(stderr, "FUZZ FINDING: %s\n%s\n", what.c_str(),
               config::printable(text, 400).c_str());
  std::abort();
}

void check_error_message(const std::string& message, const std::string& origin) {
  if (message.find(origin) == std::string::npos)
    finding("error message does not name '" + origin + "'", message);
  if (!config::valid_utf8(message)) finding("error message is not valid UTF-8", message);
  for (const char c : message) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) finding("error message holds a control character", message);
  }
}

}  // namespace aimcsim::fuzz
