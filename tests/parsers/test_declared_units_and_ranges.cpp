// SPDX-License-Identifier: Apache-2.0
// The documentation (`aimcsim components`, generated from the ParamSpec declarations) and the
// reader cannot disagree: every declared unit parses, a default written in its documented unit
// reads back to the default, and every documented range bound is either accepted or refused by a
// cross-check that names the key and where the value came from (issue 6, item 9: "Mbit/mm2" was
// refused; dac.bits=1 inside the documented [1, 16] was refused naming no file).
#include <cmath>
#include <cstdio>
#include <functional>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/arch_config.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/quantity.hpp"
#include "sim/config/yaml_document.hpp"

namespace cfg = aimcsim::config;

namespace {

struct Declared {
  std::string path;  ///< dotted key, e.g. chip.analog_tile.dac.bits
  const cfg::ParamSpec* spec;
};

/// Every parameter of the run-file schema, depth first.
std::vector<Declared> all_params() {
  std::vector<Declared> out;
  std::function<void(const cfg::ComponentSpec&, const std::string&)> walk =
      [&](const cfg::ComponentSpec& c, const std::string& prefix) {
        for (const auto& p : c.params) out.push_back({prefix + p.name, &p});
        for (const auto& [key, child] : c.children) walk(*child, prefix + key + ".");
      };
  walk(aimcsim::run_config_spec(), "");
  return out;
}

std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

const std::string k_preset = std::string(AIMCSIM_SOURCE_DIR) + "/configs/llm_scale.yaml";

/// Reads the llm-scale preset with one override; returns the error message or "".
std::string read_with(const std::string& assignment) {
  try {
    cfg::YamlDocument doc = cfg::YamlDocument::load_file(k_preset);
    doc.apply_override(assignment);
    aimcsim::read_run_config(doc);
  } catch (const cfg::ConfigError& e) {
    return e.what();
  }
  return "";
}

/// The value of `path` after reading the preset with `assignment`.
double value_with(const std::string& assignment, const std::string& path) {
  cfg::YamlDocument doc = cfg::YamlDocument::load_file(k_preset);
  doc.apply_override(assignment);
  const aimcsim::RunConfig rc = aimcsim::read_run_config(doc);
  const cfg::ParamValues* v = rc.values.get();
  std::string rest = path;
  for (auto dot = rest.find('.'); dot != std::string::npos; dot = rest.find('.')) {
    v = &v->child(rest.substr(0, dot));
    rest = rest.substr(dot + 1);
  }
  return v->real(rest);
}

}  // namespace

TEST(DeclaredUnits, SchemaHasUnitsToCheck) {
  int with_unit = 0;
  for (const auto& d : all_params()) with_unit += !d.spec->unit.empty();
  EXPECT_GT(with_unit, 50) << "the walk missed most of the schema";
}

TEST(DeclaredUnits, EveryDeclaredUnitParses) {
  for (const auto& d : all_params()) {
    const cfg::ParamSpec& p = *d.spec;
    if (p.unit.empty()) continue;
    const double scale =
        p.dim == cfg::Dimension::none ? 1.0 : cfg::unit_scale(p.dim, p.unit).value_or(NAN);
    EXPECT_TRUE(std::isfinite(scale)) << d.path << ": unit '" << p.unit << "' is not a unit of "
                                      << cfg::dimension_name(p.dim);
    for (const std::string& text : {"1" + p.unit, "1 " + p.unit}) {
      const auto q = cfg::parse_quantity(text, p.dim, p.unit);
      ASSERT_TRUE(q.has_value()) << d.path << ": '" << text << "' is documented but refused";
      EXPECT_EQ(*q, scale) << d.path << ": " << text;
    }
  }
}

TEST(DeclaredUnits, DefaultWrittenInItsUnitReadsBack) {
  for (const auto& d : all_params()) {
    const cfg::ParamSpec& p = *d.spec;
    if (p.unit.empty() || p.default_text.empty()) continue;
    const double def = cfg::parse_quantity(p.default_text, p.dim, p.unit).value();
    const double scale = p.dim == cfg::Dimension::none ? 1.0 : *cfg::unit_scale(p.dim, p.unit);
    const std::string assignment = d.path + "=" + number_text(def / scale) + p.unit;
    const std::string err = read_with(assignment);
    ASSERT_EQ(err, "") << "-p " << assignment;
    EXPECT_NEAR(value_with(assignment, d.path), def, std::fabs(def) * 1e-15) << assignment;
  }
}

