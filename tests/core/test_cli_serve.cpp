// SPDX-License-Identifier: Apache-2.0
// `aimcsim serve` end to end: one request equals `aimcsim run`; the fast mode agrees with the
// fine-grained one; conservation; bad traces.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/support/shared_data.hpp"
#include "tests/support/test_support.hpp"

namespace aimcsim::test {
namespace {

/// A small Llama (4 blocks of 512): fine mode stays quick.
const char* k_small_model =
    R"({"model_type":"llama","hidden_size":512,"intermediate_size":1536,"num_hidden_layers":4,
        "num_attention_heads":8,"num_key_value_heads":4,"vocab_size":8192,
        "tie_word_embeddings":true,"max_position_embeddings":4096})";

/// requests.csv as one map per row (column -> text).
std::vector<std::map<std::string, std::string>> read_csv(const std::filesystem::path& file) {
  std::istringstream in(read_text(file));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  {
    std::istringstream h(line);
    for (std::string c; std::getline(h, c, ',');) header.push_back(c);
  }
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream r(line);
    std::map<std::string, std::string> row;
    std::size_t i = 0;
    for (std::string c; std::getline(r, c, ',') && i < header.size(); ++i) row[header[i]] = c;
    rows.push_back(row);
  }
  return rows;
}

double num(const std::map<std::string, std::string>& row, const std::string& key) {
  const auto it = row.find(key);
  EXPECT_NE(it, row.end()) << "column " << key;
  return it == row.end() ? NAN : std::stod(it->second);
}

TEST(CliServe, OneRequestInFineModeEqualsAimcsimRun) {
  TempDir dir;
  write_text(dir / "model.json", k_small_model);
  write_text(dir / "one.csv", "arrival_s,prompt_tokens,output_tokens\n0,96,6\n");
  const auto serve = run_cli({"serve", "--model", (dir / "model.json").string(), "--trace",
                              (dir / "one.csv").string(), "--mode", "fine", "-o",
                              (dir / "serve").string()},
                             dir.path());
  ASSERT_EQ(serve.exit_code, 0) << serve.err;
  const auto run = run_cli({"run", "--model", (dir / "model.json").string(), "--prompt", "96",
                            "--decode", "6", "-o", (dir / "run").string()},
                           dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto s = read_json(dir / "run" / "summary.json");
  const auto rows = read_csv(dir / "serve" / "requests.csv");
  ASSERT_EQ(rows.size(), 1u);
  // The same transactions in the same order: the same times and dynamic energy.
  EXPECT_NEAR(num(rows[0], "ttft_s"), s["ttft_s"].get<double>(), 1e-12);
  EXPECT_NEAR(num(rows[0], "tpot_s"), s["tpot_s"].get<double>(), 1e-12);
  EXPECT_NEAR(num(rows[0], "e2e_s"), s["e2e_latency_s"].get<double>(), 1e-12);
  EXPECT_NEAR(num(rows[0], "energy_j"), s["dynamic_energy_j"].get<double>(),
              1e-9 * s["dynamic_energy_j"].get<double>());
}

/// Nearest-rank percentile.
double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * v.size()));
  return v[std::max<std::size_t>(rank, 1) - 1];
}

