// SPDX-License-Identifier: Apache-2.0
// The files of `aimcsim serve`: CSV columns and rows written out by hand, the JSON keys and
// values, plots as PNG and SVG, nulls without finished requests, identical bytes on a re-run.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/io/checked_file.hpp"
#include "sim/report/serve_plots.hpp"
#include "sim/report/serve_report.hpp"
#include "tests/report/serve_fixture.hpp"

namespace aimcsim::report {
namespace {

namespace fs = std::filesystem;
const ServeSlo kSlo{1.0, 0.0625};

/// A fresh empty directory, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "aimcsim-serve-report-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
  const fs::path& path() const { return m_path; }

 private:
  fs::path m_path;
};

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream o;
  o << in.rdbuf();
  return o.str();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

nlohmann::ordered_json identity() {
  return {{"name", "unit"}, {"model", "llama-3.2-1b"}, {"trace", "t.jsonl"}, {"replicas", 2}};
}

TEST(ServeReport, RequestsCsvRowsByHand) {
  const auto rows = lines(serve_requests_csv(test::six_requests()));
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[0],
            "id,line,replica,status,reject_reason,prompt_tokens,output_tokens,prefix_hit_tokens,"
            "preemptions,recomputed_tokens,arrival_s,scheduled_s,first_token_s,finish_s,ttft_s,tpot_s,e2e_s,"
            "queueing_s,prefill_energy_j,decode_energy_j,energy_j");
  EXPECT_EQ(rows[1], "1,11,1,finished,,100,5,0,0,0,0,0.25,0.5,1,0.5,0.125,1,0.25,25,1,26");
  EXPECT_EQ(rows[2], "2,12,0,finished,,200,9,64,1,0,0.5,0.5,1,1.5,0.5,0.0625,1,0,0,0,0");
  // One output token: no TPOT.
  EXPECT_EQ(rows[3], "3,13,1,finished,,50,1,0,0,0,1,1.5,2.5,2.5,1.5,,1.5,0.5,0,0,0");
  // Rejected: no replica, no times; the reason holds a comma, so it is quoted.
  EXPECT_EQ(rows[5],
            "5,15,,rejected,\"prompt of 9000 tokens, longer than the context (8192)\",9000,4,0,0,0,"
            "1.5,,,,,,,,0,0,0");
  EXPECT_EQ(rows[6], "6,16,0,finished,,120,17,0,0,0,2,2,3,4,1,0.0625,2,0,0,0,0");
}

TEST(ServeReport, RequestsCsvKeepsEveryDigit) {
  auto r = test::six_requests();
  r.requests[0].finish_s = 3600.000000123456;  // 10 significant digits would lose the tail
  const auto rows = lines(serve_requests_csv(r));
  EXPECT_NE(rows[1].find(",3600.000000123456,"), std::string::npos) << rows[1];
}

TEST(ServeReport, TimeseriesCsvRowsByHand) {
  const auto rows = lines(serve_timeseries_csv(test::six_requests()));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0],
            "t_start_s,t_end_s,queue_length,running_batch,kv_occupancy,generated_tokens,"
            "tokens_per_s,dynamic_energy_j,static_energy_j,power_w");
  EXPECT_EQ(rows[1], "0,2,1.5,2,0.25,10,5,40,8,24");  // (40 + 8) J / 2 s
  EXPECT_EQ(rows[2], "2,4,0.5,1,0.5,23,11.5,76,8,42");
}

