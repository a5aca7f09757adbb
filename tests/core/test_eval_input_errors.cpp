// SPDX-License-Identifier: Apache-2.0
// Inputs of `aimcsim eval` / `generate` that would silently change nothing or crash are one-line
// errors with exit 2 naming the option (regressions of the eval review).
#include <gtest/gtest.h>

#include "tests/support/shared_data.hpp"
#include "tests/support/test_support.hpp"

namespace {

using aimcsim::test::shared_data_file;

TEST(EvalInputErrors, AreOneLineNamingTheOption) {
  const auto model = shared_data_file("models/stories260K.bin");
  const auto tok = shared_data_file("models/tok512.bin");
  const auto text = shared_data_file("text/tinystories_sample.txt");
  if (model.empty() || tok.empty() || text.empty())
    GTEST_SKIP() << aimcsim::test::shared_data_missing("models/stories260K.bin");
  aimcsim::test::TempDir dir;
  const std::vector<std::string> eval = {"eval", "--checkpoint", model.string(), "--tokenizer",
                                         tok.string(), "--text", text.string(), "-o",
                                         (dir / "out").string()};
  struct Case {
    std::vector<std::string> extra;
    std::string names;
  };
  const std::vector<Case> cases = {
      {{"--drift-times", "1h,60min"}, "--drift-times"},
      {{"--separator", ""}, "--separator"},
      {{"--threads", "100000"}, "--threads"},
      {{"-p", "mapping.digital_linears=qkv_proj"}, "mapping.digital_linears"},
      {{"--drift-times", "1e300s", "--seeds", "1"}, "--drift-times"},
  };
  for (const auto& c : cases) {
    auto args = eval;
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    const auto r = aimcsim::test::run_cli(args, dir.path());
    EXPECT_EQ(r.exit_code, 2) << c.names << ": " << r.err;
    EXPECT_EQ(r.err_lines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find(c.names), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "out")) << c.names;
  }
  // A folder given as the token file, and --chat with a tokenizer that has no chat template.
  auto r = aimcsim::test::run_cli({"eval", "--checkpoint", model.string(), "--tokens",
                                   dir.path().string(), "-o", (dir / "out").string()},
                                  dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("not a regular file"), std::string::npos) << r.err;
  r = aimcsim::test::run_cli({"generate", "--checkpoint", model.string(), "--tokenizer",
                              tok.string(), "--prompt", "Hi", "--chat", "-o",
                              (dir / "out").string()},
                             dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--chat"), std::string::npos) << r.err;
}

}  // namespace
