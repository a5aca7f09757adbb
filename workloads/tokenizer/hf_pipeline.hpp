// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// The stages of HF tokenizers between added-token splitting and the BPE model, and the
/// decoder chain: each as tokenizers (Rust) defines it for the components HfSpec admits.

#include <string>
#include <string_view>
#include <vector>

#include "workloads/tokenizer/hf_spec.hpp"

namespace aimcsim::workloads {

/// The normalizer chain applied to one segment (valid UTF-8).
std::string normalize_segment(const HfSpec& spec, std::string_view segment);

/// The pre-tokenizer chain on one normalized segment: the words handed to BPE.
/// `at_text_start`: the segment begins the text (Metaspace prepend_scheme "first").
std::vector<std::string> pre_tokenize(const HfSpec& spec, const std::string& segment,
                                      bool at_text_start);

/// The decoder chain on token strings (all ids already mapped to their tokens).
std::string decode_tokens(const HfSpec& spec, std::vector<std::string> tokens);

}  // namespace aimcsim::workloads
