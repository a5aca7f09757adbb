// SPDX-License-Identifier: Apache-2.0
#include "workloads/runner/text_documents.hpp"

namespace aimcsim::workloads {

std::string trim_blanks(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::vector<std::string> split_documents(const std::string& text, const std::string& separator) {
  std::vector<std::string> docs;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = separator.empty() ? std::string::npos : text.find(separator, begin);
    if (end == std::string::npos) end = text.size();
    std::string doc = trim_blanks(text.substr(begin, end - begin));
    if (!doc.empty()) docs.push_back(std::move(doc));
    if (separator.empty()) break;
    begin = end + separator.size();
  }
  return docs;
}

}  // namespace aimcsim::workloads
