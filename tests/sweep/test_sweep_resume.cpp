// SPDX-License-Identifier: Apache-2.0
// Kill safety and --resume (issue 10): a sweep whose whole process group is killed with SIGKILL
// loses only the points that were running; `--resume` keeps the finished points untouched
// (same status.json file, never rewritten), reruns the rest, and ends with tables equal to an
// uninterrupted sweep's (same config + same seed = bit-identical metrics).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "tests/sweep/sweep_fixture.hpp"

namespace fs = std::filesystem;
using namespace aimcsim::test;

namespace {

/// Eight points of about 0.25 s each (Qwen2.5-0.5B on hermes, 4 + 2 tokens), run one at a time.
const char* k_slow_sweep = R"(version: 1
name: resume
base:
  arch: hermes
  params:
    workload.prompt_tokens: 4
    workload.decode_tokens: 2
commands:
  run: [--model, qwen2.5-0.5b]
axes:
  chip.analog_tile.adc.bits: [4, 5, 6, 7]
seeds: [1, 2]
)";


int count_status_files(const fs::path& sweep_dir) {
  int n = 0;
  for (const auto& id : point_folders(sweep_dir))
    n += fs::exists(sweep_dir / "points" / id / "status.json");
  return n;
}

struct FileStamp {
  ino_t inode;
  long long mtime_ns;
  bool operator==(const FileStamp& o) const { return inode == o.inode && mtime_ns == o.mtime_ns; }
};

FileStamp stamp(const fs::path& file) {
  struct stat st {};
  EXPECT_EQ(stat(file.c_str(), &st), 0) << file;
  return {st.st_ino, static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec};
}

}  // namespace

TEST(SweepResume, SigkilledSweepResumesToTheUninterruptedResults) {
  SweepFixture fx;
  fx.write("resume.yaml", k_slow_sweep);
  const pid_t pid =
      spawn_cli({"sweep", "resume.yaml", "-j", "1", "--no-report", "-o", "out"}, fx.dir(), true);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (count_status_files(fx / "out") < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ASSERT_EQ(kill(-pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the sweep ended before it was killed";
  // Let the killed points' processes vanish before the stamps are taken.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));

  std::map<std::string, FileStamp> finished;
  for (const auto& id : point_folders(fx / "out"))
    if (fs::exists(fx / "out" / "points" / id / "status.json"))
      finished[id] = stamp(fx / "out" / "points" / id / "status.json");
  ASSERT_GE(finished.size(), 2u);
  ASSERT_LT(finished.size(), 8u) << "the sweep was not interrupted";
  EXPECT_FALSE(fs::exists(fx / "out" / "results.csv"));

  const auto resumed = run_cli(
      {"sweep", "resume.yaml", "-j", "2", "--resume", "--no-report", "-o", "out"}, fx.dir());
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find(std::to_string(finished.size()) + " points done earlier"),
            std::string::npos)
      << resumed.err;
  for (const auto& [id, before] : finished)
    EXPECT_TRUE(stamp(fx / "out" / "points" / id / "status.json") == before) << id << " was rerun";
  const auto summary = read_json(fx / "out" / "sweep_summary.json");
  EXPECT_EQ(summary["ok"], 8);

  const auto straight =
      run_cli({"sweep", "resume.yaml", "-j", "2", "--no-report", "-o", "straight"}, fx.dir());
  ASSERT_EQ(straight.exit_code, 0) << straight.err;
  const auto a = without_wall_times(read_csv(fx / "out" / "results.csv"));
  const auto b = without_wall_times(read_csv(fx / "straight" / "results.csv"));
  ASSERT_EQ(a.size(), 9u);
  EXPECT_EQ(a, b);
  // A second resume of a complete sweep runs nothing and changes nothing.
  const FileStamp last = stamp(fx / "out" / "points" / "0007" / "status.json");
  EXPECT_EQ(
      run_cli({"sweep", "resume.yaml", "--resume", "--no-report", "-o", "out"}, fx.dir()).exit_code,
      0);
  EXPECT_TRUE(stamp(fx / "out" / "points" / "0007" / "status.json") == last);
}
