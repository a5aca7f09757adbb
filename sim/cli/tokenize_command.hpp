// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// `aimcsim tokenize`: text -> token ids or ids -> text with a model's tokenizer, to check a
/// tokenizer against its reference implementation by hand.

#include <string>

namespace CLI {
class App;
}

namespace aimcsim::cli {

struct TokenizeOptions {
  std::string tokenizer;    ///< llama2.c tokenizer.bin, tokenizer.json or a folder holding one
  std::string text_file;    ///< --text: UTF-8 text to encode
  std::string decode_file;  ///< --decode: ids (JSON array or separated integers) to decode
  bool no_special = false;  ///< --no-special: no BOS / template ids around the text
};

/// Adds the `tokenize` subcommand to `app`, filling `opt`; returns it.
CLI::App* add_tokenize_command(CLI::App& app, TokenizeOptions& opt);

/// Encodes (prints the ids as one JSON array line) or decodes (prints the text exactly, no
/// newline added). Bad input throws TokenizerError (exit 2) naming the file.
int execute_tokenize(const TokenizeOptions& opt);

}  // namespace aimcsim::cli
