// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the tokenizer loaders (HuggingFace tokenizer.json, llama2.c tokenizer.bin)
// and encode / decode on the loaded tokenizer; and the token-id file reader (--tokens) on the
// whole input, whose only allowed failure is a one-line TokenizerError naming the file and
// whose ids must be non-negative.
//
// Input layout: 2 bytes little-endian n, then the tokenizer file, then the last n bytes (mod
// the rest's size + 1) as the text. A file starting with '{' is read as tokenizer.json, any
// other as llama2.c. Findings: a crash, sanitizer report or timeout; any exception other than
// TokenizerError; an error message that is not one printable line naming the file; an encoded
// id outside the vocabulary; decode failing on ids encode produced; HF decode output that is
// not valid UTF-8; and for a llama2.c file whose ids 3..258 are the standard "<0xXX>" pieces
// and no other piece containing "<0x": decode(encode(text)) != " " + text (for a text without
// NUL or "<0x" whose ids do not include BOS, after which run.c drops a space).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "tests/fuzz/fuzz_oracle.hpp"
#include "workloads/tokenizer/hf_tokenizer.hpp"
#include "workloads/tokenizer/llama2c_tokenizer.hpp"
#include "workloads/tokenizer/tokenizer.hpp"
#include "workloads/tokenizer/utf8.hpp"

namespace {

using namespace aimcsim::workloads;

bool standard_llama2c(const Llama2cTokenizer& tok) {
  char name[8];
  for (int id = 0; id < tok.vocab_size(); ++id) {
    if (id >= 3 && id < 259) {
      std::snprintf(name, sizeof name, "<0x%02X>", id - 3);
      if (tok.piece(id) != name) return false;
    } else if (tok.piece(id).find("<0x") != std::string::npos) {
      return false;
    }
  }
  return true;
}

void exercise(const Tokenizer& tok, const std::string& text, const std::string& input, bool hf) {
  std::vector<int> ids;
  try {
    ids = tok.encode(text, true);
  } catch (const TokenizerError& e) {
    aimcsim::fuzz::check_error_message(e.what(), hf ? "fuzz.json" : "fuzz.bin");
    return;
  }
  for (const int id : ids)
    if (id < 0 || id >= tok.vocab_size())
      aimcsim::fuzz::finding("encode gave an id outside the vocabulary", input);
  std::string decoded;
  try {
    decoded = tok.decode(ids);
    (void)tok.decode(tok.encode(text, false));
  } catch (const TokenizerError& e) {
    aimcsim::fuzz::finding(std::string("decode refused ids encode produced: ") + e.what(), input);
  }
  if (hf && utf8::first_invalid_byte(decoded))
    aimcsim::fuzz::finding("decode gave invalid UTF-8", input);
  (void)tok.wrap_chat(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  try {
    for (const int id : parse_token_ids(input, "fuzz.ids"))
      if (id < 0) aimcsim::fuzz::finding("a negative token id was accepted", input);
  } catch (const TokenizerError& e) {
    aimcsim::fuzz::check_error_message(e.what(), "fuzz.ids");
  }
  if (size < 2) return 0;
  const std::string rest = input.substr(2);
  const std::size_t n =
      (static_cast<std::size_t>(data[0]) | static_cast<std::size_t>(data[1]) << 8) %
      (rest.size() + 1);
  const std::string file = rest.substr(0, rest.size() - n);
  const std::string text = rest.substr(rest.size() - n);
  const bool hf = !file.empty() && file[0] == '{';
  try {
    if (hf) {
      const HfTokenizer tok(read_hf_spec_text(file, "fuzz.json"));
      exercise(tok, text, input, true);
    } else {
      const Llama2cTokenizer tok(file, "fuzz.bin");
      exercise(tok, text, input, false);
      const std::size_t nul = text.find('\0');
      const std::string c_text = text.substr(0, nul);
      if (!c_text.empty() && c_text.find("<0x") == std::string::npos && standard_llama2c(tok)) {
        std::vector<int> ids;
        try {
          ids = tok.encode(c_text, false);
        } catch (const TokenizerError&) {
          return 0;  // no " " piece for the dummy prefix: run.c cannot encode either
        }
        if (std::find(ids.begin(), ids.end(), 1) == ids.end() && tok.decode(ids) != " " + c_text)
          aimcsim::fuzz::finding("llama2.c round trip lost text", input);
      }
    }
  } catch (const TokenizerError& e) {
    aimcsim::fuzz::check_error_message(e.what(), hf ? "fuzz.json" : "fuzz.bin");
  }
  return 0;
}
