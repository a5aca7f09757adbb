// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The text a generation adds after its prompt, decoded in context.

#include <string>
#include <vector>

#include "workloads/tokenizer/tokenizer.hpp"

namespace aimcsim::workloads {

/// What `generated` adds to the text of `prompt`, as a streaming printer shows it:
/// decode(prompt + generated) without its prefix decode(prompt). Decoding `generated` alone
/// would treat its first token as the start of a text, whose leading space SentencePiece-style
/// decoders strip (HF Strip / run.c after BOS): "Lily and Tom" + "were". Falls back to
/// decode(generated) when the prompt's text is not a prefix (a multi-byte character split
/// between prompt and continuation).
std::string continuation_text(const Tokenizer& tokenizer, const std::vector<int>& prompt,
                              const std::vector<int>& generated);

}  // namespace aimcsim::workloads
