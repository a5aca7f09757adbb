// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// One-user-turn chat prompts of the model families aimcsim knows, chosen by the special
/// tokens a tokenizer has (no Jinja: the templates are written out here).

#include <functional>
#include <string>
#include <string_view>

namespace aimcsim::workloads {

enum class ChatTemplate { none, llama3, qwen2, phi3, llama2 };

/// Llama-3 if the tokenizer has <|start_header_id|>, <|end_header_id|> and <|eot_id|>; Qwen2
/// if <|im_start|> and <|im_end|>; Phi-3 if <|user|>, <|end|> and <|assistant|>; Llama-2 if
/// <s> and </s> (and none of the above); else none. `has_token(text)` says whether a token
/// with that text exists.
ChatTemplate detect_chat_template(const std::function<bool(const std::string&)>& has_token);

/// The user turn followed by the opening of the assistant turn, as the models' own
/// chat_template (add_generation_prompt=True, no system message) renders it:
///   llama3  "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n{text}<|eot_id|>"
///           "<|start_header_id|>assistant<|end_header_id|>\n\n"
///   qwen2   "<|im_start|>user\n{text}<|im_end|>\n<|im_start|>assistant\n"
///   phi3    "<s><|user|>\n{text}<|end|>\n<|assistant|>\n"
///   llama2  "<s>[INST] {text} [/INST]"
///   none    the text unchanged.
std::string apply_chat_template(ChatTemplate t, std::string_view user_text);

}  // namespace aimcsim::workloads