/// Replays `trace_args` in fine and fast mode and compares every latency percentile (2%) and
/// the energies.
void compare_fast_with_fine(const std::vector<std::string>& trace_args, double total_energy_tol) {
  TempDir dir;
  write_text(dir / "model.json", k_small_model);
  std::map<std::string, nlohmann::json> summary;
  std::map<std::string, std::vector<std::map<std::string, std::string>>> rows;
  for (const std::string mode : {"fine", "fast"}) {
    std::vector<std::string> args = {"serve", "--mode", mode, "-o", (dir / mode).string()};
    args.insert(args.end(), trace_args.begin(), trace_args.end());
    for (auto& a : args)
      if (a == "MODEL") a = (dir / "model.json").string();
    const auto r = run_cli(args, dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    summary[mode] = read_json(dir / mode / "serve_summary.json");
    rows[mode] = read_csv(dir / mode / "requests.csv");
  }
  ASSERT_EQ(rows["fine"].size(), rows["fast"].size());
  for (const std::string metric : {"ttft_s", "tpot_s", "e2e_s", "queueing_s"}) {
    std::map<std::string, std::vector<double>> values;
    for (const auto& [mode, rs] : rows)
      for (const auto& row : rs)
        if (row.at("status") == "finished") values[mode].push_back(num(row, metric));
    ASSERT_FALSE(values["fine"].empty());
    for (double p : {50.0, 90.0, 99.0}) {
      const double fine = percentile(values["fine"], p), fast = percentile(values["fast"], p);
      EXPECT_NEAR(fast, fine, 0.02 * fine + 1e-12) << metric << " p" << p;
    }
  }
  for (const std::string key : {"itl_p50_s", "itl_p90_s", "itl_p99_s"}) {
    const double fine = summary["fine"][key].get<double>(), fast = summary["fast"][key].get<double>();
    EXPECT_NEAR(fast, fine, 0.02 * fine) << key;
  }
  const double d_fine = summary["fine"]["dynamic_energy_j"].get<double>();
  EXPECT_NEAR(summary["fast"]["dynamic_energy_j"].get<double>(), d_fine, 1e-3 * d_fine);
  const double e_fine = summary["fine"]["energy_j"].get<double>();
  EXPECT_NEAR(summary["fast"]["energy_j"].get<double>(), e_fine, total_energy_tol * e_fine);
  // The fine mode simulates many more events.
  EXPECT_GT(summary["fine"]["layer_events"].get<double>(),
            10 * summary["fast"]["layer_events"].get<double>());
}

TEST(CliServe, FastModeAgreesWithFineModeOnASmallModel) {
  // 24 requests of the Azure code trace, arrivals compressed 200x so they overlap and batch.
  const std::string rel = "traces/AzureLLMInferenceTrace_code_2023.csv";
  const auto trace = shared_data_file(rel);
  if (trace.empty()) GTEST_SKIP() << shared_data_missing(rel);
  compare_fast_with_fine({"--model", "MODEL", "--trace", trace.string(), "--max-requests", "24",
                          "--time-scale", "0.005"},
                         1e-3);
}

TEST(CliServe, FastModeAgreesWithFineModeOnLlama32_1B) {
  // The default chip and model: 12 code requests arriving 500x faster than in the trace, so
  // prefill chunks of several requests share steps and queue on the NoC (the fast model's
  // shared links, docs/serving.md). Latencies within 2 %, energies within 0.1 % (issue
  // #9); the total energy follows the replay's span through the static power.
  const std::string rel = "traces/AzureLLMInferenceTrace_code_2023.csv";
  const auto trace = shared_data_file(rel);
  if (trace.empty()) GTEST_SKIP() << shared_data_missing(rel);
  compare_fast_with_fine({"--trace", trace.string(), "--max-requests", "12", "--time-scale",
                          "0.002"},
                         1e-3);
}

TEST(CliServe, EveryRequestFinishesOrIsCountedAsRejected) {
  TempDir dir;
  write_text(dir / "model.json", k_small_model);
  // Four requests, one longer than the model's 4096-token context.
  write_text(dir / "t.csv",
             "arrival_s,prompt_tokens,output_tokens,priority\n"
             "0,300,20,1\n0.0001,5000,5,0\n0.0002,200,30,0\n0.0003,100,1,2\n");
  const auto r = run_cli({"serve", "--model", (dir / "model.json").string(), "--trace",
                          (dir / "t.csv").string(), "-o", (dir / "out").string()},
                         dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = read_csv(dir / "out" / "requests.csv");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].at("status"), "rejected");
  const auto s = read_json(dir / "out" / "serve_summary.json");
  EXPECT_EQ(s["rejected_requests"].get<double>(), 1);
  EXPECT_EQ(s["generated_tokens"].get<double>(), 20 + 30 + 1);
  EXPECT_EQ(s["prefill_tokens"].get<double>(), 300 + 200 + 100);
  EXPECT_EQ(s["decode_tokens"].get<double>(), 19 + 29 + 0);
}

