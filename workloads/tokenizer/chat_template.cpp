// SPDX-License-Identifier: Apache-2.0
#include "workloads/tokenizer/chat_template.hpp"

namespace aimcsim::workloads {

ChatTemplate detect_chat_template(const std::function<bool(const std::string&)>& has_token) {
  auto all = [&](std::initializer_list<const char*> names) {
    for (const char* n : names)
      if (!has_token(n)) return false;
    return true;
  };
  if (all({"<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"})) return ChatTemplate::llama3;
  if (all({"<|im_start|>", "<|im_end|>"})) return ChatTemplate::qwen2;
  if (all({"<|user|>", "<|end|>", "<|assistant|>"})) return ChatTemplate::phi3;
  if (all({"<s>", "</s>"})) return ChatTemplate::llama2;
  return ChatTemplate::none;
}

std::string apply_chat_template(ChatTemplate t, std::string_view user_text) {
  const std::string text(user_text);
  switch (t) {
    case ChatTemplate::llama3:
      return "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n" + text +
             "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
    case ChatTemplate::qwen2:
      return "<|im_start|>user\n" + text + "<|im_end|>\n<|im_start|>assistant\n";
    case ChatTemplate::phi3:
      return "<s><|user|>\n" + text + "<|end|>\n<|assistant|>\n";
    case ChatTemplate::llama2:
      return "<s>[INST] " + text + " [/INST]";
    case ChatTemplate::none:
      break;
  }
  return text;
}

}  // namespace aimcsim::workloads
