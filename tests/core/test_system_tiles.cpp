// SPDX-License-Identifier: Apache-2.0
// An elaborated System has one AnalogTile module per mapped tile plus one per chip standing for
// the chip's unmapped tiles, and the reports still count, size and power every tile of every
// chip: instances, area and static energy by block equal the analytic per-tile figures
// (tiles/tile_cost) times the tile counts of the mapping, under each power-gating mode.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/arch_config.hpp"
#include "sim/config/yaml_document.hpp"
#include "sim/report/component_walk.hpp"
#include "sim/report/run_summary.hpp"
#include "sim/system.hpp"
#include "tiles/tile_cost.hpp"
#include "workloads/mapper.hpp"
#include "workloads/model_catalog.hpp"

namespace aimcsim {
namespace {

// One Llama block of 600/1200 wide linears: a few dozen 256 x 256 tiles on a 16 x 16 mesh, and a
// second chip the mapping leaves empty (system.chips: 2).
constexpr const char* k_model =
    R"({"model_type":"llama","hidden_size":600,"intermediate_size":1200,"num_hidden_layers":1,
        "num_attention_heads":6,"num_key_value_heads":2,"vocab_size":512})";

constexpr const char* k_arch = R"(
version: 1
name: lazy-tiles-test
system: {chips: 2}
chip:
  mesh: {rows: 16, cols: 16}
workload: {prompt_tokens: 4, decode_tokens: 2}
)";

struct Fixture {
  RunConfig cfg;
  workloads::Mapping mapping;
  std::unique_ptr<System> system;

  explicit Fixture(const std::string& gating) {
    auto doc = config::YamlDocument::load_string(k_arch, "lazy-tiles-test.yaml");
    doc.apply_override("chip.power_gating.mode=" + gating);
    cfg = read_run_config(doc);
    mapping = workloads::map_model(workloads::model_from_hf_config(k_model, "tiny"), cfg);
    system = std::make_unique<System>("system", cfg, mapping);
  }
};

/// Every AnalogTile module in the SystemC tree.
void find_tiles(const sc_core::sc_object* obj, std::vector<const tiles::AnalogTile*>& out) {
  if (const auto* t = dynamic_cast<const tiles::AnalogTile*>(obj)) out.push_back(t);
  for (const sc_core::sc_object* child : obj->get_child_objects()) find_tiles(child, out);
}

std::vector<const tiles::AnalogTile*> all_tiles() {
  std::vector<const tiles::AnalogTile*> out;
  for (const sc_core::sc_object* top : sc_core::sc_get_top_level_objects()) find_tiles(top, out);
  return out;
}

TEST(SystemTiles, OneModulePerMappedTilePlusOnePerChipForTheUnmappedOnes) {
  Fixture f("none");
  const int per_chip = 16 * 16;
  ASSERT_EQ(f.mapping.chips, 2);
  ASSERT_GT(f.mapping.tiles_used, 8);
  ASSERT_LT(f.mapping.tiles_used, per_chip);  // chip 0 partly used, chip 1 empty
  const auto modules = all_tiles();
  EXPECT_EQ(modules.size(), std::size_t(f.mapping.tiles_used) + 2);
  long long instances = 0, singles = 0;
  for (const auto* t : modules) {
    instances += t->instances();
    singles += t->instances() == 1;
  }
  EXPECT_EQ(instances, 2LL * per_chip);
  EXPECT_EQ(singles, f.mapping.tiles_used);
  // Every placement has a module of its own, distinct from the others.
  std::set<const tiles::AnalogTile*> placed;
  for (const auto& b : f.mapping.blocks)
    for (const auto& l : b.linears)
      for (const auto& t : l.tiles) {
        EXPECT_EQ(f.system->tile(t).instances(), 1);
        placed.insert(&f.system->tile(t));
      }
  EXPECT_EQ(placed.size(), std::size_t(f.mapping.tiles_used));
}

/// Runs the fixture and checks each tile block's instances, area and static energy against the
/// per-tile figures times `all` tiles (area, count) and `powered` tiles (static energy).
void expect_block_totals(Fixture& f, const kernel::PowerGating& gating, bool only_used_leak) {
  f.system->run();
  const double e2e_s = report::e2e_latency_s(f.system->records());
  ASSERT_GT(e2e_s, 0);
  const auto by_type = report::totals_by_type(report::find_components(), gating, e2e_s);
  const long long all = 2LL * 16 * 16, used = f.mapping.tiles_used;
  const long long leaking = only_used_leak ? used : all;
  const auto area = tiles::tile_area(f.cfg.chip.analog_tile);
  const auto power = tiles::tile_static_power(f.cfg.chip.analog_tile);
  const struct {
    const char* type;
    double area_mm2, power_w;
  } blocks[] = {{"analog_tile.dac", area.dac_mm2, power.dac_w},
                {"analog_tile.adc", area.adc_mm2, power.adc_w},
                {"analog_tile.array", area.array_mm2, power.array_w},
                {"analog_tile.local_digital", area.local_digital_mm2, power.local_digital_w}};
  for (const auto& b : blocks) {
    SCOPED_TRACE(b.type);
    ASSERT_EQ(by_type.count(b.type), 1u);
    const auto& t = by_type.at(b.type);
    EXPECT_EQ(t.count, all);
    EXPECT_NEAR(t.sum.area_mm2, all * b.area_mm2, 1e-12 * all * b.area_mm2);
    EXPECT_NEAR(t.sum.static_power_w, all * b.power_w, 1e-12 * all * b.power_w);
    EXPECT_NEAR(t.static_energy_j, leaking * b.power_w * e2e_s,
                1e-12 * leaking * b.power_w * e2e_s);
    EXPECT_GT(t.sum.dynamic_energy_j, 0);
  }
  ASSERT_GT(power.adc_w, 0);  // the checks above compare something
}

TEST(SystemTiles, UngatedEveryTileOfEveryChipLeaks) {
  Fixture f("none");
  expect_block_totals(f, f.cfg.chip.gating, false);
}

TEST(SystemTiles, GatingUnusedSwitchesOffTheUnmappedTiles) {
  Fixture f("unused");
  expect_block_totals(f, f.cfg.chip.gating, true);
}

TEST(SystemTiles, StatsCountEveryTileAndTheUsedOnesPerChip) {
  Fixture f("none");
  f.system->run();
  report::StatsCollector stats;
  for (const auto* c : report::find_components()) c->report_stats(stats);
  std::map<std::string, double> v;
  for (const auto& [key, line] : stats.lines()) v[key] = line.value;
  EXPECT_EQ(v["chip0.tiles.count"], 256);
  EXPECT_EQ(v["chip1.tiles.count"], 256);
  EXPECT_EQ(v["chip0.tiles.used"], f.mapping.tiles_used);
  EXPECT_EQ(v["chip1.tiles.used"], 0);
}

}  // namespace
}  // namespace aimcsim
