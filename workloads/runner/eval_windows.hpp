// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// How a text is cut into the windows an evaluation runs.

#include <cstdint>
#include <vector>

namespace aimcsim::workloads {

/// A run of tokens processed as one sequence from position 0 (one prefill on the chip). Every
/// token after the first is predicted from the ones before it in the window and scored.
struct EvalWindow {
  int document = 0;  ///< index of the document it comes from
  int first_token = 0;  ///< offset of tokens[0] in its document
  std::vector<int> tokens;
};

/// Cuts each document (token ids, beginning with BOS when the tokenizer adds one) into windows
/// of at most `window` tokens. A document longer than a window continues in the next window,
/// which starts with the previous window's last token: every token after a document's first
/// is predicted exactly once, with the context available inside its window (0 .. window - 1
/// tokens). Stops once `max_tokens` tokens (> 0; 0 = no limit) are in windows; windows of a
/// single token predict nothing and are dropped.
std::vector<EvalWindow> make_windows(const std::vector<std::vector<int>>& documents, int window,
                                     std::int64_t max_tokens);

/// Tokens in the windows, and predictions scored (tokens - windows).
std::int64_t window_tokens(const std::vector<EvalWindow>& windows);
std::int64_t scored_predictions(const std::vector<EvalWindow>& windows);

}  // namespace aimcsim::workloads
