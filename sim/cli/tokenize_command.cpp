// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/tokenize_command.hpp"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "workloads/tokenizer/tokenizer.hpp"

namespace aimcsim::cli {

using workloads::TokenizerError;

CLI::App* add_tokenize_command(CLI::App& app, TokenizeOptions& opt) {
  auto* cmd = app.add_subcommand(
      "tokenize", "encode a text file to token ids, or decode ids, with a model's tokenizer");
  cmd->add_option(
         "--tokenizer", opt.tokenizer,
         "llama2.c tokenizer .bin, HuggingFace tokenizer.json, or a folder holding tokenizer.json")
      ->required();
  auto* text = cmd->add_option("--text", opt.text_file,
                               "UTF-8 text file to encode; prints the ids as a JSON array");
  auto* decode =
      cmd->add_option("--decode", opt.decode_file,
                      "file of token ids (JSON array, or integers separated by spaces or commas) "
                      "to decode; prints the text");
  text->excludes(decode);
  cmd->add_flag("--no-special", opt.no_special,
                "encode without the ids the tokenizer adds by itself (BOS, template)");
  return cmd;
}

int execute_tokenize(const TokenizeOptions& opt) {
  if (opt.text_file.empty() == opt.decode_file.empty())
    throw TokenizerError("tokenize: give exactly one of --text FILE or --decode IDS_FILE");
  const auto tok = workloads::load_tokenizer(opt.tokenizer);
  if (!opt.text_file.empty()) {
    std::ifstream in(opt.text_file, std::ios::binary);
    if (!in) throw TokenizerError(opt.text_file + ": cannot open the text file");
    const std::string text(std::istreambuf_iterator<char>(in), {});
    if (in.bad()) throw TokenizerError(opt.text_file + ": cannot read the text file");
    std::vector<int> ids;
    try {
      ids = tok->encode(text, !opt.no_special);
    } catch (const TokenizerError& e) {
      throw TokenizerError(opt.text_file + ": cannot encode: " + e.what());
    }
    std::cout << nlohmann::json(ids).dump() << '\n';
    return 0;
  }
  const std::vector<int> ids = workloads::read_token_ids(opt.decode_file);
  try {
    std::cout << tok->decode(ids);
  } catch (const TokenizerError& e) {
    throw TokenizerError(opt.decode_file + ": cannot decode: " + e.what());
  }
  return 0;
}

}  // namespace aimcsim::cli
