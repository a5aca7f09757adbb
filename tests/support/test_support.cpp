// SPDX-License-Identifier: Apache-2.0
#include "tests/support/test_support.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sim/config/yaml_document.hpp"

namespace aimcsim::test {
namespace fs = std::filesystem;

fs::path source_dir() { return fs::path(AIMCSIM_SOURCE_DIR); }
std::string config_file(const std::string& name) { return (source_dir() / "configs" / name).string(); }

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "aimcsim-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  m_path = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(m_path, ec);
}

namespace {
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream is(text);
  std::string line;
  while (std::getline(is, line))
    if (!line.empty()) out.push_back(line);
  return out;
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}
}  // namespace

std::vector<std::string> CliResult::out_lines() const { return lines_of(out); }
std::vector<std::string> CliResult::err_lines() const {
  // Under AddressSanitizer, an exception thrown on a SystemC coroutine stack makes ASan print a
  // one-time three-line warning (docs/reliability.md, "Sanitizer suite"); it is the sanitizer's,
  // not aimcsim's, so it does not count as an output line.
  std::vector<std::string> kept;
  for (const auto& line : lines_of(err))
    if (line.find("ASan is ignoring requested __asan_handle_no_return") == std::string::npos &&
        line.rfind("False positive error reports may follow", 0) != 0 &&
        line.rfind("For details see https://github.com/google/sanitizers/issues/189", 0) != 0)
      kept.push_back(line);
  return kept;
}

CliResult run_cli(const std::vector<std::string>& args, const fs::path& cwd) {
  static int counter = 0;
  const std::string tag = std::to_string(++counter);
  const fs::path out = cwd / (".cli-stdout-" + tag), err = cwd / (".cli-stderr-" + tag);
  std::string cmd = "cd " + shell_quote(cwd.string()) + " && " + shell_quote(AIMCSIM_BINARY);
  for (const auto& a : args) cmd += " " + shell_quote(a);
  cmd += " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string());
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(out);
  r.err = read_text(err);
  fs::remove(out);
  fs::remove(err);
  return r;
}

int spawn_cli(const std::vector<std::string>& args, const fs::path& cwd, bool own_process_group) {
  std::vector<std::string> argv_text = {AIMCSIM_BINARY};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    if (own_process_group) setpgid(0, 0);
    if (chdir(cwd.c_str()) != 0) _exit(127);
    const int null_fd = open("/dev/null", O_WRONLY);
    dup2(null_fd, STDOUT_FILENO);
    dup2(null_fd, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (own_process_group) setpgid(pid, pid);  // also here: no race with a kill right after
  return pid;
}

int wait_cli(int pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot read");
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void write_text(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error(file.string() + ": cannot write");
}

nlohmann::json read_json(const fs::path& file) { return nlohmann::json::parse(read_text(file)); }

RunConfig load_config(const std::string& file, const std::vector<std::string>& overrides) {
  config::YamlDocument doc = config::YamlDocument::load_file(file);
  for (const auto& o : overrides) doc.apply_override(o);
  return read_run_config(doc);
}

std::string write_small_llama(const fs::path& dir) {
  // q 256x256, k/v 256x256 (4 kv heads x 64), o 256x256, gate/up 256x512, down 512x256:
  // 1 + 1 + 1 + 1 + 2 + 2 + 2 = 10 tiles of 256x256 per layer, 2 layers = 20 tiles.
  const fs::path file = dir / "config.json";
  write_text(file, R"({"model_type": "llama", "hidden_size": 256, "intermediate_size": 512,
  "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 4,
  "vocab_size": 1000, "tie_word_embeddings": true, "hidden_act": "silu"})");
  return file.string();
}

double rel_diff(double a, double b) {
  const double m = std::max(std::fabs(a), std::fabs(b));
  return m == 0 ? 0.0 : std::fabs(a - b) / m;
}

}  // namespace aimcsim::test
