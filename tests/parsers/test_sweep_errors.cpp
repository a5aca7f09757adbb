// SPDX-License-Identifier: Apache-2.0
// Sweep files: every malformed field is one line naming the file, the line and the key, before
// any point runs.
#include <gtest/gtest.h>

#include "sim/sweep/pareto.hpp"
#include "tests/parsers/sweep_test_support.hpp"

namespace aimcsim::test {
namespace {

const std::string k_head = "version: 1\ncommands:\n  run: [--model, llama-3.2-1b]\n";

TEST(SweepErrors, FieldsNameFileLineAndKey) {
  EXPECT_EQ(sweep_error("commands:\n  run: []\n"), "s.yaml:1: version: missing; expected version: 1");
  EXPECT_EQ(sweep_error("version: 2\ncommands:\n  run: []\n"),
            "s.yaml:1: version: expected an integer in [1, 1], got '2'");
  EXPECT_EQ(sweep_error(k_head + "axis:\n  chip.analog_tile.rows: [1]\n"),
            "s.yaml:4: (top level): unknown field 'axis'; expected version, name, description, "
            "base, commands, axes, zip, derived, constraints, seeds or repeats, metrics, pareto");
  EXPECT_EQ(sweep_error("version: 1\n"),
            "s.yaml:1: commands: missing; expected a group naming run, serve and/or eval, each "
            "with its arguments");
  EXPECT_EQ(sweep_error("version: 1\ncommands:\n  simulate: []\n"),
            "s.yaml:3: commands: unknown command 'simulate'; expected run, serve or eval");
  EXPECT_EQ(sweep_error("version: 1\ncommands:\n  run: [-o, x]\n"),
            "s.yaml:3: commands.run: '-o': the sweep sets each point's folder and parameters; "
            "expected no -o/--output or -p/--param (use base.params and axes)");
  EXPECT_EQ(sweep_error(k_head + "axes:\n  chip.analog_tile.rowz: [1]\n"),
            "s.yaml:5: axes: 'chip.analog_tile.rowz' is not a configuration key; expected a "
            "dotted key such as chip.analog_tile.rows (docs/configuration.md lists them)");
  EXPECT_EQ(sweep_error(k_head + "axes:\n  chip.analog_tile.rows: []\n"),
            "s.yaml:5: axes.chip.analog_tile.rows: an empty list; expected at least one value");
  EXPECT_EQ(sweep_error(k_head + "axes:\n  chip.analog_tile.rows: {from: 8, to: 4}\n"),
            "s.yaml:5: axes.chip.analog_tile.rows: 'to' is below 'from'; expected from <= to");
  EXPECT_EQ(sweep_error(k_head + "axes:\n  chip.analog_tile.rows: {from: 4, to: 8, step: 0}\n"),
            "s.yaml:5: axes.chip.analog_tile.rows.step: expected a step > 0");
  EXPECT_EQ(sweep_error(k_head + "axes:\n  chip.analog_tile.rows: {from: 4, upto: 8}\n"),
            "s.yaml:5: axes.chip.analog_tile.rows: unknown range field 'upto'; expected from, to "
            "and step");
  EXPECT_EQ(sweep_error(k_head + "axes:\n  chip.analog_tile.rows: {from: 1, to: 20000}\n"),
            "s.yaml:5: axes.chip.analog_tile.rows: a range of 20000 values; expected at most "
            "10000");
  EXPECT_EQ(sweep_error(k_head + "zip:\n  - chip.analog_tile.rows: [1, 2]\n"
                                 "    chip.analog_tile.cols: [1, 2, 3]\n"),
            "s.yaml:6: zip[0].chip.analog_tile.cols: 3 values; expected 2 like "
            "'chip.analog_tile.rows' (the keys of a zip group advance together)");
  EXPECT_EQ(sweep_error(k_head + "axes:\n  chip.analog_tile.rows: [256]\n"
                                 "zip:\n  - chip.analog_tile.rows: [1]\n"),
            "s.yaml:7: zip[0]: 'chip.analog_tile.rows' is swept twice; expected each key in one "
            "place");
  EXPECT_EQ(sweep_error(k_head + "seeds: [1]\nrepeats: 2\n"),
            "s.yaml:5: repeats: given with seeds; expected one of the two");
  EXPECT_EQ(sweep_error(k_head + "seeds: [-1]\n"),
            "s.yaml:4: seeds: expected an integer in [0, 4294967295], got '-1'");
  EXPECT_EQ(sweep_error(k_head + "metrics: [ttft_s]\n"),
            "s.yaml:4: metrics: 'ttft_s'; expected '<command>.<summary key>' of a command of "
            "this file, e.g. run.ttft_s");
  EXPECT_EQ(sweep_error(k_head + "metrics: [run.ttft_s]\npareto:\n  - {metric: run.tpot_s}\n"),
            "s.yaml:6: pareto[0].metric: 'run.tpot_s' is not among metrics; expected one of them");
  EXPECT_EQ(sweep_error(k_head + "pareto:\n  - {metric: run.tpot_s, goal: least}\n"),
            "s.yaml:5: pareto[0].goal: 'least'; expected min or max");
  EXPECT_EQ(sweep_error(k_head + "name: a/b\n"),
            "s.yaml:4: name: 'a/b'; expected letters, digits, '-', '_' and '.' (it names folders)");
}

TEST(SweepErrors, ExpressionsNameTheUnknownKey) {
  EXPECT_EQ(sweep_error(k_head + "axes:\n  chip.analog_tile.rows: [256]\n"
                                 "derived:\n  chip.analog_tile.cols: chip.analog_tile.row\n"),
            "s.yaml:7: derived.chip.analog_tile.cols: unknown name 'chip.analog_tile.row' "
            "(expected a swept key of this file) in 'chip.analog_tile.row'");
  const std::string syntax = sweep_error(k_head + "axes:\n  chip.analog_tile.rows: [256]\n"
                                                  "constraints:\n  - chip.analog_tile.rows <= \n");
  EXPECT_EQ(syntax.rfind("s.yaml:7: constraints[0]: ", 0), 0u) << syntax;
  // A derived value of a non-numeric setting cannot be computed.
  EXPECT_EQ(sweep_error(k_head + "axes:\n  chip.analog_tile.adc.type: [sar]\n"
                                 "derived:\n  chip.analog_tile.adc.bits: chip.analog_tile.adc.type\n"),
            "s.yaml:7: derived.chip.analog_tile.adc.bits: 'chip.analog_tile.adc.type' has no "
            "numeric value in 'chip.analog_tile.adc.type'");
}

TEST(SweepErrors, EveryPointIsValidatedWithTheSweepFilesLine) {
  // The second value is out of the declared range: the whole sweep fails before running.
  EXPECT_EQ(sweep_error(k_head + "axes:\n  chip.analog_tile.adc.bits: [8, 99]\n"),
            "s.yaml:5 (point 0001, chip.analog_tile.adc.bits = 99): key "
            "'chip.analog_tile.adc.bits': expected an integer in [2, 16], got '99'");
  EXPECT_EQ(sweep_error(k_head + "base:\n  params:\n    chip.analog_tile.adc.type: abacus\n"),
            "s.yaml:6 (base.params.chip.analog_tile.adc.type): key 'chip.analog_tile.adc.type': "
            "expected one of sar, ramp, cco, flash, got 'abacus'");
  EXPECT_EQ(sweep_error(k_head + "base:\n  arch: nowhere\n"),
            "s.yaml:5: base.arch: nowhere: no such file, and not a built-in preset (hermes, "
            "llm-scale)");
  // A derived value out of range names the derived key's line.
  EXPECT_EQ(sweep_error(k_head + "axes:\n  chip.analog_tile.rows: [256]\n"
                                 "derived:\n  chip.analog_tile.adc.bits: chip.analog_tile.rows\n"),
            "s.yaml:7 (point 0000, chip.analog_tile.adc.bits = 256): key "
            "'chip.analog_tile.adc.bits': expected an integer in [2, 16], got '256'");
}

TEST(SweepErrors, RulesBetweenKeysNameThePoint) {
  // llm-scale has 512 ADCs per tile; 128 columns cannot hold them. The rule is checked where
  // the ADC count is set, the preset, and the message says which point of the sweep broke it.
  const std::string e = sweep_error(k_head + "axes:\n  chip.analog_tile.cols: [512, 128]\n");
  EXPECT_EQ(e.rfind("s.yaml: point 0001: ", 0), 0u) << e;
  EXPECT_NE(e.find("key 'chip.analog_tile.adc.count': expected at most one ADC per column (cols = "
                   "128 at s.yaml:5 (point 0001, chip.analog_tile.cols = 128))"),
            std::string::npos)
      << e;
}

TEST(SweepErrors, TooManyPoints) {
  EXPECT_EQ(sweep_error(k_head + "axes:\n  chip.analog_tile.rows: {from: 1, to: 200}\n"
                                 "  chip.analog_tile.cols: {from: 1, to: 200}\n"),
            "s.yaml: the axes, groups and seeds give 40000 points; expected at most 10000 (split "
            "the sweep)");
}

TEST(SweepPareto, HandMadeFronts) {
  using sweep::pareto_front;
  using V = std::vector<std::vector<double>>;
  using I = std::vector<std::size_t>;
  // Two objectives: (1,5) (2,3) (4,1) form the front; (3,4) is dominated by (2,3); (5,5) by all.
  EXPECT_EQ(pareto_front(V{{1, 5}, {3, 4}, {2, 3}, {5, 5}, {4, 1}}), (I{0, 2, 4}));
  // Ties: identical rows are both on the front; a row equal in one objective and worse in the
  // other is dominated.
  EXPECT_EQ(pareto_front(V{{1, 1}, {1, 1}, {1, 2}}), (I{0, 1}));
  // Three objectives: each best in one objective.
  EXPECT_EQ(pareto_front(V{{1, 9, 9}, {9, 1, 9}, {9, 9, 1}, {9, 9, 9}}), (I{0, 1, 2}));
  // NaN rows are never on the front and dominate nothing.
  EXPECT_EQ(pareto_front(V{{NAN, 0}, {1, 1}, {2, 0}}), (I{1, 2}));
  // Maximising: negate. Higher accuracy (-0.9) and lower energy (1) beat (-0.8, 2).
  EXPECT_EQ(pareto_front(V{{1, -0.9}, {2, -0.8}}), (I{0}));
  EXPECT_TRUE(pareto_front(V{}).empty());
  EXPECT_THROW(pareto_front(V{{1, 2}, {1}}), std::invalid_argument);
}

TEST(SweepPareto, AgreesWithTheDefinitionOnRandomPoints) {
  // Points on the anti-diagonal x + y = 10 are all on the front; points above it are dominated
  // by the diagonal point below them.
  std::vector<std::vector<double>> rows;
  std::vector<std::size_t> expected;
  for (int i = 0; i <= 10; ++i) {
    expected.push_back(rows.size());
    rows.push_back({static_cast<double>(i), 10.0 - i});
    rows.push_back({i + 0.5, 10.0 - i + 0.5});
  }
  EXPECT_EQ(sweep::pareto_front(rows), expected);
}

}  // namespace
}  // namespace aimcsim::test