TEST(CliServe, ReplicasFromTheCommandLineServeInParallel) {
  // Two identical requests at t = 0: one replica serves them in one batch, two replicas serve
  // one each (least loaded routing), and as many replicas as system.chips holds is the default
  // of system.replicas = 0.
  TempDir dir;
  write_text(dir / "model.json", k_small_model);
  write_text(dir / "t.csv", "arrival_s,prompt_tokens,output_tokens\n0,300,8\n0,300,8\n");
  auto serve = [&](const std::string& out, std::vector<std::string> params) {
    std::vector<std::string> args = {"serve", "--model", (dir / "model.json").string(), "--trace",
                                     (dir / "t.csv").string(), "-o", (dir / out).string()};
    for (const auto& p : params) args.insert(args.end(), {"-p", p});
    return run_cli(args, dir.path());
  };
  const auto one = serve("one", {"system.replicas=1"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto two = serve("two", {"system.replicas=2"});
  ASSERT_EQ(two.exit_code, 0) << two.err;
  const auto one_rows = read_csv(dir / "one" / "requests.csv");
  const auto two_rows = read_csv(dir / "two" / "requests.csv");
  ASSERT_EQ(two_rows.size(), 2u);
  EXPECT_EQ(one_rows[0].at("replica"), "0");
  EXPECT_EQ(one_rows[1].at("replica"), "0");
  EXPECT_EQ(two_rows[0].at("replica"), "0");
  EXPECT_EQ(two_rows[1].at("replica"), "1");
  // Alone on its replica, each request is served as the first one is by a single replica,
  // and the pair finishes sooner than when sharing one.
  EXPECT_DOUBLE_EQ(num(two_rows[0], "ttft_s"), num(two_rows[1], "ttft_s"));
  EXPECT_LT(num(two_rows[1], "ttft_s"), num(one_rows[1], "ttft_s"));
  EXPECT_EQ(read_json(dir / "two" / "serve_summary.json")["replicas"].get<double>(), 2);
  // Two replicas draw twice the static power of one over the same kind of span.
  const auto s1 = read_json(dir / "one" / "serve_summary.json");
  const auto s2 = read_json(dir / "two" / "serve_summary.json");
  const double w1 = s1["static_energy_j"].get<double>() / s1["span_s"].get<double>();
  const double w2 = s2["static_energy_j"].get<double>() / s2["span_s"].get<double>();
  EXPECT_GT(w2, 1.5 * w1);
  EXPECT_LT(w2, 2.5 * w1);

  // The chips of one copy, from the log line "... on 1 replica(s) of N chips ...".
  const std::string log = read_text(dir / "one" / "log.txt");
  const auto at = log.find("replica(s) of ");
  ASSERT_NE(at, std::string::npos) << log;
  const int chips = std::stoi(log.substr(at + 14));
  ASSERT_GE(chips, 1);
  const auto fit = serve("fit", {"system.replicas=0", "system.chips=" + std::to_string(3 * chips)});
  ASSERT_EQ(fit.exit_code, 0) << fit.err;
  EXPECT_EQ(read_json(dir / "fit" / "serve_summary.json")["replicas"].get<double>(), 3);
}

TEST(CliServe, MalformedRowNamesFileAndLine) {
  TempDir dir;
  write_text(dir / "t.csv", "arrival_s,prompt_tokens,output_tokens\n0,10,2\n0.1,x,2\n");
  const auto r = run_cli({"serve", "--trace", (dir / "t.csv").string(), "-o",
                          (dir / "out").string()},
                         dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("t.csv:3"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
  const auto skipped = run_cli({"serve", "--trace", (dir / "t.csv").string(), "--skip-bad-rows",
                                "-o", (dir / "out").string()},
                               dir.path());
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(read_json(dir / "out" / "serve_summary.json")["skipped_rows"].get<double>(), 1);
}


TEST(CliServe, SameConfigSameResultsBitForBit) {
  const std::string rel = "traces/mooncake_conversation_trace.jsonl";
  const auto trace = shared_data_file(rel);
  if (trace.empty()) GTEST_SKIP() << shared_data_missing(rel);
  TempDir dir;
  write_text(dir / "model.json", k_small_model);
  for (const std::string run : {"a", "b"}) {
    const auto r = run_cli({"serve", "--model", (dir / "model.json").string(), "--trace",
                            trace.string(), "--max-requests", "60", "--time-scale", "0.01", "-p",
                            "serving.max_context=200000", "-p", "serving.kv_capacity=200000", "-o",
                            (dir / run).string()},
                           dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  for (const std::string f : {"requests.csv", "timeseries.csv", "latency_cdf_ttft.svg"})
    EXPECT_EQ(read_text(dir / "a" / f), read_text(dir / "b" / f)) << f;
  // The Mooncake prefixes were reused.
  EXPECT_GT(read_json(dir / "a" / "serve_summary.json")["prefix_hit_tokens"].get<double>(), 0);
}


TEST(CliServe, RealMooncakeTraceWithTheDefaultKvCapacity) {
  // Shared prefixes on the default chip: the KV memories hold every request's copy of its
  // reused rows, so the scheduler must never admit more than they hold.
  const std::string rel = "traces/mooncake_conversation_trace.jsonl";
  const auto trace = shared_data_file(rel);
  if (trace.empty()) GTEST_SKIP() << shared_data_missing(rel);
  TempDir dir;
  const auto r = run_cli({"serve", "--trace", trace.string(), "--max-requests", "300", "-o",
                          (dir / "out").string()},
                         dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto s = read_json(dir / "out" / "serve_summary.json");
  EXPECT_GT(s["prefix_hit_tokens"].get<double>(), 0);
  EXPECT_EQ(s["finished_requests"].get<double>() + s["rejected_requests"].get<double>(), 300);
}

TEST(CliServe, TimeSeriesAddsUpToTheSummary) {
  TempDir dir;
  write_text(dir / "model.json", k_small_model);
  write_text(dir / "t.csv", "arrival_s,prompt_tokens,output_tokens\n0,300,20\n0.0001,200,30\n"
                            "0.002,100,12\n2.5,64,4\n");
  for (const std::string mode : {"fast", "fine"}) {
    const auto r = run_cli({"serve", "--model", (dir / "model.json").string(), "--trace",
                            (dir / "t.csv").string(), "--mode", mode, "-p",
                            "serving.sample_interval=0.5", "-o", (dir / mode).string()},
                           dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto s = read_json(dir / mode / "serve_summary.json");
    double dynamic = 0, static_j = 0, tokens = 0;
    for (const auto& row : read_csv(dir / mode / "timeseries.csv")) {
      tokens += num(row, "generated_tokens");
      dynamic += num(row, "dynamic_energy_j");
      static_j += num(row, "static_energy_j");
    }
    const double d = s["dynamic_energy_j"].get<double>(), st = s["static_energy_j"].get<double>();
    EXPECT_NEAR(dynamic, d, 1e-9 * d) << mode;
    EXPECT_NEAR(static_j, st, 1e-9 * st) << mode;
    EXPECT_EQ(tokens, s["generated_tokens"].get<double>()) << mode;
  }
}

TEST(CliServe, KvCapacityBeyondTheMemoriesIsABadConfiguration) {
  TempDir dir;
  write_text(dir / "t.csv", "arrival_s,prompt_tokens,output_tokens\n0,10,2\n");
  const auto r = run_cli({"serve", "--trace", (dir / "t.csv").string(), "-p",
                          "serving.kv_capacity=100000000000", "-o", (dir / "out").string()},
                         dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("serving.kv_capacity"), std::string::npos) << r.err;
  EXPECT_EQ(r.err_lines().size(), 1u) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
}

TEST(CliServe, UndefinedFiguresAreNotShownAsZero) {
  // Every request is rejected (longer than the model's 4096-token context).
  TempDir dir;
  write_text(dir / "model.json", k_small_model);
  write_text(dir / "t.csv", "arrival_s,prompt_tokens,output_tokens\n0,5000,2\n1,6000,3\n");
  const auto r = run_cli({"serve", "--model", (dir / "model.json").string(), "--trace",
                          (dir / "t.csv").string(), "-o", (dir / "out").string()},
                         dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("TTFT p50 n/a"), std::string::npos) << r.out;
  EXPECT_TRUE(read_json(dir / "out" / "serve_summary.json")["ttft_p50_s"].is_null());
}

}  // namespace
}  // namespace aimcsim::test
