// SPDX-License-Identifier: Apache-2.0
// Text values and the text of error messages: control characters and bytes that are not UTF-8
// are refused when the configuration is read (not after the simulation, in the JSON writer), and
// no error message carries them raw to the terminal (issue 6, items 9 and 12). Errors caused by a
// -p option name the option, not the YAML file.
#include <string>

#include <gtest/gtest.h>

#include "sim/arch_config.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/text_check.hpp"
#include "sim/config/yaml_document.hpp"

using aimcsim::config::ConfigError;
using aimcsim::config::YamlDocument;
namespace cfg = aimcsim::config;

namespace {

std::string error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    YamlDocument doc = YamlDocument::load_string(text, "cfg.yaml");
    for (const auto& o : overrides) doc.apply_override(o);
    aimcsim::read_run_config(doc);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(accepted)";
}

/// No byte below 0x20, no DEL, and valid UTF-8: safe to print on a terminal.
void expect_printable(const std::string& msg) {
  EXPECT_TRUE(cfg::valid_utf8(msg)) << msg;
  for (unsigned char c : msg) EXPECT_TRUE(c >= 0x20 && c != 0x7F) << "raw byte " << int(c);
}

}  // namespace

TEST(TextValues, Utf8Validation) {
  EXPECT_TRUE(cfg::valid_utf8("plain ascii"));
  EXPECT_TRUE(cfg::valid_utf8("µm, 14 nm, Ω, 🙂"));
  EXPECT_FALSE(cfg::valid_utf8("\xff"));
  EXPECT_FALSE(cfg::valid_utf8("\xc3"));              // truncated two-byte sequence
  EXPECT_FALSE(cfg::valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(cfg::valid_utf8("\xed\xa0\x80"));      // UTF-16 surrogate U+D800
  EXPECT_FALSE(cfg::valid_utf8("\xf4\x90\x80\x80"));  // U+110000, beyond Unicode
}

TEST(TextValues, ProblemNamesThePosition) {
  EXPECT_EQ(cfg::text_value_problem("HERMES µ-chip"), "");
  EXPECT_EQ(cfg::text_value_problem("ab\x1b[31m"), "character 3 is a control character (U+001B)");
  EXPECT_EQ(cfg::text_value_problem("a\tb"), "character 2 is a control character (U+0009)");
  EXPECT_EQ(cfg::text_value_problem("µ\xc2\x85"), "character 2 is a control character (U+0085)");
  EXPECT_EQ(cfg::text_value_problem("ab\xff"), "byte 3 is not valid UTF-8");
}

TEST(TextValues, PrintableEscapesAndCuts) {
  EXPECT_EQ(cfg::printable("a\x1b[31mb"), "a\\x1B[31mb");
  EXPECT_EQ(cfg::printable("a\xff" "b"), "a\\xFFb");
  EXPECT_EQ(cfg::printable("Ω\xc2\x9f"), "Ω\\xC2\\x9F");
  EXPECT_EQ(cfg::printable(std::string(100, 'x'), 10), std::string(10, 'x') + "...");
}

TEST(TextValues, ControlCharacterInNameIsRefusedNamingTheKey) {
  const std::string e = error_of("version: 1\nname: \"red\\e[31m\"\n");
  EXPECT_EQ(e, "cfg.yaml:2: key 'name': expected text of printable UTF-8 characters; character 4 "
               "is a control character (U+001B)");
  expect_printable(e);
  // A raw control byte in a plain scalar, and a newline in a block scalar.
  EXPECT_NE(error_of("version: 1\nname: a\x01" "b\n").find("cfg.yaml:2: key 'name'"),
            std::string::npos);
  EXPECT_NE(error_of("version: 1\ndescription: |\n  two\n  lines\n").find("key 'description'"),
            std::string::npos);
}

TEST(TextValues, NonUtf8NameIsRefusedAtReadTime) {
  const std::string e = error_of("version: 1\nname: caf\xe9\n");  // Latin-1 'é'
  EXPECT_EQ(e, "cfg.yaml:2: key 'name': expected text of printable UTF-8 characters; byte 4 is "
               "not valid UTF-8");
  EXPECT_EQ(error_of("version: 1\nname: café\n"), "(accepted)");
}

TEST(TextValues, OverrideTextIsCheckedAndNamed) {
  const std::string e = error_of("version: 1\n", {"name=\x1b]0;pwned\x07"});
  EXPECT_EQ(e.rfind("command line (-p name=\\x1B]0;pwned\\x07): key 'name': ", 0), 0u) << e;
  expect_printable(e);
}

TEST(TextValues, BadKeysAndValuesAreEscapedInMessages) {
  const std::string k = error_of("version: 1\nchip:\n  \"ro\\e[2Jws\": 4\n");
  EXPECT_NE(k.find("key 'chip.ro\\x1B[2Jws': unknown key"), std::string::npos) << k;
  expect_printable(k);
  const std::string v = error_of("version: 1\nchip:\n  mesh:\n    rows: \"4\\e[2J\"\n");
  EXPECT_NE(v.find("got '4\\x1B[2J'"), std::string::npos) << v;
  expect_printable(v);
}

TEST(TextValues, UnknownOverrideGroupNamesTheOption) {
  // Item 9: "-p bogus.x=1" was blamed on the YAML file.
  const std::string bogus = error_of("version: 1\n", {"bogus.x=1"});
  EXPECT_EQ(bogus.rfind("command line (-p bogus.x=1): key 'bogus'", 0), 0u) << bogus;
  EXPECT_EQ(error_of("version: 1\n", {"chip.bogus.x=1"})
                .rfind("command line (-p chip.bogus.x=1): key 'chip.bogus'", 0),
            0u);
  EXPECT_EQ(error_of("version: 1\n", {"chip.mesh.rowz=1"})
                .rfind("command line (-p chip.mesh.rowz=1): key 'chip.mesh.rowz': unknown key", 0),
            0u);
}

TEST(TextValues, MalformedOverridesAreOneLineErrors) {
  EXPECT_NE(error_of("version: 1\n", {"chip.=1"}).find("empty key in the dotted path"),
            std::string::npos);
  EXPECT_NE(error_of("version: 1\n", {"chip..mesh=1"}).find("empty key in the dotted path"),
            std::string::npos);
  EXPECT_NE(error_of("version: 1\n", {"=1"}).find("expected dotted.key=value"), std::string::npos);
  EXPECT_NE(error_of("version: 1\nname: x\n", {"name.x=1"}).find("holds a value"),
            std::string::npos);
}

TEST(TextValues, YamlSyntaxErrorsQuoteTheBadCharacterEscaped) {
  // Found by fuzz_run_config: yaml-cpp's message carries the offending byte raw.
  const std::string e = error_of("version: 1\nname: \"a\\\xff\"\n");
  EXPECT_EQ(e, "cfg.yaml:2: YAML syntax error: unknown escape character: \\xFF");
  expect_printable(e);
}

TEST(TextValues, CrossCheckErrorsQuoteNumbersWithoutTheirBlanks) {
  // Found by fuzz_run_config: "2 \f\f" reads as the number 2 (blanks around a number are
  // skipped), and the cross-check error quoted the form feeds raw. A number keeps no blanks.
  const std::string e = error_of(
      "version: 1\nchip:\n  analog_tile:\n    cols: \"451\\f\"\n"
      "    columns_per_weight: \"2 \\f\\f\"\n");
  EXPECT_EQ(e, "cfg.yaml:5: key 'chip.analog_tile.columns_per_weight': expected a divisor of cols "
               "(cols = 451 at cfg.yaml:4), got '2'");
  expect_printable(e);
}

TEST(TextValues, ResolvedNumbersReadBackTheSame) {
  // Found by fuzz_run_config: "0mm2   \r" was written into the resolved configuration as it
  // was, and the carriage return broke the line when it was read again.
  const YamlDocument doc = YamlDocument::load_string(
      "version: 1\nsystem:\n  chip_link:\n    area: \"0mm2   \\r\"\n    latency: \" 2ns\\f\"\n",
      "cfg.yaml");
  const aimcsim::RunConfig first = aimcsim::read_run_config(doc);
  EXPECT_EQ(first.values->child("system").child("chip_link").value("area").text, "0mm2");
  EXPECT_EQ(first.values->child("system").child("chip_link").value("latency").text, "2ns");
  const std::string resolved = aimcsim::resolved_yaml(first);
  const aimcsim::RunConfig again =
      aimcsim::read_run_config(YamlDocument::load_string(resolved, "resolved.yaml"));
  EXPECT_EQ(again.values->child("system").child("chip_link").value("area").text, "0mm2");
  EXPECT_EQ(again.values->child("system").child("chip_link").real("latency"), 2e-9);
}
