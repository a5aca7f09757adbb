// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Running the Python references of the tests (/usr/bin/python3 with Debian's numpy / torch):
/// whether they can run, and the float64 llama2.c reference's NLL of token sequences.
/// Header-only: the SystemC-free runner tests link no test-support library.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aimcsim::test {

/// The interpreter the project's Python helpers use (docs: Debian python3 packages).
inline const char* python_program() { return "/usr/bin/python3"; }

/// Exit code of `command` run by /bin/sh, stdout into `out_file` and stderr into `err_file`;
/// -1 when a signal ended it.
inline int run_shell(const std::string& command, const std::filesystem::path& out_file,
                     const std::filesystem::path& err_file) {
  const std::string full = command + " >'" + out_file.string() + "' 2>'" + err_file.string() + "'";
  const int status = std::system(full.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Empty when /usr/bin/python3 imports `module` (e.g. "numpy", "torch"), else the skip
/// message naming the Debian package scripts/install-deps.sh installs.
inline std::string python_module_missing(const std::string& module) {
  const std::string cmd = std::string(python_program()) + " -c 'import " + module +
                          "' >/dev/null 2>&1";
  if (std::system(cmd.c_str()) == 0) return {};
  return std::string(python_program()) + " cannot import " + module + " (Debian package python3-" +
         module + ", installed by scripts/install-deps.sh); the reference cannot run";
}

inline std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// tests/functional/reference/llama2c_reference.py `nll` of `sequences` (each from BOS) under
/// the llama2.c checkpoint `model`, computed in float64 with numpy: {"nll_sum", "tokens",
/// "perplexity", "per_sequence"}. `scratch` is a folder for its input and output files.
/// Throws std::runtime_error with the reference's stderr when it fails.
inline nlohmann::json llama2c_reference_nll(const std::filesystem::path& model,
                                            const std::vector<std::vector<int>>& sequences,
                                            const std::filesystem::path& scratch) {
  const auto input = scratch / "reference_sequences.json";
  const auto out = scratch / "reference_nll.out", err = scratch / "reference_nll.err";
  {
    std::ofstream f(input, std::ios::binary);
    f << nlohmann::json(sequences).dump();
  }
  const std::string script =
      std::string(AIMCSIM_SOURCE_DIR) + "/tests/functional/reference/llama2c_reference.py";
  const int rc = run_shell(std::string(python_program()) + " '" + script + "' nll '" +
                               model.string() + "' '" + input.string() + "'",
                           out, err);
  if (rc != 0)
    throw std::runtime_error("llama2c_reference.py nll exited with " + std::to_string(rc) + ": " +
                             slurp(err));
  return nlohmann::json::parse(slurp(out));
}

}  // namespace aimcsim::test
