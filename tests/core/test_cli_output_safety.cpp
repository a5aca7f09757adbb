// SPDX-License-Identifier: Apache-2.0
// Issue 6, outputs: aimcsim never deletes or overwrites what it did not write, reports every
// failed write with a non-zero exit and no committed folder, and leaves nothing behind when
// interrupted (SIGINT, SIGTERM, SIGHUP) or, after SIGKILL, once the next run starts.
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"

namespace fs = std::filesystem;
using aimcsim::test::read_text;
using aimcsim::test::run_cli;
using aimcsim::test::TempDir;
using aimcsim::test::write_text;

namespace {

const std::vector<std::string> k_quick = {"run", "--prompt", "4", "--decode", "2"};

std::vector<std::string> quick_to(const std::string& out) {
  auto a = k_quick;
  a.insert(a.end(), {"-o", out});
  return a;
}

/// Entries of `dir` whose name contains `part`.
int count_named(const fs::path& dir, const std::string& part) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename().string().find(part) != std::string::npos;
  return n;
}

/// Waits (up to 60 s) until a staging folder appears in `dir`.
bool wait_for_staging(const fs::path& dir) {
  for (int i = 0; i < 600; ++i) {
    if (fs::exists(dir) && count_named(dir, ".staging-") > 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

/// A tmpfs mounted on `dir` for the test's lifetime, when the test runs as root.
struct ScopedTmpfs {
  fs::path dir;
  bool mounted = false;
  ScopedTmpfs(fs::path d, const char* options) : dir(std::move(d)) {
    fs::create_directories(dir);
    mounted = geteuid() == 0 && mount("tmpfs", dir.c_str(), "tmpfs", 0, options) == 0;
  }
  ~ScopedTmpfs() {
    if (mounted) umount(dir.c_str());
  }
};

}  // namespace

TEST(OutputSafety, FolderOfUserFilesIsRefusedAndKept) {
  TempDir dir;
  fs::create_directories(dir / "precious");
  write_text(dir / "precious" / "thesis.tex", "keep");
  const auto r = run_cli(quick_to("precious"), dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("thesis.tex"), std::string::npos) << r.err;
  EXPECT_EQ(read_text(dir / "precious" / "thesis.tex"), "keep");
  EXPECT_EQ(count_named(dir.path(), ".staging-"), 0);
}

TEST(OutputSafety, RegularFileIsRefusedAndKept) {
  TempDir dir;
  write_text(dir / "file.txt", "keep");
  const auto r = run_cli(quick_to("file.txt"), dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("not a folder"), std::string::npos) << r.err;
  EXPECT_EQ(read_text(dir / "file.txt"), "keep");
}

TEST(OutputSafety, DeviceAndSymlinkAreRefused) {
  TempDir dir;
  fs::create_symlink("/dev/null", dir / "null");
  for (const std::string target : {"/dev/null", "null"}) {
    const auto r = run_cli(quick_to(target), dir.path());
    EXPECT_EQ(r.exit_code, 2) << target << ": " << r.err;
  }
  EXPECT_TRUE(fs::exists("/dev/null"));
  EXPECT_TRUE(fs::is_symlink(dir / "null"));
}

TEST(OutputSafety, EarlierResultsFolderIsReplacedButNotOneWithUserFiles) {
  TempDir dir;
  ASSERT_EQ(run_cli(quick_to("run"), dir.path()).exit_code, 0);
  EXPECT_TRUE(fs::exists(dir / "run" / ".aimcsim-results"));
  // The same run again replaces its own folder.
  const auto again = run_cli(quick_to("run"), dir.path());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  // A file the user added makes it the user's: refused, both files kept.
  write_text(dir / "run" / "notes.md", "mine");
  const auto r = run_cli(quick_to("run"), dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("notes.md"), std::string::npos) << r.err;
  EXPECT_EQ(read_text(dir / "run" / "notes.md"), "mine");
  EXPECT_TRUE(fs::exists(dir / "run" / "summary.json"));
}

TEST(OutputSafety, EmptyFolderAndTrailingSlashAreAccepted) {
  TempDir dir;
  fs::create_directories(dir / "empty");
  EXPECT_EQ(run_cli(quick_to("empty"), dir.path()).exit_code, 0);
  EXPECT_TRUE(fs::exists(dir / "empty" / "summary.json"));
  const auto r = run_cli(quick_to("newdir/"), dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "newdir" / "summary.json"));
}

TEST(OutputSafety, UnusableOutputPathsAreOneLineErrors) {
  TempDir dir;
  write_text(dir / "f", "a file");
  const std::string long_name(300, 'a');
  for (const std::string& out : std::vector<std::string>{"f/run", long_name, ".", "/"}) {
    const auto r = run_cli(quick_to(out), dir.path());
    EXPECT_EQ(r.exit_code, 2) << out << ": " << r.err;
    EXPECT_EQ(r.err_lines().size(), 1u) << r.err;
    EXPECT_EQ(r.err.find("E549"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out_lines().empty()) << r.out;
  }
  EXPECT_EQ(read_text(dir / "f"), "a file");
}

TEST(OutputSafety, ReadOnlyFolderIsAnInputError) {
  TempDir dir;
  ScopedTmpfs ro(dir / "ro", "ro,size=64k");
  if (!ro.mounted) GTEST_SKIP() << "needs root to mount a read-only tmpfs";
  const auto r = run_cli(quick_to("ro/run"), dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("Read-only"), std::string::npos) << r.err;
}

TEST(OutputSafety, FullDiskFailsWithNoCommittedFolder) {
  TempDir dir;
  ScopedTmpfs full(dir / "full", "size=64k");
  if (!full.mounted) GTEST_SKIP() << "needs root to mount a 64 KiB tmpfs";
  const auto r = run_cli(quick_to("full/run"), dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(dir / "full")) << "a results or staging folder was left behind";
}

class Interrupt : public ::testing::TestWithParam<int> {};

TEST_P(Interrupt, LeavesNothingBehind) {
  TempDir dir;
  // Long enough to be interrupted mid-simulation; the parent folder is created by the run.
  const int pid = aimcsim::test::spawn_cli(
      {"run", "--prompt", "4", "--decode", "50000", "-o", "out/run"}, dir.path());
  ASSERT_TRUE(wait_for_staging(dir / "out"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(pid, GetParam());
  EXPECT_EQ(aimcsim::test::wait_cli(pid), 128 + GetParam());
  EXPECT_FALSE(fs::exists(dir / "out")) << "the created parent, staging folder or log remains";
}

INSTANTIATE_TEST_SUITE_P(Signals, Interrupt, ::testing::Values(SIGINT, SIGTERM, SIGHUP));

TEST(OutputSafety, StagingOfAKilledRunIsRemovedByTheNextRun) {
  TempDir dir;
  fs::create_directories(dir / "out");
  const int pid = aimcsim::test::spawn_cli(
      {"run", "--prompt", "4", "--decode", "50000", "-o", "out/long"}, dir.path());
  ASSERT_TRUE(wait_for_staging(dir / "out"));
  kill(pid, SIGKILL);
  EXPECT_EQ(aimcsim::test::wait_cli(pid), 128 + SIGKILL);
  EXPECT_EQ(count_named(dir / "out", ".staging-"), 1);
  // A staging-like folder of the user's (no marker) is never touched.
  fs::create_directories(dir / "out" / ".mine.staging-999999");
  ASSERT_EQ(run_cli(quick_to("out/short"), dir.path()).exit_code, 0);
  EXPECT_EQ(count_named(dir / "out", ".staging-"), 1);
  EXPECT_TRUE(fs::exists(dir / "out" / ".mine.staging-999999"));
  EXPECT_FALSE(fs::exists(dir / "out" / "long"));
}

TEST(OutputSafety, FullStandardOutputIsAnIoError) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  TempDir dir;
  const std::string cmd = std::string("'") + AIMCSIM_BINARY + "' components > /dev/full 2> '" +
                          (dir / "err").string() + "'";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_NE(read_text(dir / "err").find("standard output"), std::string::npos);
}

TEST(OutputSafety, InterruptKeepsWhatOthersPutInAFolderItCreated) {
  TempDir dir;
  const int pid = aimcsim::test::spawn_cli(
      {"run", "--prompt", "4", "--decode", "50000", "-o", "proj/run1"}, dir.path());
  ASSERT_TRUE(wait_for_staging(dir / "proj"));
  // Meanwhile another run commits beside it, and the user adds a file.
  ASSERT_EQ(run_cli(quick_to("proj/run2"), dir.path()).exit_code, 0);
  write_text(dir / "proj" / "notes.md", "mine");
  kill(pid, SIGTERM);
  EXPECT_EQ(aimcsim::test::wait_cli(pid), 128 + SIGTERM);
  EXPECT_EQ(read_text(dir / "proj" / "notes.md"), "mine");
  EXPECT_TRUE(fs::exists(dir / "proj" / "run2" / "summary.json"));
  EXPECT_FALSE(fs::exists(dir / "proj" / "run1"));
  EXPECT_EQ(count_named(dir / "proj", ".staging-"), 0);
}

TEST(OutputSafety, SymlinkInsideAResultsFolderIsNotItsOwn) {
  TempDir dir;
  ASSERT_EQ(run_cli(quick_to("run"), dir.path()).exit_code, 0);
  write_text(dir / "user.txt", "keep");
  fs::remove(dir / "run" / "summary.json");
  fs::create_symlink(dir / "user.txt", dir / "run" / "summary.json");
  const auto r = run_cli(quick_to("run"), dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir / "run" / "summary.json"));
  EXPECT_EQ(read_text(dir / "user.txt"), "keep");
}

TEST(OutputSafety, FifoMarkerDoesNotHang) {
  TempDir dir;
  fs::create_directories(dir / "f1");
  ASSERT_EQ(mkfifo((dir / "f1" / ".aimcsim-results").c_str(), 0644), 0);
  const auto r = run_cli(quick_to("f1"), dir.path());  // ctest's timeout catches a hang
  EXPECT_EQ(r.exit_code, 2) << r.err;
}
