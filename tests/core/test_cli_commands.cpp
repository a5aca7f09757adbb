// SPDX-License-Identifier: Apache-2.0
// `aimcsim components` documents every parameter of the schema (walked here from
// run_config_spec(), so a parameter added to the code but missing from the listing fails), with
// default, unit and source; `--help` works on every command.
#include <algorithm>
#include <functional>
#include <map>

#include <gtest/gtest.h>

#include "sim/arch_config.hpp"
#include "tests/support/test_support.hpp"

using aimcsim::config::ComponentSpec;

namespace {
/// Splits the Markdown listing at its "## `path`" headings.
std::map<std::string, std::string> sections(const std::string& md) {
  std::map<std::string, std::string> out;
  std::string key;
  size_t pos = 0;
  while (pos < md.size()) {
    size_t end = md.find('\n', pos);
    if (end == std::string::npos) end = md.size();
    const std::string line = md.substr(pos, end - pos);
    if (line.rfind("## `", 0) == 0) {
      key = line.substr(4, line.find('`', 4) - 4);
      out[key];
    } else if (!key.empty()) {
      out[key] += line + "\n";
    }
    pos = end + 1;
  }
  return out;
}
}  // namespace

TEST(CliComponents, ListsEveryParameterWithDefaultUnitAndSource) {
  aimcsim::test::TempDir dir;
  const auto r = aimcsim::test::run_cli({"components"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("chip.analog_tile.adc"), std::string::npos);
  EXPECT_NE(r.out.find("`t_readout`"), std::string::npos);
  const auto by_path = sections(r.out);
  int checked = 0;
  std::function<void(const ComponentSpec&, const std::string&)> walk =
      [&](const ComponentSpec& spec, const std::string& path) {
        const std::string key = path.empty() ? "(top level)" : path;
        ASSERT_TRUE(by_path.count(key)) << "no section for " << key;
        const std::string& body = by_path.at(key);
        for (const auto& p : spec.params) {
          const auto row_at = body.find("| `" + p.name + "` |");
          ASSERT_NE(row_at, std::string::npos) << key << "." << p.name << " not listed";
          const std::string row = body.substr(row_at, body.find('\n', row_at) - row_at);
          if (!p.unit.empty() && !p.default_text.empty()) {
            EXPECT_NE(row.find(p.default_text + " " + p.unit), std::string::npos)
                << "default with unit missing: " << row;
          }
          if (!p.source.empty()) {
            EXPECT_NE(row.find(p.source.substr(0, 20)), std::string::npos)
                << "source missing: " << row;
          }
          ++checked;
        }
        for (const auto& [k, child] : spec.children)
          walk(*child, path.empty() ? k : path + "." + k);
      };
  walk(aimcsim::run_config_spec(), "");
  EXPECT_GT(checked, 80);
  // The ADC read-out time row: HERMES default 5 ns with its source (LG23 Table I).
  const std::string& adc = by_path.at("chip.analog_tile.adc");
  EXPECT_NE(adc.find("| `t_readout` | 5 ns |"), std::string::npos) << adc;
  EXPECT_NE(adc.find("LG23"), std::string::npos);
}

TEST(CliHelp, EveryCommandHasHelp) {
  aimcsim::test::TempDir dir;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--help"}, {"run", "--help"}, {"map", "--help"},
        {"components", "--help"}, {"-h"}}) {
    const auto r = aimcsim::test::run_cli(args, dir.path());
    EXPECT_EQ(r.exit_code, 0) << args.front() << ": " << r.err;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << r.out;
  }
  const auto run = aimcsim::test::run_cli({"run", "--help"}, dir.path());
  for (const char* opt : {"--model", "--prompt", "--decode", "--batch", "-p", "-o", "--seed",
                          "--log-level", "llama-3.2-1b", "hermes"})
    EXPECT_NE(run.out.find(opt), std::string::npos) << opt;
}

TEST(CliHelp, NoCommandOrUnknownOptionIsAnError) {
  aimcsim::test::TempDir dir;
  EXPECT_EQ(aimcsim::test::run_cli({}, dir.path()).exit_code, 2);
  EXPECT_EQ(aimcsim::test::run_cli({"run", "--no-such-option"}, dir.path()).exit_code, 2);
  EXPECT_EQ(aimcsim::test::run_cli({"run", "--prompt", "abc"}, dir.path()).exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir / "results"));
}

TEST(CliMap, WritesTheMappingOnly) {
  aimcsim::test::TempDir dir;
  const auto r = aimcsim::test::run_cli({"map", "hermes", "-o", (dir / "m").string()}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Llama-3.2-1B on HERMES: 14848 tiles on 232 chips (test_mapper.cpp).
  ASSERT_FALSE(r.out_lines().empty());
  const std::string last = r.out_lines().back();
  EXPECT_NE(last.find("14848 tiles on 232 chips"), std::string::npos) << last;
  for (const char* f : {"config.resolved.yaml", "mapping.csv", "mapping_tiles.csv"})
    EXPECT_TRUE(std::filesystem::exists(dir / "m" / f)) << f;
  EXPECT_FALSE(std::filesystem::exists(dir / "m" / "summary.json"));
  // mapping_tiles.csv: a header and one row per used tile.
  const std::string tiles = aimcsim::test::read_text(dir / "m" / "mapping_tiles.csv");
  EXPECT_EQ(std::count(tiles.begin(), tiles.end(), '\n'), 14848 + 1);
}
