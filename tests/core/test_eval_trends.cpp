// SPDX-License-Identifier: Apache-2.0
// Under hardware models the accuracy of a real checkpoint falls, in expectation, as the ADC
// loses bits and as the devices drift: stories260K on the TinyStories sample, three fixed
// programming seeds. Each comparison demands a gap of more than three standard errors of the
// difference of the two means (the seed spread measured in the same run), so it fails only if
// the trend itself is wrong, not by chance of the seeds.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/shared_data.hpp"
#include "tests/support/test_support.hpp"

namespace {

using aimcsim::test::shared_data_file;
using aimcsim::test::shared_data_missing;

struct Ppl {
  double mean = 0, std = 0;
  int seeds = 0;
};

/// Perplexity per drift time of one `aimcsim eval` run (3 seeds).
std::vector<Ppl> eval_ppl(const std::string& drift_times, const std::vector<std::string>& params) {
  const auto model = shared_data_file("models/stories260K.bin");
  const auto tok = shared_data_file("models/tok512.bin");
  const auto text = shared_data_file("text/tinystories_sample.txt");
  aimcsim::test::TempDir dir;
  std::vector<std::string> args = {"eval", "--checkpoint", model.string(), "--tokenizer",
                                   tok.string(), "--text", text.string(), "--seeds", "3",
                                   "--drift-times", drift_times, "-o", (dir / "out").string()};
  for (const auto& p : params) args.insert(args.end(), {"-p", p});
  const auto r = aimcsim::test::run_cli(args, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto j = aimcsim::test::read_json(dir / "out" / "eval.json");
  std::vector<Ppl> out;
  for (const auto& d : j["drift"])
    out.push_back({d["perplexity"]["mean"].get<double>(), d["perplexity"]["std"].get<double>(),
                   static_cast<int>(d["perplexity"]["per_seed"].size())});
  return out;
}

/// `worse` is above `better` by more than 3 standard errors of the difference.
void expect_clearly_above(const Ppl& worse, const Ppl& better, const std::string& what) {
  const double se = std::sqrt(worse.std * worse.std / worse.seeds +
                              better.std * better.std / better.seeds);
  EXPECT_GT(worse.mean - better.mean, 3 * se)
      << what << ": " << worse.mean << " +- " << worse.std << " vs " << better.mean << " +- "
      << better.std;
}

bool have_data() {
  return !shared_data_file("models/stories260K.bin").empty() &&
         !shared_data_file("models/tok512.bin").empty() &&
         !shared_data_file("text/tinystories_sample.txt").empty();
}

TEST(EvalTrends, PerplexityRisesWithDriftTime) {
  if (!have_data()) GTEST_SKIP() << shared_data_missing("models/stories260K.bin");
  const auto p = eval_ppl("0s,1d,1y", {});
  ASSERT_EQ(p.size(), 3u);
  expect_clearly_above(p[1], p[0], "1 day vs 0 s");
  expect_clearly_above(p[2], p[1], "1 year vs 1 day");
}

TEST(EvalTrends, PerplexityRisesAsTheAdcLosesBits) {
  if (!have_data()) GTEST_SKIP() << shared_data_missing("models/stories260K.bin");
  const auto b8 = eval_ppl("0s", {"chip.analog_tile.adc.bits=8"});
  const auto b6 = eval_ppl("0s", {"chip.analog_tile.adc.bits=6"});
  const auto b5 = eval_ppl("0s", {"chip.analog_tile.adc.bits=5"});
  expect_clearly_above(b6[0], b8[0], "6-bit vs 8-bit ADC");
  expect_clearly_above(b5[0], b6[0], "5-bit vs 6-bit ADC");
}

}  // namespace
