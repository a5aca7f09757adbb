// SPDX-License-Identifier: Apache-2.0
// What one `aimcsim run` leaves: every promised file, stats.txt in `path value unit # description`
// form, the one-line summary as the last stdout line, bit-identical results for the same
// config and seed, and a run reproducible from its saved config.resolved.yaml.
#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"

namespace fs = std::filesystem;
using aimcsim::test::read_text;
using aimcsim::test::run_cli;

namespace {
/// summary.json without sim_wall_s (the only wall-clock quantity).
nlohmann::json simulated(const fs::path& dir) {
  auto j = aimcsim::test::read_json(dir / "summary.json");
  j.erase("sim_wall_s");
  return j;
}

// A small, fast run: LLM-scale preset, Llama-3.2-1B, 16-token prompt, 4 tokens.
const std::vector<std::string> k_args = {"run", "llm-scale", "--prompt", "16", "--decode", "4"};

std::vector<std::string> with_output(std::vector<std::string> a, const fs::path& out) {
  a.push_back("-o");
  a.push_back(out.string());
  return a;
}
}  // namespace

TEST(CliOutputs, ResultsFolderHoldsEveryPromisedFile) {
  aimcsim::test::TempDir dir;
  const auto r = run_cli(with_output(k_args, dir / "run"), dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f :
       {"config.resolved.yaml", "summary.json", "stats.txt", "energy_by_component.csv",
        "energy_by_layer.csv", "token_timeline.csv", "energy_table.csv", "area_table.csv",
        "mapping.csv", "mapping_tiles.csv", "log.txt"}) {
    ASSERT_TRUE(fs::exists(dir / "run" / f)) << f;
    EXPECT_GT(fs::file_size(dir / "run" / f), 0u) << f;
  }
  const auto s = aimcsim::test::read_json(dir / "run" / "summary.json");
  for (const char* k : {"ttft_s", "tpot_s", "e2e_latency_s", "tokens_per_s", "energy_j",
                        "energy_per_token_j", "peak_tops", "peak_tops_per_w",
                        "effective_tops_per_w", "tiles_used", "tiles_total", "chips", "area_mm2",
                        "sim_wall_s"})
    EXPECT_TRUE(s.contains(k)) << k;
  // 4 generated tokens: the token timeline has a header and 4 rows.
  const std::string tl = read_text(dir / "run" / "token_timeline.csv");
  EXPECT_EQ(std::count(tl.begin(), tl.end(), '\n'), 5);
  EXPECT_EQ(s["generated_tokens"], 4);
  // No stray staging folders beside the results.
  for (const auto& e : fs::directory_iterator(dir.path()))
    EXPECT_EQ(e.path().filename().string().find("staging"), std::string::npos) << e.path();
}

TEST(CliOutputs, StatsLinesArePathValueUnitDescription) {
  aimcsim::test::TempDir dir;
  ASSERT_EQ(run_cli(with_output(k_args, dir / "run"), dir.path()).exit_code, 0);
  std::istringstream is(read_text(dir / "run" / "stats.txt"));
  const std::regex line_re(R"(^[A-Za-z0-9_.]+ [-+0-9.eEinfa]+ \S+ # \S.*$)");
  int n = 0;
  for (std::string line; std::getline(is, line); ++n)
    EXPECT_TRUE(std::regex_match(line, line_re)) << "line " << n + 1 << ": " << line;
  EXPECT_GT(n, 10);
  const std::string text = read_text(dir / "run" / "stats.txt");
  EXPECT_NE(text.find("run.ttft "), std::string::npos);
  EXPECT_NE(text.find("chip0.tiles."), std::string::npos);
}

