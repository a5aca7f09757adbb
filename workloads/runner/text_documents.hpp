// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// How `aimcsim eval --text` cuts a text into the documents it scores (each then encoded from
/// BOS), shared by the command and the tests that compare it with a reference.

#include <string>
#include <vector>

namespace aimcsim::workloads {

/// The documents of `text`: the parts between occurrences of `separator` (the whole text when
/// `separator` is empty), each with leading and trailing spaces, tabs, CR and LF removed;
/// parts that are empty after trimming are dropped. TinyStories separates its stories with
/// "<|endoftext|>", on a line of its own.
std::vector<std::string> split_documents(const std::string& text, const std::string& separator);

/// `s` without leading and trailing spaces, tabs, CR and LF.
std::string trim_blanks(const std::string& s);

}  // namespace aimcsim::workloads
