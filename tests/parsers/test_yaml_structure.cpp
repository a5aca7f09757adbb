// SPDX-License-Identifier: Apache-2.0
// What a configuration file may not contain, and the one-line error each gives: a second
// document, text after `...`, an unterminated quote at the end, complex keys, anchors and
// aliases, and files beyond the 1 MiB limit (issue 6, items 7, 8 and 12).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>

#include "sim/arch_config.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/text_check.hpp"
#include "sim/config/yaml_document.hpp"

namespace fs = std::filesystem;
using aimcsim::config::ConfigError;
using aimcsim::config::YamlDocument;

namespace {

/// The ConfigError message of loading `text` as "cfg.yaml" and reading it as a run file, or
/// "(accepted)".
std::string error_of(const std::string& text) {
  try {
    const YamlDocument doc = YamlDocument::load_string(text, "cfg.yaml");
    aimcsim::read_run_config(doc);
  } catch (const ConfigError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "more than one line: " << msg;
    return msg;
  }
  return "(accepted)";
}

void expect_error(const std::string& text, const std::string& where, const std::string& what) {
  const std::string e = error_of(text);
  EXPECT_EQ(e.rfind(where + ": ", 0), 0u) << "expected to start with '" << where << ": ': " << e;
  EXPECT_NE(e.find(what), std::string::npos) << "expected '" << what << "' in: " << e;
}

/// A folder of its own under the system's temporary directory, removed at the end.
struct TempFolder {
  fs::path path = fs::temp_directory_path() / ("aimcsim-parsers-" + std::to_string(::getpid()) +
                                               "-" + ::testing::UnitTest::GetInstance()
                                                         ->current_test_info()
                                                         ->name());
  TempFolder() { fs::create_directories(path); }
  ~TempFolder() { fs::remove_all(path); }
};

}  // namespace

TEST(YamlStructure, AValidFileIsAccepted) {
  EXPECT_EQ(error_of("version: 1\nname: small\n"), "(accepted)");
  // A leading document marker and a final `...` with only comments after it are one document.
  EXPECT_EQ(error_of("---\nversion: 1\n...\n# the end\n"), "(accepted)");
}

TEST(YamlStructure, SecondDocumentIsRefusedWithItsLine) {
  expect_error("version: 1\n---\nname: other\n", "cfg.yaml:2", "a second YAML document");
  // An empty second document (a stray trailing ---) is refused as well.
  expect_error("version: 1\nname: a\n---\n", "cfg.yaml:3", "a second YAML document");
}

TEST(YamlStructure, TextAfterTheDocumentEndIsRefused) {
  expect_error("version: 1\n...\nname: ignored before\n", "cfg.yaml:3", "a second YAML document");
}

TEST(YamlStructure, UnterminatedQuoteAtTheEndIsRefused) {
  expect_error("version: 1\nname: \"abc\n", "cfg.yaml:2", "never closed; expected a closing \"");
  expect_error("version: 1\nname: 'abc\n\n", "cfg.yaml:2", "never closed; expected a closing '");
  expect_error("version: 1\nname: !!str \"abc\n", "cfg.yaml:2", "never closed");
  // An escaped quote does not close the string.
  expect_error("version: 1\nname: \"abc\\\"\n", "cfg.yaml:2", "never closed");
}

TEST(YamlStructure, ClosedQuotesAreAccepted) {
  EXPECT_EQ(error_of("version: 1\nname: \"a \\\"b\\\" c\"\n"), "(accepted)");
  EXPECT_EQ(error_of("version: 1\nname: 'it''s'\n"), "(accepted)");
  EXPECT_EQ(error_of("version: 1\nname: \"folded\n  over two lines\"\n"), "(accepted)");
}

