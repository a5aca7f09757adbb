// SPDX-License-Identifier: Apache-2.0
// `aimcsim sweep` as a user runs it (issue 10): a failed point is recorded and counted and the
// sweep goes on; every ok point's metrics are those of the same `aimcsim run` typed by hand,
// bit for bit; --dry-run lists the points and runs nothing; the output folder is refused
// unless new, empty, or (with --resume) an earlier sweep folder; a failing report leaves the
// tables and exits 1.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "tests/sweep/sweep_fixture.hpp"

namespace fs = std::filesystem;
using namespace aimcsim::test;

namespace {

/// Index of `name` in the CSV header `header`; fails the test if absent.
std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  EXPECT_NE(it, header.end()) << name;
  return static_cast<std::size_t>(it - header.begin());
}

}  // namespace

TEST(SweepRun, FailedPointsAreRecordedAndTheSweepGoesOn) {
  SweepFixture fx;
  fx.write("tiny.yaml", tiny_sweep_yaml());
  const auto r = run_cli({"sweep", "tiny.yaml", "-j", "2", "--no-report", "-o", "out"}, fx.dir());
  EXPECT_EQ(r.exit_code, 3) << r.err;  // 3: the sweep ran to its end with failed points
  ASSERT_FALSE(r.out_lines().empty());
  EXPECT_NE(r.out_lines().back().find("6 points: 3 ok, 3 failed"), std::string::npos) << r.out;

  const auto rows = read_csv(fx / "out" / "results.csv");
  ASSERT_EQ(rows.size(), 7u);
  const auto& h = rows[0];
  EXPECT_EQ(h[0], "point");
  EXPECT_EQ(h[1], "status");
  EXPECT_EQ(h[2], "exit_code");
  EXPECT_EQ(h.back(), "error");
  const std::size_t area = column(h, "chip.max_area [mm2]");
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const bool small_chip_limit = i % 2 == 0;  // points 0001, 0003, 0005
    EXPECT_EQ(rows[i][0], "000" + std::to_string(i - 1));
    EXPECT_EQ(rows[i][1], small_chip_limit ? "failed" : "ok") << i;
    EXPECT_EQ(rows[i][2], small_chip_limit ? "2" : "0") << i;
    EXPECT_EQ(rows[i][area], small_chip_limit ? "100" : "858") << i;
    EXPECT_EQ(rows[i].back().find("chip.max_area") != std::string::npos, small_chip_limit)
        << rows[i].back();
  }
  const auto status = read_json(fx / "out" / "points" / "0003" / "status.json");
  EXPECT_EQ(status["status"], "failed");
  EXPECT_EQ(status["exit_code"], 2);
  EXPECT_EQ(status["failed_command"], "run");
  const auto summary = read_json(fx / "out" / "sweep_summary.json");
  EXPECT_EQ(summary["points"], 6);
  EXPECT_EQ(summary["ok"], 3);
  EXPECT_EQ(summary["failed"], 3);
  EXPECT_EQ(summary["not_run"], 0);
  EXPECT_EQ(summary["skipped_by_constraints"], 0);
  // Each point folder holds its resolved configuration and full report.
  EXPECT_TRUE(fs::exists(fx / "out" / "points" / "0002" / "run" / "config.resolved.yaml"));
  EXPECT_TRUE(fs::exists(fx / "out" / "points" / "0002" / "point.json"));
  EXPECT_EQ(read_text(fx / "out" / "sweep.yaml"), read_text(fx / "tiny.yaml"));
}

TEST(SweepRun, PointMetricsEqualTheSameRunTypedByHand) {
  SweepFixture fx;
  fx.write("tiny.yaml", tiny_sweep_yaml());
  ASSERT_EQ(
      run_cli({"sweep", "tiny.yaml", "-j", "2", "--no-report", "-o", "out"}, fx.dir()).exit_code,
      3);
  // Point 0002 is adc.bits 6, max_area 858 mm2.
  const auto by_hand =
      run_cli({"run", "hermes", "--model", "config.json", "-p", "workload.prompt_tokens=4", "-p",
               "workload.decode_tokens=2", "-p", "chip.analog_tile.adc.bits=6", "-p",
               "chip.max_area=858", "-o", "hand"},
              fx.dir());
  ASSERT_EQ(by_hand.exit_code, 0) << by_hand.err;
  const auto hand = read_json(fx / "hand" / "summary.json");
  const auto results = read_json(fx / "out" / "results.json");
  const auto& metrics = results["points"][2]["metrics"];
  int compared = 0;
  for (auto it = hand.begin(); it != hand.end(); ++it) {
    if (!it.value().is_number() || it.key() == "sim_wall_s") continue;
    ASSERT_TRUE(metrics.contains("run." + it.key())) << it.key();
    EXPECT_EQ(metrics["run." + it.key()].get<double>(), it.value().get<double>()) << it.key();
    ++compared;
  }
  EXPECT_GT(compared, 20);
  // Point 0000 (4 bits) differs from 0002 (6 bits): the axis reached the simulator.
  EXPECT_NE(results["points"][0]["metrics"]["run.energy_j"], metrics["run.energy_j"]);
  EXPECT_EQ(results["points"][2]["reports"]["run"], "points/0002/run");
}

