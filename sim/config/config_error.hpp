// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <stdexcept>
#include <string>

namespace aimcsim::config {

/// A bad configuration: the message is one line naming where (file:line or command line), the
/// dotted key, and what was expected. The CLI prints it and exits with code 2.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace aimcsim::config
