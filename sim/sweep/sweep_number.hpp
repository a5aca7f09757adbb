// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <optional>
#include <string>

namespace aimcsim::sweep {

/// `text` as a finite number if the whole text is one (leading/trailing blanks allowed).
std::optional<double> parse_number(const std::string& text);

/// The shortest text that reads back to `v`; whole numbers below 1e15 without a decimal point
/// ("512", "0.1", "1e-09").
std::string format_number(double v);

}  // namespace aimcsim::sweep