TEST(SweepRun, DryRunListsPointsAndSkippedOnesAndRunsNothing) {
  SweepFixture fx;
  fx.write("tiny.yaml", tiny_sweep_yaml("constraints:\n  - chip.analog_tile.adc.bits < 8\n"));
  const auto r = run_cli({"sweep", "tiny.yaml", "--dry-run", "-o", "out"}, fx.dir());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = r.out_lines();
  ASSERT_EQ(lines.size(), 8u) << r.out;  // header, 4 points, 2 skipped, count
  EXPECT_EQ(lines[1], "0000 chip.analog_tile.adc.bits=4 chip.max_area=858");
  EXPECT_EQ(lines[2], "0001 chip.analog_tile.adc.bits=4 chip.max_area=100");
  EXPECT_EQ(lines[4], "0003 chip.analog_tile.adc.bits=6 chip.max_area=100");
  EXPECT_EQ(
      lines[5].rfind("skipped chip.analog_tile.adc.bits=8 chip.max_area=858 (constraint: ", 0), 0u)
      << lines[5];
  EXPECT_NE(lines[7].find("4 points would run"), std::string::npos);
  EXPECT_FALSE(fs::exists(fx / "out"));
  // A shard lists its own points only.
  const auto shard = run_cli({"sweep", "tiny.yaml", "--dry-run", "--shard", "2/3"}, fx.dir());
  ASSERT_EQ(shard.exit_code, 0) << shard.err;
  EXPECT_EQ(shard.out_lines()[1], "0001 chip.analog_tile.adc.bits=4 chip.max_area=100");
  EXPECT_NE(shard.out.find("1 points would run in shard 2/3"), std::string::npos) << shard.out;
}

TEST(SweepRun, OutputFolderIsRefusedUnlessNewEmptyOrResumed) {
  SweepFixture fx;
  fx.write("tiny.yaml", tiny_sweep_yaml());
  fs::create_directories(fx / "mine");
  write_text(fx / "mine" / "thesis.tex", "keep");
  write_text(fx / "file.txt", "keep");
  fs::create_directories(fx / "empty");
  for (const std::string out : {"mine", "file.txt"}) {
    const auto r = run_cli({"sweep", "tiny.yaml", "--no-report", "-o", out}, fx.dir());
    EXPECT_EQ(r.exit_code, 2) << r.err;
    ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find("-o " + out), std::string::npos) << r.err;
  }
  EXPECT_EQ(read_text(fx / "mine" / "thesis.tex"), "keep");
  EXPECT_EQ(read_text(fx / "file.txt"), "keep");
  EXPECT_EQ(run_cli({"sweep", "tiny.yaml", "--no-report", "-o", "empty"}, fx.dir()).exit_code, 3);
  // An earlier sweep folder: only with --resume.
  const auto again = run_cli({"sweep", "tiny.yaml", "--no-report", "-o", "empty"}, fx.dir());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("--resume"), std::string::npos) << again.err;
  // A bad --shard is bad input, before anything is written.
  const auto shard = run_cli({"sweep", "tiny.yaml", "--shard", "4/3", "-o", "s"}, fx.dir());
  EXPECT_EQ(shard.exit_code, 2);
  EXPECT_NE(shard.err.find("--shard '4/3'"), std::string::npos) << shard.err;
  EXPECT_FALSE(fs::exists(fx / "s"));
}

TEST(SweepRun, ResumeRefusesAChangedSweepFile) {
  SweepFixture fx;
  fx.write("tiny.yaml", tiny_sweep_yaml());
  ASSERT_EQ(run_cli({"sweep", "tiny.yaml", "--no-report", "-o", "out"}, fx.dir()).exit_code, 3);
  std::string changed = tiny_sweep_yaml();
  changed.replace(changed.find("[4, 6, 8]"), 9, "[4, 5, 8]");
  fx.write("tiny.yaml", changed);
  const auto r = run_cli({"sweep", "tiny.yaml", "--no-report", "--resume", "-o", "out"}, fx.dir());
  EXPECT_EQ(r.exit_code, 2);
  ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("sweep file changed"), std::string::npos) << r.err;
}

TEST(SweepRun, FailingReportKeepsTheTablesAndExitsOne) {
  SweepFixture fx;
  fx.write("tiny.yaml", tiny_sweep_yaml("constraints:\n  - chip.max_area > 500\n"));
  setenv("AIMCSIM_PYTHON", "/bin/false", 1);
  const auto r = run_cli({"sweep", "tiny.yaml", "-o", "out"}, fx.dir());
  unsetenv("AIMCSIM_PYTHON");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("sweep report"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("exited with code 1"), std::string::npos) << r.err;
  EXPECT_EQ(read_csv(fx / "out" / "results.csv").size(), 4u);
  EXPECT_TRUE(fs::exists(fx / "out" / "sweep_summary.json"));
}