TEST(DeclaredUnits, LabelUnitOfADimensionlessValue) {
  // Item 9: docs/configuration.md documents the SRAM density in "Mbit/mm2".
  EXPECT_EQ(read_with("chip.kv_cache.sram.density=12Mbit/mm2"), "");
  EXPECT_EQ(value_with("chip.kv_cache.sram.density=12 Mbit/mm2", "chip.kv_cache.sram.density"),
            12.0);
  const std::string e = read_with("chip.kv_cache.sram.density=12GB");
  EXPECT_NE(e.find("key 'chip.kv_cache.sram.density'"), std::string::npos) << e;
}

TEST(DeclaredRanges, EveryBoundIsAcceptedOrRefusedNamingKeyAndOrigin) {
  // A value inside the documented range may still contradict another key (adc.count <= cols);
  // then the error names a key and the -p option or file:line it came from.
  const std::regex located(
      R"(^(command line \(-p [^)]*\)|default value|\S+\.yaml:\d+): key '[a-z_.0-9]+': .+)");
  int bounds = 0, cross_checked = 0;
  for (const auto& d : all_params()) {
    const cfg::ParamSpec& p = *d.spec;
    if (p.kind != cfg::ParamKind::integer && p.kind != cfg::ParamKind::real) continue;
    std::vector<double> inside;
    if (std::isfinite(p.min) && !p.min_exclusive) inside.push_back(p.min);
    if (std::isfinite(p.max)) inside.push_back(p.max);
    for (double b : inside) {
      ++bounds;
      const std::string assignment = d.path + "=" + number_text(b) + p.unit;
      const std::string err = read_with(assignment);
      if (err.empty()) continue;
      ++cross_checked;
      EXPECT_TRUE(std::regex_match(err, located)) << "-p " << assignment << ": " << err;
      EXPECT_EQ(err.find("expected " + cfg::describe_expected(p)), std::string::npos)
          << "-p " << assignment << " is inside the documented range but refused by it: " << err;
    }
    // Just outside: refused by the documented range itself, naming the option and the key.
    if (p.kind == cfg::ParamKind::integer && std::isfinite(p.max)) {
      const std::string assignment = d.path + "=" + number_text(p.max + 1);
      const std::string err = read_with(assignment);
      EXPECT_EQ(err.rfind("command line (-p " + assignment + "): key '" + d.path + "': expected " +
                              cfg::describe_expected(p),
                          0),
                0u)
          << err;
    }
  }
  EXPECT_GT(bounds, 40);
  RecordProperty("bounds_checked", bounds);
  RecordProperty("bounds_refused_by_a_cross_check", cross_checked);
}

TEST(DeclaredRanges, ConverterBitsRangeIsTheOneTheTileAccepts) {
  // [2, 16]: the functional tile quantises to 2^(bits-1) - 1 levels per sign, none at 1 bit.
  for (const char* key : {"chip.analog_tile.dac.bits", "chip.analog_tile.adc.bits"}) {
    EXPECT_EQ(read_with(std::string(key) + "=2"), "") << key;
    EXPECT_EQ(read_with(std::string(key) + "=1"),
              "command line (-p " + std::string(key) + "=1): key '" + key +
                  "': expected an integer in [2, 16], got '1'");
  }
}

TEST(DeclaredRanges, TilePhysicsCrossCheckNamesKeyAndOrigin) {
  // Iterative bound management needs an ADC range: the tile physics refuses it, and the error
  // names the key and the option rather than only "chip.analog_tile".
  cfg::YamlDocument doc = cfg::YamlDocument::load_file(k_preset);
  doc.apply_override("chip.analog_tile.adc.out_bound=0");
  doc.apply_override("chip.analog_tile.adc.bound_management=iterative");
  try {
    aimcsim::read_run_config(doc);
    FAIL() << "accepted";
  } catch (const cfg::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "command line (-p chip.analog_tile.adc.bound_management=iterative): key "
              "'chip.analog_tile.adc.bound_management': iterative needs adc.out_bound > 0, got "
              "'iterative'");
  }
}

TEST(DeclaredRanges, CrossCheckAgainstADefaultNamesTheLineThatCausedIt) {
  // Found by fuzz_run_config: cols lowered in the file, adc.count left at its default 256; the
  // error blamed "default value" and named no file.
  try {
    aimcsim::read_run_config(cfg::YamlDocument::load_string(
        "version: 1\nchip:\n  analog_tile:\n    cols: 24\n", "cfg.yaml"));
    FAIL() << "accepted";
  } catch (const cfg::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "built-in default: key 'chip.analog_tile.adc.count': expected at most one ADC per "
              "column (cols = 24 at cfg.yaml:4), got '256'");
  }
}
