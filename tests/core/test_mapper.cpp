// SPDX-License-Identifier: Apache-2.0
// Mapper tile counts for Llama-3.2-1B against hand computation. Per layer: q 2048x2048,
// k/v 2048x512, o 2048x2048, gate/up 2048x8192, down 8192x2048; 16 layers; LM head 2048x128256.
//   256x256 tiles: q 8x8=64, k 8x2=16, v 16, o 64, gate 8x32=256, up 256, down 32x8=256
//                  -> 928 per layer, 14848 for 16 layers; LM head 8 x 501 = 4008.
//   512x512 tiles: q 4x4=16, k 4x1=4, v 4, o 16, gate 4x16=64, up 64, down 16x4=64
//                  -> 232 per layer, 3712 for 16 layers; LM head 4 x ceil(250.5)=251 -> 1004.
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "sim/config/config_error.hpp"
#include "tests/support/test_support.hpp"
#include "workloads/mapper.hpp"
#include "workloads/model_catalog.hpp"

using namespace aimcsim::workloads;
using aimcsim::test::config_file;
using aimcsim::test::load_config;

namespace {
Mapping map_llama(const std::string& preset, const std::vector<std::string>& overrides = {}) {
  return map_model(load_model("llama-3.2-1b"), load_config(config_file(preset), overrides));
}

std::string map_error(const std::string& preset, const std::vector<std::string>& overrides) {
  try {
    map_llama(preset, overrides);
  } catch (const aimcsim::config::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST(Mapper, TilesForIsCeilTimesCeil) {
  EXPECT_EQ(tiles_for({"q", 2048, 2048}, 256, 256), 64);
  EXPECT_EQ(tiles_for({"k", 2048, 512}, 256, 256), 16);
  EXPECT_EQ(tiles_for({"down", 8192, 2048}, 256, 256), 256);
  EXPECT_EQ(tiles_for({"lm", 2048, 128256}, 512, 512), 1004);
  EXPECT_EQ(tiles_for({"x", 257, 1}, 256, 256), 2);
  EXPECT_EQ(tiles_for({"x", 896, 896}, 256, 256), 16);  // Qwen2.5: ceil(3.5)^2
}

TEST(Mapper, Llama1BOnHermes256) {
  const Mapping m = map_llama("hermes.yaml");  // LM head digital
  EXPECT_EQ(m.tiles_used, 14848);
  EXPECT_EQ(m.tiles_per_chip, 64);
  EXPECT_EQ(m.chips, 232);  // 14848 / 64
  ASSERT_EQ(m.blocks.size(), 16u);
  const int expected[] = {64, 16, 16, 64, 256, 256, 256};
  for (const auto& b : m.blocks) {
    ASSERT_EQ(b.linears.size(), 7u);
    for (size_t i = 0; i < 7; ++i) EXPECT_EQ(b.linears[i].tiles.size(), size_t(expected[i]));
  }
  EXPECT_EQ(m.blocks[0].linears[6].row_blocks, 32);  // down: 8192 / 256
  EXPECT_EQ(m.blocks[0].linears[6].col_blocks, 8);
  EXPECT_FALSE(m.lm_head.analog);
  EXPECT_TRUE(m.lm_head.tiles.empty());
  EXPECT_DOUBLE_EQ(m.mean_utilization(), 1.0);  // every dimension is a multiple of 256
}

TEST(Mapper, Llama1BOnHermesWithAnalogLmHead) {
  const Mapping m = map_llama("hermes.yaml", {"mapping.lm_head=analog"});
  EXPECT_EQ(m.tiles_used, 14848 + 4008);  // 128256 / 256 = 501 column blocks exactly
  EXPECT_EQ(m.chips, 295);                // ceil(18856 / 64) = ceil(294.6)
  EXPECT_TRUE(m.lm_head.analog);
  EXPECT_EQ(m.lm_head.row_blocks, 8);
  EXPECT_EQ(m.lm_head.col_blocks, 501);
}

TEST(Mapper, Llama1BOnLlmScale512) {
  const Mapping m = map_llama("llm_scale.yaml");  // LM head analog
  EXPECT_EQ(m.tiles_per_chip, 240);  // 15 x 16 mesh: the most that fits the reticle
  EXPECT_EQ(m.tiles_used, 3712 + 1004);
  EXPECT_EQ(m.chips, 20);  // ceil(4716 / 240) = ceil(19.65)
  size_t per_layer = 0;
  for (const auto& l : m.blocks[3].linears) per_layer += l.tiles.size();
  EXPECT_EQ(per_layer, 232u);
  // Last LM-head column block: 128256 - 250 x 512 = 256 of 512 columns.
  ASSERT_EQ(m.lm_head.col_blocks, 251);
  const auto& edge = m.lm_head.tile(3, 250);
  EXPECT_EQ(edge.rows_used, 512);
  EXPECT_EQ(edge.cols_used, 256);
  // Utilisation = weights / cells of used tiles = 1235746816 / (4716 x 262144) = 0.99957...
  EXPECT_NEAR(m.mean_utilization(), 1235746816.0 / (4716.0 * 262144.0), 1e-12);
  // Digital LM head: 3712 tiles -> ceil(15.47) = 16 chips.
  const Mapping d = map_llama("llm_scale.yaml", {"mapping.lm_head=digital"});
  EXPECT_EQ(d.tiles_used, 3712);
  EXPECT_EQ(d.chips, 16);
}

TEST(Mapper, PerTileUtilisationOfPartialBlocks) {
  // Qwen2.5-0.5B on 256x256: hidden 896 = 3 x 256 + 128, so q_proj's last row and column
  // blocks are half used; k_proj (896 x 128) uses 128 of 256 columns.
  const Mapping m = map_model(load_model("qwen2.5-0.5b"), load_config(config_file("hermes.yaml")));
  const auto& q = m.blocks[0].linears[0];
  ASSERT_EQ(q.row_blocks, 4);
  ASSERT_EQ(q.col_blocks, 4);
  EXPECT_EQ(q.tile(0, 0).rows_used, 256);
  EXPECT_EQ(q.tile(3, 0).rows_used, 128);
  EXPECT_EQ(q.tile(3, 3).cols_used, 128);
  const auto& k = m.blocks[0].linears[1];
  EXPECT_EQ(k.col_blocks, 1);
  EXPECT_EQ(k.tile(0, 0).cols_used, 128);
  // Per layer: q 16, k 4, v 4, o 16, gate 4x19=76 (4864 = 19 x 256), up 76, down 19x4=76
  // -> 268; x 24 layers = 6432.
  EXPECT_EQ(m.tiles_used, 6432);
}

TEST(Mapper, EveryBlockHasItsOwnTile) {
  const Mapping m = map_llama("llm_scale.yaml");
  std::set<int> seen;
  int n = 0;
  for (const auto& b : m.blocks)
    for (const auto& l : b.linears)
      for (const auto& t : l.tiles) seen.insert(t.global_tile), ++n;
  for (const auto& t : m.lm_head.tiles) seen.insert(t.global_tile), ++n;
  EXPECT_EQ(n, m.tiles_used);
  EXPECT_EQ(seen.size(), size_t(n));
  EXPECT_LT(*seen.rbegin(), m.chips * m.tiles_per_chip);
}

TEST(Mapper, SnakePlacementKeepsNeighboursAdjacent) {
  // Row 0 left to right, row 1 right to left: slot 7 = node 7, slot 8 = node 15 (below it).
  EXPECT_EQ(slot_node(7, 8, 8).node, 7);
  EXPECT_EQ(slot_node(8, 8, 8).node, 15);
  EXPECT_EQ(slot_node(15, 8, 8).node, 8);
  EXPECT_EQ(slot_node(16, 8, 8).node, 16);
  EXPECT_EQ(slot_node(64, 8, 8).chip, 1);
  EXPECT_EQ(slot_node(64, 8, 8).node, 0);
}

TEST(Mapper, RefusesToSpanChipsWhenNotAllowed) {
  const std::string e = map_error("hermes.yaml", {"system.allow_multi_chip=false"});
  EXPECT_NE(e.find("system.allow_multi_chip"), std::string::npos) << e;
  EXPECT_NE(e.find("14848 tiles"), std::string::npos) << e;
  EXPECT_NE(e.find("232 chips"), std::string::npos) << e;
}

TEST(Mapper, RefusesTooFewChips) {
  const std::string e = map_error("hermes.yaml", {"system.chips=100"});
  EXPECT_NE(e.find("system.chips"), std::string::npos) << e;
  EXPECT_NE(e.find("232"), std::string::npos) << e;
}

TEST(Mapper, FixedChipCountAboveNeedIsKept) {
  const Mapping m = map_llama("llm_scale.yaml", {"system.chips=20"});
  EXPECT_EQ(m.chips, 20);
  EXPECT_EQ(m.tiles_used, 4716);
}

TEST(Mapper, SmallModelFitsOneChipWithoutSpanning) {
  aimcsim::test::TempDir dir;
  const std::string path = aimcsim::test::write_small_llama(dir.path());
  const Mapping m = map_model(load_model(path), load_config(config_file("hermes.yaml"),
                                                            {"system.allow_multi_chip=false"}));
  EXPECT_EQ(m.chips, 1);
  EXPECT_EQ(m.tiles_used, 20);  // 10 per layer (see write_small_llama) x 2
}

TEST(Mapper, AttentionSplitsKvGroupsOverTheLayersUnits) {
  // Llama-3.2-1B (8 KV groups) on llm_scale: 240 slots per chip, 232 tiles per layer placed
  // along the snake. 16 units per chip sit at slots floor((k + 0.5) x 240 / 16) = 7 + 15k:
  // 7, 22, ..., 217, 232.
  EXPECT_EQ(du_slot(0, 240, 16), 7);
  EXPECT_EQ(du_slot(15, 240, 16), 232);
  const Mapping m = map_llama("llm_scale.yaml");
  // Layer 0 holds slots 0..231: units k = 0..14 (15 of them); 8 groups take every 15/8-th:
  // inside[i x 15 / 8] = 0, 1, 3, 5, 7, 9, 11, 13, one group each.
  EXPECT_EQ(m.blocks[0].attention_dus, (std::vector<int>{0, 1, 3, 5, 7, 9, 11, 13}));
  EXPECT_EQ(m.blocks[0].kv_groups, std::vector<int>(8, 1));
  // Layer 1 holds slots 232..463: chip 0's unit 15 and chip 1's units 0..14 (global 16..30).
  EXPECT_EQ(m.blocks[1].attention_dus, (std::vector<int>{15, 17, 19, 21, 23, 25, 27, 29}));
  // Three units per chip at slots 40, 120, 200, all in layer 0: 8 groups dealt round-robin.
  const Mapping three = map_llama("llm_scale.yaml", {"chip.digital_unit.count=3"});
  EXPECT_EQ(three.blocks[0].attention_dus, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(three.blocks[0].kv_groups, (std::vector<int>{3, 3, 2}));
  // One unit per chip at slot 120: layer 0 holds it, layer 1 (slots 232..463) holds chip 1's
  // (slot 240 + 120 = 360).
  const Mapping one = map_llama("llm_scale.yaml", {"chip.digital_unit.count=1"});
  EXPECT_EQ(one.blocks[0].attention_dus, std::vector<int>{0});
  EXPECT_EQ(one.blocks[0].kv_groups, std::vector<int>{8});
  EXPECT_EQ(one.blocks[1].attention_dus, std::vector<int>{1});
}

TEST(Mapper, NodeSlotInvertsSlotNode) {
  for (long long s = 0; s < 2 * 15 * 16; ++s)
    EXPECT_EQ(node_slot(slot_node(s, 15, 16), 15, 16), s) << s;
}

TEST(Mapper, DigitalBlockLinearsTakeNoTiles) {
  // llm-scale (512 x 512), LM head on tiles: 232 per layer; without down_proj (64) and
  // gate_proj (64): 104 per layer, 1664 for 16 layers, + 1004 for the head = 2668.
  const Mapping m = map_llama("llm_scale.yaml", {"mapping.lm_head=analog",
                                                 "mapping.digital_linears=down_proj, gate_proj"});
  EXPECT_EQ(m.tiles_used, 2668);
  const auto cfg = load_config(config_file("llm_scale.yaml"),
                               {"mapping.lm_head=analog", "mapping.digital_linears=down_proj,gate_proj"});
  EXPECT_EQ(tiles_needed(load_model("llama-3.2-1b"), cfg), 2668);
  for (const auto& b : m.blocks) {
    ASSERT_EQ(b.linears.size(), 7u);
    for (const auto& l : b.linears) {
      const bool digital = l.shape.name == "down_proj" || l.shape.name == "gate_proj";
      EXPECT_EQ(l.analog, !digital) << l.shape.name;
      EXPECT_EQ(l.tiles.empty(), digital) << l.shape.name;
    }
  }
  EXPECT_NE(map_error("llm_scale.yaml", {"mapping.digital_linears=down"})
                .find("mapping.digital_linears"),
            std::string::npos);
}