TEST(ServeReport, SummaryJsonHasIdentityThenEveryFigureWithUnits) {
  const ServeSummary s = summarize_serve(test::six_requests(), kSlo);
  const auto j = nlohmann::ordered_json::parse(serve_summary_json(s, identity()));
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  std::vector<std::string> expected = {
      "name", "model", "trace", "replicas", "mode", "slo_ttft_s", "slo_tpot_s", "requests",
      "finished_requests", "rejected_requests", "preempted", "skipped_rows", "prefix_hit_tokens",
      "recomputed_tokens", "steps", "layer_events", "prompt_tokens", "prefill_tokens", "decode_tokens",
      "generated_tokens"};
  for (const char* m : {"ttft", "tpot", "itl", "e2e", "queueing"})
    for (const char* f : {"_samples", "_mean_s", "_p50_s", "_p90_s", "_p99_s", "_max_s"})
      expected.push_back(std::string(m) + f);
  for (const char* k :
       {"span_s", "generated_tokens_per_s", "prompt_tokens_per_s", "requests_per_s",
        "goodput_requests", "goodput_requests_per_s", "goodput_fraction", "energy_j",
        "dynamic_energy_j", "swap_energy_j", "static_energy_j", "prefill_energy_j", "decode_energy_j",
        "energy_per_prefill_token_j", "energy_per_decode_token_j", "energy_per_token_j",
        "average_power_w", "utilisation_tiles", "utilisation_digital_units", "utilisation_noc",
        "utilisation_memory", "utilisation_chip_links", "sim_wall_s", "simulated_s_per_wall_s",
        "events_per_wall_s"})
    expected.push_back(k);
  EXPECT_EQ(keys, expected);
  EXPECT_EQ(j["name"], "unit");
  EXPECT_EQ(j["ttft_p90_s"].get<double>(), 1.5);
  EXPECT_EQ(j["itl_p50_s"].get<double>(), 0.05);
  EXPECT_EQ(j["tpot_samples"].get<int>(), 3);
  EXPECT_EQ(j["rejected_requests"].get<int>(), 1);
  EXPECT_EQ(j["goodput_fraction"].get<double>(), 0.5);
  EXPECT_EQ(j["energy_per_decode_token_j"].get<double>(), 0.25);
  EXPECT_EQ(j["average_power_w"].get<double>(), 33);
  EXPECT_EQ(j["utilisation_chip_links"].get<double>(), 0.0625);
  for (const auto& [k, v] : j.items()) EXPECT_FALSE(v.is_null()) << k;
}

TEST(ServeReport, IdentityMayRepeatButNotContradictAFigure) {
  const ServeSummary s = summarize_serve(test::six_requests(), kSlo);
  auto id = identity();
  id["mode"] = "fine";
  try {
    serve_summary_json(s, id);
    ADD_FAILURE() << "a contradicting mode was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("gives 'mode' as \"fine\" but the replay has \"fast\""),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(serve_summary_json(s, nlohmann::ordered_json::array()), std::invalid_argument);
  const auto plain = nlohmann::ordered_json::parse(serve_summary_json(s, nullptr));
  EXPECT_EQ(plain.begin().key(), "mode");
}

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

TEST(ServeReport, WritesEveryFileWithPlotsInBothFormats) {
  const auto r = test::six_requests();
  const ServeSummary s = summarize_serve(r, kSlo);
  TempDir dir;
  write_serve_files(dir.path(), r, s, identity());
  const std::set<std::string> expected = {
      "serve_summary.json",   "requests.csv",        "timeseries.csv",
      "latency_cdf_ttft.png", "latency_cdf_ttft.svg", "latency_cdf_itl.png",
      "latency_cdf_itl.svg",  "latency_cdf_e2e.png",  "latency_cdf_e2e.svg",
      "power_over_time.png",  "power_over_time.svg",  "queue_over_time.png",
      "queue_over_time.svg"};
  EXPECT_EQ(files_in(dir.path()), expected);
  for (const auto& name : expected) {
    const std::string bytes = read(dir.path() / name);
    ASSERT_GT(bytes.size(), 100u) << name;
    if (name.size() > 4 && name.substr(name.size() - 4) == ".png") {
      EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << name;
    }
    if (name.size() > 4 && name.substr(name.size() - 4) == ".svg") {
      EXPECT_EQ(bytes.rfind("<?xml", 0), 0u) << name;
      EXPECT_NE(bytes.find("</svg>"), std::string::npos) << name;
    }
  }
  EXPECT_EQ(read(dir.path() / "requests.csv"), serve_requests_csv(r));
  // Nothing is replaced: a second write into the same folder fails on the first file.
  EXPECT_THROW(write_serve_files(dir.path(), r, s, identity()), io::WriteError);
}