TEST(YamlStructure, ComplexAndEmptyKeysAreOneLineErrors) {
  expect_error("version: 1\n? [a, b]\n: 1\n", "cfg.yaml:2", "not a plain word");
  expect_error("version: 1\n? {a: 1}\n: 1\n", "cfg.yaml:2", "not a plain word");
  expect_error("version: 1\n~: 1\n", "cfg.yaml:2", "not a plain word");
  expect_error("version: 1\nchip:\n  ? [rows]\n  : 4\n", "cfg.yaml:3", "not a plain word");
}

TEST(YamlStructure, AnchorsAndAliasesAreRefused) {
  expect_error("version: 1\nname: &n small\ndescription: *n\n", "cfg.yaml:2", "an anchor");
  // The "billion laughs" shape: refused at the first anchor, nothing is expanded.
  expect_error("version: 1\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "cfg.yaml:2",
               "anchors and aliases are not supported");
}

TEST(YamlStructure, TopLevelMustBeAMapping) {
  expect_error("- 1\n- 2\n", "cfg.yaml:1", "expected a YAML mapping");
  expect_error("just text\n", "cfg.yaml:1", "expected a YAML mapping");
}

TEST(YamlStructure, SyntaxErrorsNameTheLine) {
  expect_error("version: 1\nchip: [1, 2\n", "cfg.yaml:3", "YAML syntax error");
}

TEST(YamlStructure, OversizeTextIsRefusedBeforeParsing) {
  std::string big = "version: 1\n";
  while (big.size() <= aimcsim::config::k_max_config_bytes) big += "# padding padding padding\n";
  expect_error(big, "cfg.yaml", "larger than 1 MiB");
  // Just below the limit is fine.
  big.resize(aimcsim::config::k_max_config_bytes - 1);
  big.back() = '\n';
  big.resize(big.rfind('\n') + 1);
  EXPECT_EQ(error_of(big), "(accepted)");
}

TEST(YamlStructure, OversizeFilesDevicesAndDirectoriesAreRefusedByName) {
  TempFolder tmp;
  const std::string file = (tmp.path / "big.yaml").string();
  {
    std::ofstream out(file);
    out << "version: 1\n";
    // 4 MiB of valid YAML; refused without building nodes for it.
    for (int i = 0; i < 4 * 1024 * 64; ++i) out << "k" << i << ": 1234567890\n";
  }
  auto load_error = [](const std::string& f) {
    try {
      YamlDocument::load_file(f);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  EXPECT_EQ(load_error(file), file + ": is larger than 1 MiB, the limit for configuration files; "
                                     "expected a YAML configuration file");
  EXPECT_NE(load_error("/dev/zero").find("/dev/zero: is larger than 1 MiB"), std::string::npos);
  EXPECT_EQ(load_error(tmp.path.string()),
            tmp.path.string() + ": is a directory; expected a YAML configuration file");
  const std::string missing = (tmp.path / "missing.yaml").string();
  EXPECT_NE(load_error(missing).find(missing + ": cannot be opened"), std::string::npos);
}

TEST(YamlStructure, ACloneTakesOverridesAlone) {
  // A sweep validates each point on a clone of one parsed architecture: no point may see
  // another's settings.
  const YamlDocument base = YamlDocument::load_string("chip:\n  analog_tile:\n    rows: 256\n",
                                                      "cfg.yaml");
  YamlDocument a = base.clone();
  a.apply_override("chip.analog_tile.rows=512");
  a.apply_override("chip.analog_tile.cols=64");
  EXPECT_EQ(a.root()["chip"]["analog_tile"]["rows"].as<std::string>(), "512");
  EXPECT_EQ(base.root()["chip"]["analog_tile"]["rows"].as<std::string>(), "256");
  EXPECT_FALSE(base.root()["chip"]["analog_tile"]["cols"]);
  // Errors of the clone still name the file and line.
  EXPECT_EQ(base.clone().where(base.root()["chip"]["analog_tile"]["rows"], "chip.analog_tile.rows"),
            "cfg.yaml:3");
}
