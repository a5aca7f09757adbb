// SPDX-License-Identifier: Apache-2.0
// A workload given request by request (what `aimcsim eval` simulates: the windows of a text)
// runs the requests one after another: each starts when the previous one finished, its KV
// cache is freed at the end, and an evaluation request runs the LM head on every position.
#include <gtest/gtest.h>

#include "sim/arch_config.hpp"
#include "sim/config/yaml_document.hpp"
#include "sim/system.hpp"
#include "workloads/mapper.hpp"
#include "workloads/model_catalog.hpp"

namespace aimcsim {
namespace {

constexpr const char* k_arch = R"(
version: 1
name: serial-test
chip:
  mesh: {rows: 8, cols: 8}
mapping: {lm_head: analog}
workload: {prompt_tokens: 16, decode_tokens: 1}
)";

constexpr const char* k_model =
    R"({"model_type":"llama","hidden_size":256,"intermediate_size":512,"num_hidden_layers":2,
        "num_attention_heads":4,"num_key_value_heads":2,"vocab_size":256})";

struct SerialRun {
  RunConfig cfg;
  workloads::Mapping mapping;
  System* system = nullptr;

  explicit SerialRun(const std::vector<RequestSpec>& requests) {
    cfg = read_run_config(config::YamlDocument::load_string(k_arch, "serial-test.yaml"));
    cfg.workload.serial_requests = requests;
    cfg.workload.batch = static_cast<int>(requests.size());
    mapping = workloads::map_model(workloads::model_from_hf_config(k_model, "tiny"), cfg);
    system = new System("system", cfg, mapping);  // one per process; never destroyed
    system->run();
  }
};

TEST(SerialRequests, EachStartsWhenThePreviousFinishedAndFreesItsCache) {
  SerialRun r({{16, 1, false}, {16, 3, false}, {16, 1, false}});
  const auto& rec = r.system->records();
  ASSERT_EQ(rec.start_s.size(), 3u);
  EXPECT_EQ(rec.start_s[0], 0.0);
  EXPECT_DOUBLE_EQ(rec.start_s[1], rec.finish_s[0]);
  EXPECT_DOUBLE_EQ(rec.start_s[2], rec.finish_s[1]);
  // Requests 0 and 2 are the same prefill on an idle chip: the same time to first token.
  const double first = rec.ttft_s[0] - rec.start_s[0], third = rec.ttft_s[2] - rec.start_s[2];
  EXPECT_GT(first, 0);
  EXPECT_NEAR(third, first, 0.05 * first);
  // Request 1 decodes two more tokens after its prefill.
  EXPECT_GT(rec.finish_s[1], rec.ttft_s[1]);
  EXPECT_EQ(rec.tokens.size(), 5u);
  for (int c = 0; c < r.system->chips(); ++c) {
    EXPECT_EQ(r.system->kv_memory(c).sram_used_bytes(), 0.0) << "chip " << c;
    EXPECT_EQ(r.system->kv_memory(c).dram_used_bytes(), 0.0) << "chip " << c;
  }
}

TEST(SerialRequests, ScoringEveryPositionRunsTheHeadOnEveryToken) {
  SerialRun r({{16, 1, false}, {16, 1, true}});
  const auto& rec = r.system->records();
  ASSERT_EQ(rec.tokens.size(), 2u);
  // The head (256 -> 256 vocabulary on analog tiles) runs on 16 vectors instead of 1.
  const double last_only = rec.tokens[0].energy_j, every = rec.tokens[1].energy_j;
  EXPECT_GT(every, last_only);
  const auto& head = rec.layers.back();
  ASSERT_EQ(head.name, "lm_head");
  EXPECT_EQ(head.passes, 2);
  // Analog ops: every MVM vector counts 2 x rows x cols; the head adds 15 vectors of 256 x 256.
  EXPECT_GE(rec.analog_ops, 15 * 2.0 * 256 * 256);
}

}  // namespace
}  // namespace aimcsim
