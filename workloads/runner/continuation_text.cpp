// SPDX-License-Identifier: Apache-2.0
#include "workloads/runner/continuation_text.hpp"

namespace aimcsim::workloads {

std::string continuation_text(const Tokenizer& tokenizer, const std::vector<int>& prompt,
                              const std::vector<int>& generated) {
  std::vector<int> all = prompt;
  all.insert(all.end(), generated.begin(), generated.end());
  const std::string before = tokenizer.decode(prompt);
  std::string text = tokenizer.decode(all);
  if (text.compare(0, before.size(), before) == 0) return text.substr(before.size());
  return tokenizer.decode(generated);
}

}  // namespace aimcsim::workloads
