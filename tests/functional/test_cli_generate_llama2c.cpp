// SPDX-License-Identifier: Apache-2.0
// `aimcsim generate --ideal` reproduces llama2.c: for the three prompts of tests/data/llama2c,
// run.c's greedy continuation of stories260K (-t 0 -n 64: 60 new tokens after BOS + 4 prompt
// tokens), token for token (generation.json) and byte for byte on stdout; and, where the model
// begins a new story, it stops where run.c stops (at BOS, not printed), as the float64 numpy
// reference (tests/functional/reference/llama2c_reference.py greedy) does.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/python_reference.hpp"
#include "tests/support/shared_data.hpp"
#include "tests/support/test_support.hpp"

namespace aimcsim::test {
namespace {

class GenerateLikeRunC : public ::testing::TestWithParam<const char*> {};

TEST_P(GenerateLikeRunC, SameIdsAndSameText) {
  const auto model = shared_data_file("models/stories260K.bin");
  const auto tok = shared_data_file("models/tok512.bin");
  if (model.empty()) GTEST_SKIP() << shared_data_missing("models/stories260K.bin");
  if (tok.empty()) GTEST_SKIP() << shared_data_missing("models/tok512.bin");
  const std::string name = GetParam();
  const auto refs = source_dir() / "tests" / "data" / "llama2c";
  const auto cases = read_json(refs / "greedy_ids.json");
  const auto& expected = cases.at(name);
  const auto generated = expected.at("generated").get<std::vector<int>>();
  const std::string run_c_stdout = read_text(refs / ("greedy_" + name + ".txt"));
  // The prompt is the text run.c echoed before the continuation: the file begins with it.
  const std::map<std::string, std::string> prompts = {{"once_upon_a_time", "Once upon a time"},
                                                      {"lily_and_tom", "Lily and Tom"},
                                                      {"the_little_dog", "The little dog"}};
  const std::string prompt = prompts.at(name);
  ASSERT_EQ(run_c_stdout.rfind(prompt, 0), 0u);

  TempDir dir;
  const CliResult r = run_cli({"generate", "--ideal", "--checkpoint", model.string(),
                               "--tokenizer", tok.string(), "--prompt", prompt,
                               "--max-new-tokens", std::to_string(generated.size()), "-o",
                               (dir / "out").string()},
                              dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto gen = read_json(dir / "out" / "generation.json");
  // The prompt as run.c encoded it (BOS, the dummy-prefix space, 4 pieces), then its 60 ids.
  EXPECT_EQ(gen.at("prompt_ids").get<std::vector<int>>(),
            expected.at("prompt").get<std::vector<int>>());
  EXPECT_EQ(gen.at("generated_ids").get<std::vector<int>>(), generated);
  // run.c prints the prompt's pieces (the one after BOS without its leading space), every
  // generated piece and a final newline; aimcsim prints the prompt as given, the decoded
  // continuation and a newline. For these prompts, which the tokenizer round-trips, the two are
  // the same bytes; the summary line goes to stderr.
  EXPECT_EQ(r.out, run_c_stdout);
  EXPECT_EQ(gen.at("text").get<std::string>(), run_c_stdout.substr(prompt.size(),
                                                  run_c_stdout.size() - prompt.size() - 1));
}

INSTANTIATE_TEST_SUITE_P(RunCPrompts, GenerateLikeRunC,
                         ::testing::Values("once_upon_a_time", "lily_and_tom", "the_little_dog"),
                         [](const ::testing::TestParamInfo<const char*>& p) {
                           return std::string(p.param);
                         });

TEST(GenerateLikeRunC, StopsAtBosWithoutPrintingIt) {
  const auto model = shared_data_file("models/stories260K.bin");
  const auto tok = shared_data_file("models/tok512.bin");
  if (model.empty()) GTEST_SKIP() << shared_data_missing("models/stories260K.bin");
  if (tok.empty()) GTEST_SKIP() << shared_data_missing("models/tok512.bin");
  if (const auto missing = python_module_missing("numpy"); !missing.empty())
    GTEST_SKIP() << missing;
  TempDir dir;
  const auto generate = [&](const std::string& prompt, int new_tokens, const std::string& out) {
    return run_cli({"generate", "--ideal", "--checkpoint", model.string(), "--tokenizer",
                    tok.string(), "--prompt", prompt, "--max-new-tokens",
                    std::to_string(new_tokens), "-o", (dir / out).string()},
                   dir.path());
  };
  // A story the model wrote itself, near its end: greedy stories260K from "Once upon a time"
  // begins the next story (BOS) after 341 tokens; 320 of them make the prompt.
  const CliResult story = generate("Once upon a time", 320, "story");
  ASSERT_EQ(story.exit_code, 0) << story.err;
  ASSERT_FALSE(story.out.empty());
  const std::string prompt = story.out.substr(0, story.out.size() - 1);  // without the newline
  const CliResult r = generate(prompt, 60, "end");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto gen = read_json(dir / "end" / "generation.json");
  const auto prompt_ids = gen.at("prompt_ids").get<std::vector<int>>();
  const auto ids = gen.at("generated_ids").get<std::vector<int>>();

  const auto out = dir / "reference.json", err = dir / "reference.err";
  const std::string cmd = std::string(python_program()) + " '" +
                          (source_dir() / "tests/functional/reference/llama2c_reference.py")
                              .string() +
                          "' greedy '" + model.string() + "' '" +
                          nlohmann::json(prompt_ids).dump() + "' --new-tokens 60 --tokenizer '" +
                          tok.string() + "'";
  ASSERT_EQ(run_shell(cmd, out, err), 0) << read_text(err);
  const auto ref = read_json(out);
  const auto ref_ids = ref.at("generated").get<std::vector<int>>();
  ASSERT_LT(ref_ids.size(), 60u) << "the reference did not reach BOS: the case tests nothing";
  EXPECT_EQ(ids, ref_ids);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), 1), 0);  // BOS is not part of the continuation
  // What run.c prints ends with the continuation aimcsim prints, and nothing follows it.
  const std::string ref_text = ref.at("text").get<std::string>();
  const std::string text = gen.at("text").get<std::string>();
  ASSERT_FALSE(text.empty());
  ASSERT_GE(ref_text.size(), text.size());
  EXPECT_EQ(ref_text.substr(ref_text.size() - text.size()), text);
  EXPECT_EQ(r.out, prompt + text + "\n");
}

