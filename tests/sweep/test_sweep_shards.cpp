// SPDX-License-Identifier: Apache-2.0
// Shards and merge (issue 10): --shard K/N runs a deterministic subset; the shards of one N are
// disjoint and together are the whole sweep; `aimcsim sweep-merge` joins them into tables equal
// to the unsharded sweep's (wall-clock times aside); folders of different sweeps or overlapping
// shards are refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "tests/sweep/sweep_fixture.hpp"

namespace fs = std::filesystem;
using namespace aimcsim::test;

TEST(SweepShards, DisjointUnionIsTheSweepAndMergeEqualsTheFullRun) {
  SweepFixture fx;
  fx.write("tiny.yaml", tiny_sweep_yaml("pareto:\n  - {metric: run.energy_per_token_j, goal: min}\n"
                                        "  - {metric: run.tpot_s, goal: min}\n"));
  ASSERT_EQ(
      run_cli({"sweep", "tiny.yaml", "-j", "2", "--no-report", "-o", "full"}, fx.dir()).exit_code,
      3);
  std::set<std::string> seen;
  for (const std::string k : {"1", "2", "3", "4"}) {
    const auto r = run_cli(
        {"sweep", "tiny.yaml", "--shard", k + "/4", "--no-report", "-o", "s" + k}, fx.dir());
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 3) << r.err;
    // Shard K holds exactly the points with index % 4 == K - 1.
    for (const auto& id : point_folders(fx / ("s" + k))) {
      EXPECT_EQ(std::stoi(id) % 4, std::stoi(k) - 1) << id;
      EXPECT_TRUE(seen.insert(id).second) << id << " is in two shards";
    }
    const auto summary = read_json(fx / ("s" + k) / "sweep_summary.json");
    EXPECT_EQ(summary["shard"], k + "/4");
    EXPECT_EQ(summary["points"], 6);
    EXPECT_EQ(summary["not_run"].get<int>(),
              6 - static_cast<int>(point_folders(fx / ("s" + k)).size()));
  }
  const auto all = point_folders(fx / "full");
  EXPECT_EQ(std::vector<std::string>(seen.begin(), seen.end()), all);

  const auto m =
      run_cli({"sweep-merge", "s1", "s2", "s3", "s4", "-o", "merged", "--no-report"}, fx.dir());
  EXPECT_EQ(m.exit_code, 3) << m.err;
  EXPECT_EQ(without_wall_times(read_csv(fx / "merged" / "results.csv")),
            without_wall_times(read_csv(fx / "full" / "results.csv")));
  EXPECT_EQ(without_wall_times(read_csv(fx / "merged" / "pareto.csv")),
            without_wall_times(read_csv(fx / "full" / "pareto.csv")));
  EXPECT_EQ(point_folders(fx / "merged"), all);
  EXPECT_TRUE(fs::exists(fx / "merged" / "points" / "0004" / "run" / "summary.json"));
  EXPECT_EQ(read_text(fx / "merged" / "sweep.yaml"), read_text(fx / "tiny.yaml"));
  const auto summary = read_json(fx / "merged" / "sweep_summary.json");
  EXPECT_EQ(summary["ok"], 3);
  EXPECT_EQ(summary["failed"], 3);
  EXPECT_EQ(summary["not_run"], 0);
  EXPECT_TRUE(summary["shard"].is_null());
  // A merge missing shards is honest about it: shards 1 and 2 of 4 hold points 0, 4 and 1, 5.
  const auto part = run_cli({"sweep-merge", "s1", "s2", "-o", "part", "--no-report"}, fx.dir());
  EXPECT_EQ(read_json(fx / "part" / "sweep_summary.json")["not_run"], 2) << part.err;
  // Merging again replaces an earlier merge.
  EXPECT_EQ(
      run_cli({"sweep-merge", "s1", "s2", "s3", "s4", "-o", "merged", "--no-report"}, fx.dir())
          .exit_code,
      3);
}

TEST(SweepShards, MergeRefusesOverlapsAndOtherSweeps) {
  SweepFixture fx;
  fx.write("tiny.yaml", tiny_sweep_yaml());
  fx.write("other.yaml", tiny_sweep_yaml("seeds: [7]\n"));
  ASSERT_EQ(run_cli({"sweep", "tiny.yaml", "--shard", "1/2", "--no-report", "-o", "a"}, fx.dir())
                .exit_code,
            0);
  ASSERT_EQ(
      run_cli({"sweep", "tiny.yaml", "-j", "2", "--no-report", "-o", "full"}, fx.dir()).exit_code,
      3);
  ASSERT_EQ(run_cli({"sweep", "other.yaml", "--shard", "2/2", "--no-report", "-o", "b"}, fx.dir())
                .exit_code,
            3);
  const auto overlap = run_cli({"sweep-merge", "a", "full", "-o", "m1"}, fx.dir());
  EXPECT_EQ(overlap.exit_code, 2);
  EXPECT_NE(overlap.err.find("also ran in a"), std::string::npos) << overlap.err;
  const auto other = run_cli({"sweep-merge", "a", "b", "-o", "m2"}, fx.dir());
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("different sweep file"), std::string::npos) << other.err;
  const auto not_sweep = run_cli({"sweep-merge", "a", ".", "-o", "m3"}, fx.dir());
  EXPECT_EQ(not_sweep.exit_code, 2);
  for (const auto& r : {overlap, other, not_sweep}) EXPECT_EQ(r.err_lines().size(), 1u) << r.err;
  EXPECT_FALSE(fs::exists(fx / "m1"));
  EXPECT_FALSE(fs::exists(fx / "m2"));
}