TEST(CliOutputs, LastStdoutLineIsTheSummary) {
  aimcsim::test::TempDir dir;
  const auto r = run_cli(with_output(k_args, dir / "run"), dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_FALSE(r.out_lines().empty());
  const std::string last = r.out_lines().back();
  EXPECT_EQ(last.rfind("aimcsim: llm-scale llama-3.2-1b prompt=16 decode=4 batch=1 |", 0), 0u)
      << last;
  for (const char* part : {"TTFT", "TPOT", "tok/s", "J/token", "chips", "tiles", "mm2"})
    EXPECT_NE(last.find(part), std::string::npos) << part;
  EXPECT_NE(last.find((dir / "run").string()), std::string::npos) << last;
  EXPECT_EQ(r.out.back(), '\n');
}

TEST(CliOutputs, DefaultOutputFolderIsUnderResults) {
  aimcsim::test::TempDir dir;
  const auto r = run_cli(k_args, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "results" / "llm-scale-llama-3.2-1b-p16-d4-b1" / "summary.json"));
}

TEST(CliOutputs, SameConfigAndSeedIsBitIdentical) {
  aimcsim::test::TempDir dir;
  auto a = k_args, b = k_args;
  for (auto* v : {&a, &b}) v->insert(v->end(), {"--batch", "2", "--seed", "7"});
  ASSERT_EQ(run_cli(with_output(a, dir / "a"), dir.path()).exit_code, 0);
  ASSERT_EQ(run_cli(with_output(b, dir / "b"), dir.path()).exit_code, 0);
  EXPECT_EQ(simulated(dir / "a").dump(), simulated(dir / "b").dump());
  EXPECT_EQ(simulated(dir / "a")["seed"], 7);
  for (const char* f : {"token_timeline.csv", "energy_by_layer.csv", "energy_by_component.csv",
                        "stats.txt", "config.resolved.yaml", "mapping_tiles.csv"})
    EXPECT_EQ(read_text(dir / "a" / f), read_text(dir / "b" / f)) << f;
}

TEST(CliOutputs, ReproducibleFromTheSavedConfig) {
  aimcsim::test::TempDir dir;
  auto a = k_args;
  a.insert(a.end(), {"-p", "chip.analog_tile.adc.count=128", "-p", "workload.prefill_chunk=8"});
  ASSERT_EQ(run_cli(with_output(a, dir / "a"), dir.path()).exit_code, 0);
  const auto r = run_cli({"run", (dir / "a" / "config.resolved.yaml").string(), "-o",
                          (dir / "b").string()},
                         dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(simulated(dir / "a").dump(), simulated(dir / "b").dump());
  // Same resolved values; only the "# default" markers differ (b read them from a's file).
  std::string ya = read_text(dir / "a" / "config.resolved.yaml");
  for (size_t at; (at = ya.find("  # default")) != std::string::npos;) ya.erase(at, 11);
  EXPECT_EQ(ya, read_text(dir / "b" / "config.resolved.yaml"));
  // The override really took effect (and was saved): 512 columns on 128 CCO ADCs = 4 rounds,
  // each integrating again: 4 x (128 + 5) ns = 532 ns per MVM.
  EXPECT_NEAR(simulated(dir / "b")["mvm_latency_s"].get<double>(), 532e-9, 1e-18);
}

TEST(CliOutputs, GeneratedTokensMatchTheRequest) {
  // decode_tokens = generated tokens per request (the first comes from the prefill).
  aimcsim::test::TempDir dir;
  ASSERT_EQ(run_cli({"run", "llm-scale", "--prompt", "4", "--decode", "3", "--batch", "2", "-o",
                     (dir / "a").string()},
                    dir.path())
                .exit_code,
            0);
  EXPECT_EQ(simulated(dir / "a")["generated_tokens"], 6);  // 3 x 2 sequences
  // decode_tokens 0 is accepted by the schema (min 0): the run must then generate no token
  // (or the schema must refuse 0) - not silently generate one.
  const auto r = run_cli({"run", "llm-scale", "--prompt", "4", "--decode", "0", "-o",
                          (dir / "b").string()},
                         dir.path());
  if (r.exit_code == 0)
    EXPECT_EQ(simulated(dir / "b")["generated_tokens"], 0) << "--decode 0 generated tokens";
  else
    EXPECT_EQ(r.exit_code, 2);
}
