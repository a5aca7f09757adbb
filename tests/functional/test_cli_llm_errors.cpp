// SPDX-License-Identifier: Apache-2.0
// Bad input to `aimcsim eval` / `generate`: exit 2, one line on stderr naming the file or the
// option and what was expected, nothing on stdout, no results folder.
#include <fstream>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/shared_data.hpp"
#include "tests/support/test_support.hpp"
#include "workloads/checkpoint/hf_export.hpp"
#include "workloads/checkpoint/transformer_weights.hpp"

namespace aimcsim::test {
namespace {
namespace fs = std::filesystem;

/// The shared llama2.c files the tests use; `skip` names the first one missing.
struct Stories {
  fs::path model, tok, text;
  std::string skip;
};

Stories stories() {
  Stories s;
  const std::pair<fs::path*, const char*> files[] = {{&s.model, "models/stories260K.bin"},
                                                     {&s.tok, "models/tok512.bin"},
                                                     {&s.text, "text/tinystories_sample.txt"}};
  for (const auto& [path, relative] : files) {
    *path = shared_data_file(relative);
    if (path->empty() && s.skip.empty()) s.skip = shared_data_missing(relative);
  }
  return s;
}

/// Runs aimcsim with `args` and `-o dir/out`; expects exit 2, one stderr line holding every
/// string of `parts`, an empty stdout and no results folder.
void expect_one_line_error(std::vector<std::string> args, const TempDir& dir,
                           std::initializer_list<std::string> parts) {
  args.insert(args.end(), {"-o", (dir / "out").string()});
  const CliResult r = run_cli(args, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  const auto lines = r.err_lines();
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_EQ(lines[0].rfind("error: ", 0), 0u) << lines[0];
  for (const auto& p : parts) EXPECT_NE(lines[0].find(p), std::string::npos) << lines[0];
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(LlmCliErrors, MissingCheckpoint) {
  const Stories s = stories();
  if (!s.skip.empty()) GTEST_SKIP() << s.skip;
  TempDir dir;
  const std::string missing = (dir / "no-such-model.bin").string();
  expect_one_line_error({"eval", "--checkpoint", missing, "--tokenizer", s.tok.string(), "--text",
                         s.text.string()},
                        dir, {missing});
  expect_one_line_error({"generate", "--checkpoint", missing, "--tokenizer", s.tok.string(),
                         "--prompt", "Once"},
                        dir, {missing});
}

TEST(LlmCliErrors, TruncatedCheckpoint) {
  const Stories s = stories();
  if (!s.skip.empty()) GTEST_SKIP() << s.skip;
  TempDir dir;
  // The header and part of the weights: the copy ends in the middle of a tensor.
  const std::string bytes = read_text(s.model);
  const fs::path cut = dir / "stories260K-truncated.bin";
  write_text(cut, bytes.substr(0, bytes.size() / 2));
  expect_one_line_error({"eval", "--checkpoint", cut.string(), "--tokenizer", s.tok.string(),
                         "--text", s.text.string(), "--ideal"},
                        dir, {cut.string()});
  expect_one_line_error({"generate", "--checkpoint", cut.string(), "--tokenizer", s.tok.string(),
                         "--prompt", "Once", "--ideal"},
                        dir, {cut.string()});
}

TEST(LlmCliErrors, UnknownArchitectureInConfigJson) {
  const Stories s = stories();
  if (!s.skip.empty()) GTEST_SKIP() << s.skip;
  TempDir dir;
  // A real exported folder whose config.json then names a model type aimcsim does not know.
  workloads::export_hf_checkpoint(workloads::load_checkpoint(s.model), dir / "hf",
                                  workloads::DType::f32);
  std::string config = read_text(dir / "hf" / "config.json");
  const std::string from = "\"model_type\": \"llama\"";
  const auto at = config.find(from);
  ASSERT_NE(at, std::string::npos) << config;
  config.replace(at, from.size(), "\"model_type\": \"mamba\"");
  write_text(dir / "hf" / "config.json", config);
  expect_one_line_error({"eval", "--checkpoint", (dir / "hf").string(), "--tokenizer",
                         s.tok.string(), "--text", s.text.string(), "--ideal"},
                        dir, {"config.json", "model_type", "mamba"});
}

TEST(LlmCliErrors, TokenIdOutsideTheVocabulary) {
  const Stories s = stories();
  if (!s.skip.empty()) GTEST_SKIP() << s.skip;
  TempDir dir;
  const fs::path ids = dir / "ids.txt";
  write_text(ids, "1 403 407 512 378\n");  // stories260K's vocabulary is 0..511
  expect_one_line_error({"eval", "--checkpoint", s.model.string(), "--tokens", ids.string(),
                         "--ideal"},
                        dir, {"--tokens " + ids.string(), "token 3", "512", "[0, 512)"});
}

TEST(LlmCliErrors, WindowLongerThanTheCheckpointsPositions) {
  const Stories s = stories();
  if (!s.skip.empty()) GTEST_SKIP() << s.skip;
  TempDir dir;
  expect_one_line_error({"eval", "--checkpoint", s.model.string(), "--tokenizer", s.tok.string(),
                         "--text", s.text.string(), "--window", "513", "--ideal"},
                        dir, {"--window 513", "512", "max_seq_len"});
}

TEST(LlmCliErrors, BadDriftTimes) {
  const Stories s = stories();
  if (!s.skip.empty()) GTEST_SKIP() << s.skip;
  TempDir dir;
  // Not a time, negative, an empty item (also a trailing comma), no time at all.
  const std::pair<const char*, const char*> cases[] = {{"1h,soon", "'soon' is not a time"},
                                                       {"-1s", "'-1s' is not a time"},
                                                       {"1h,,1d", "'' is not a time"},
                                                       {"1h,1d,", "'' is not a time"},
                                                       {" ", "expected at least one time"}};
  for (const auto& [bad, why] : cases)
    expect_one_line_error({"eval", "--checkpoint", s.model.string(), "--tokenizer",
                           s.tok.string(), "--text", s.text.string(), "--drift-times", bad},
                          dir, {"--drift-times", why});
}

TEST(LlmCliErrors, ExactlyOneOfTextAndTokens) {
  const Stories s = stories();
  if (!s.skip.empty()) GTEST_SKIP() << s.skip;
  TempDir dir;
  const fs::path ids = dir / "ids.txt";
  write_text(ids, "1 403 407\n");
  expect_one_line_error({"eval", "--checkpoint", s.model.string(), "--tokenizer", s.tok.string(),
                         "--text", s.text.string(), "--tokens", ids.string()},
                        dir, {"--text", "--tokens", "exactly one"});
  expect_one_line_error({"eval", "--checkpoint", s.model.string(), "--tokenizer", s.tok.string()},
                        dir, {"--text", "--tokens", "exactly one"});
}

TEST(LlmCliErrors, MaxNewTokensBeyondTheCheckpointsPositions) {
  const Stories s = stories();
  if (!s.skip.empty()) GTEST_SKIP() << s.skip;
  TempDir dir;
  // "Once upon a time" is 5 ids with BOS: 5 + 508 > 512 positions.
  expect_one_line_error({"generate", "--checkpoint", s.model.string(), "--tokenizer",
                         s.tok.string(), "--prompt", "Once upon a time", "--max-new-tokens",
                         "508", "--ideal"},
                        dir, {"--max-new-tokens 508", "512", "max_seq_len"});
  // 5 + 507 fills the 512 positions exactly: accepted.
  const CliResult r = run_cli({"generate", "--checkpoint", s.model.string(), "--tokenizer",
                               s.tok.string(), "--prompt", "Once upon a time",
                               "--max-new-tokens", "507", "--ideal", "-o",
                               (dir / "full").string()},
                              dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace aimcsim::test