TEST(GenerateLikeRunC, EmptyPromptPrintsWhatRunCPrints) {
  const auto model = shared_data_file("models/stories260K.bin");
  const auto tok = shared_data_file("models/tok512.bin");
  if (model.empty()) GTEST_SKIP() << shared_data_missing("models/stories260K.bin");
  if (tok.empty()) GTEST_SKIP() << shared_data_missing("models/tok512.bin");
  if (const auto missing = python_module_missing("numpy"); !missing.empty())
    GTEST_SKIP() << missing;
  // run.c encodes an empty prompt as BOS alone and prints the first generated piece without
  // its leading space (it follows BOS); the reference's "text" is what run.c prints.
  TempDir dir;
  const CliResult r = run_cli({"generate", "--ideal", "--checkpoint", model.string(),
                               "--tokenizer", tok.string(), "--prompt", "", "--max-new-tokens",
                               "20", "-o", (dir / "out").string()},
                              dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto gen = read_json(dir / "out" / "generation.json");
  EXPECT_EQ(gen.at("prompt_ids").get<std::vector<int>>(), std::vector<int>{1});
  const auto out = dir / "reference.json", err = dir / "reference.err";
  const std::string cmd = std::string(python_program()) + " '" +
                          (source_dir() / "tests/functional/reference/llama2c_reference.py")
                              .string() +
                          "' greedy '" + model.string() + "' '[1]' --new-tokens 20 --tokenizer '" +
                          tok.string() + "'";
  ASSERT_EQ(run_shell(cmd, out, err), 0) << read_text(err);
  const auto ref = read_json(out);
  EXPECT_EQ(gen.at("generated_ids").get<std::vector<int>>(),
            ref.at("generated").get<std::vector<int>>());
  const std::string text = ref.at("text").get<std::string>();
  ASSERT_FALSE(text.empty());
  EXPECT_NE(text[0], ' ');
  EXPECT_EQ(r.out, text + "\n");
}

}  // namespace
}  // namespace aimcsim::test