TEST(ServeReport, SameResultSameBytes) {
  const auto r = test::six_requests();
  const ServeSummary s = summarize_serve(r, kSlo);
  TempDir a, b;
  write_serve_files(a.path(), r, s, identity());
  write_serve_files(b.path(), r, s, identity());
  const auto names = files_in(a.path());
  ASSERT_EQ(names, files_in(b.path()));
  for (const auto& name : names)
    EXPECT_EQ(read(a.path() / name), read(b.path() / name)) << name;
}

TEST(ServeReport, NoFinishedRequestWritesNullsAndNoLatencyPlots) {
  workloads::serving::ServeResult r;
  r.mode = "fine";
  r.replicas = 2;
  workloads::serving::RequestOutcome q;
  q.id = 0;
  q.line = 1;
  q.prompt_tokens = 100000;
  q.output_tokens = 8;
  q.rejected = true;
  q.reject_reason = "longer than the model's context";
  r.requests = {q};
  r.rejected = 1;
  const ServeSummary s = summarize_serve(r, kSlo);
  TempDir dir;
  write_serve_files(dir.path(), r, s, identity());
  EXPECT_EQ(files_in(dir.path()),
            (std::set<std::string>{"serve_summary.json", "requests.csv", "timeseries.csv"}));
  const auto j = nlohmann::ordered_json::parse(read(dir.path() / "serve_summary.json"));
  EXPECT_EQ(j["finished_requests"].get<int>(), 0);
  EXPECT_EQ(j["ttft_samples"].get<int>(), 0);
  for (const char* k : {"ttft_p50_s", "ttft_mean_s", "itl_p99_s", "e2e_max_s", "tpot_p90_s",
                        "generated_tokens_per_s", "goodput_requests_per_s", "energy_per_token_j",
                        "average_power_w", "simulated_s_per_wall_s"})
    EXPECT_TRUE(j[k].is_null()) << k;
  EXPECT_EQ(j["goodput_fraction"].get<double>(), 0);
  EXPECT_EQ(lines(read(dir.path() / "timeseries.csv")).size(), 1u);  // the header only
}

TEST(ServeReport, LargeDistributionsArePlottedWithBoundedPoints) {
  auto r = test::six_requests();
  r.inter_token_s.clear();
  for (int i = 0; i < 100000; ++i) r.inter_token_s.push_back(0.001 * ((i * 7919) % 100000));
  const auto plots = serve_plots(r);
  ASSERT_EQ(plots.size(), 5u);
  const auto& itl = plots[1];
  ASSERT_EQ(itl.stem, "latency_cdf_itl");
  ASSERT_EQ(itl.plot.series.size(), 1u);
  const auto& xs = itl.plot.series[0].x;
  EXPECT_EQ(xs.size(), kServePlotMaxPoints);
  EXPECT_EQ(xs.front(), 0.0);
  EXPECT_EQ(xs.back(), 0.001 * 99999);  // the exact maximum is kept
  EXPECT_EQ(itl.plot.series[0].y.back(), 1.0);
  // The queue plot: both series at the interval midpoints 1 s and 3 s.
  const auto& queue = plots[4].plot;
  ASSERT_EQ(queue.series.size(), 2u);
  EXPECT_EQ(queue.series[0].x, (std::vector<double>{1, 3}));
  EXPECT_EQ(queue.series[0].y, (std::vector<double>{1.5, 0.5}));
  EXPECT_EQ(queue.series[1].y, (std::vector<double>{2, 1}));
  EXPECT_EQ(plots[3].plot.series[0].y, (std::vector<double>{24, 42}));  // power [W]
}

}  // namespace
}  // namespace aimcsim::report
