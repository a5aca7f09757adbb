// SPDX-License-Identifier: Apache-2.0
#include "sim/arch_config.hpp"

#include "sim/config/component_reader.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/text_check.hpp"

namespace aimcsim {

using config::ComponentSpec;
using config::Dimension;
using config::ParamValues;

namespace {

const ComponentSpec& mesh_spec() {
  static const ComponentSpec s{
      "mesh",
      "2-D mesh of tiles on a chip",
      {config::integer_param("rows", "8", 1, 4096, "tile rows", "LG23: 64 cores (as 8 x 8)"),
       config::integer_param("cols", "8", 1, 4096, "tile columns", "LG23: 64 cores (as 8 x 8)")},
      {}};
  return s;
}

const ComponentSpec& chip_spec() {
  static const ComponentSpec s{
      "chip",
      "one chip",
      {config::real_param("other_static_power", Dimension::power, "mW", "0", 0,
                          "clocking, I/O and control not in any block", "not modelled by default"),
       config::real_param("other_area", Dimension::area, "mm2", "52.66", 0,
                          "pads, clocking, global control",
                          "LG23: 144 mm2 die - 64 cores x 1.392 mm2 - 8 GDPUs x 0.281 mm2")},
      {{"mesh", &mesh_spec()},
       {"analog_tile", &tiles::AnalogTileParams::spec()},
       {"digital_unit", &tiles::DigitalUnitParams::spec()},
       {"kv_cache", &tiles::KvCacheParams::spec()},
       {"noc", &interconnect::NocParams::spec()}}};
  return s;
}

const ComponentSpec& system_spec() {
  static const ComponentSpec s{
      "system",
      "chips and their links",
      {config::integer_param("chips", "0", 0, 1 << 20,
                             "number of chips; 0 = as many as the weights need"),
       config::bool_param("allow_multi_chip", "true",
                          "may the model span chips (false: error if it does not fit one)")},
      {{"chip_link", &interconnect::ChipLinkParams::spec()}}};
  return s;
}

const ComponentSpec& mapping_spec() {
  static const ComponentSpec s{
      "mapping",
      "placement of the model onto the hardware",
      {config::choice_param("lm_head", {"analog", "digital"}, "digital",
                            "LM head on analog tiles, or on a digital unit streaming weights "
                            "from DRAM"),
       config::integer_param("digital_weight_bits", "8", 1, 32,
                             "bits per weight of digitally executed layers and the embedding"),
       config::integer_param("activation_bits", "16", 1, 32,
                             "bits per activation sent between digital units and from tiles"),
       config::integer_param("kv_bits", "16", 1, 32, "bits per K or V element in the cache")},
      {}};
  return s;
}

const ComponentSpec& workload_spec() {
  static const ComponentSpec s{
      "workload",
      "the requests to simulate",
      {config::text_param("model", "llama-3.2-1b",
                          "built-in model name (see `aimcsim run --help`) or path to a "
                          "HuggingFace config.json of a Llama, Phi-3 or Qwen2 model"),
       config::integer_param("prompt_tokens", "512", 1, 1 << 24, "prompt length [tokens]"),
       config::integer_param("decode_tokens", "128", 1, 1 << 24,
                             "generated tokens per request (the first comes from the prefill)"),
       config::integer_param("batch", "1", 1, 1 << 16, "concurrent requests (sequences)"),
       config::integer_param("prefill_chunk", "0", 0, 1 << 24,
                             "tokens per aggregated prefill transaction; 0 = whole prompt"),
       config::integer_param("seed", "1", 0, 9.0e15, "seed of every random stream"),
       config::real_param("t_inference", Dimension::time, "s", "1h", 0,
                          "time since programming when the chip is used (drift, read noise)",
                          "AFM / aihwkit evaluations report 1 h as the reference point")},
      {}};
  return s;
}

const ComponentSpec& simulation_spec() {
  static const ComponentSpec s{
      "simulation",
      "simulation kernel",
      {config::real_param("quantum", Dimension::time, "ns", "1000", 0,
                          "TLM-2.0 global quantum: how far a sequence may run ahead of others",
                          "speed/accuracy trade-off; 1 us is below one decode step")},
      {}};
  return s;
}

}  // namespace

const ComponentSpec& run_config_spec() {
  static const ComponentSpec s{
      "run",
      "an aimcsim run file",
      {config::integer_param("version", "", 1, 1, "configuration format version (1)"),
       config::text_param("name", "unnamed", "name of the architecture"),
       config::text_param("description", "-", "free text")},
      {{"system", &system_spec()},
       {"chip", &chip_spec()},
       {"mapping", &mapping_spec()},
       {"workload", &workload_spec()},
       {"simulation", &simulation_spec()}}};
  return s;
}

namespace {

// " (cols = 24 at arch.yaml:12)": the other value of a cross-check and where it was set, so an
// error about an untouched default still names the line or option that caused it (found by
// fuzz_run_config: "default value: key '...adc.count': ... (cols = 24)" named no file).
std::string set_at(const ParamValues& values, const std::string& name) {
  const config::ParamValue& v = values.value(name);
  const std::string where = v.origin == "default" ? "its default" : v.origin;
  return name + " = " + config::printable(v.text) + " at " + where;
}

void check_chip(const ParamValues& chip, const ChipParams& c) {
  const auto& tile = chip.child("analog_tile");
  const auto& t = c.analog_tile;
  if (t.cols % t.columns_per_weight != 0)
    config::fail_value(tile, "columns_per_weight",
                       "expected a divisor of cols (" + set_at(tile, "cols") + ")");
  if (t.adc.count > t.cols)
    config::fail_value(tile.child("adc"), "count",
                       "expected at most one ADC per column (" + set_at(tile, "cols") + ")");
  if (c.digital_unit.count > c.tiles_per_chip()) {
    const auto& mesh = chip.child("mesh");
    config::fail_value(chip.child("digital_unit"), "count",
                       "expected at most one digital unit per mesh node (" +
                           std::to_string(c.tiles_per_chip()) + " nodes: " +
                           set_at(mesh, "rows") + ", " + set_at(mesh, "cols") + ")");
  }
}

}  // namespace

RunConfig read_run_config(const config::YamlDocument& doc) {
  RunConfig cfg;
  if (!doc.root()["version"].IsDefined())
    throw config::ConfigError(doc.file() + ":1: key 'version': missing; every configuration "
                              "file starts with 'version: 1'");
  cfg.values = config::read_component(doc, doc.root(), run_config_spec(), "");
  const ParamValues& v = *cfg.values;
  cfg.name = v.word("name");

  const auto& sys = v.child("system");
  cfg.system.chips = static_cast<int>(sys.integer("chips"));
  cfg.system.allow_multi_chip = sys.boolean("allow_multi_chip");
  cfg.system.chip_link = interconnect::ChipLinkParams::from(sys.child("chip_link"));

  const auto& chip = v.child("chip");
  cfg.chip.mesh_rows = static_cast<int>(chip.child("mesh").integer("rows"));
  cfg.chip.mesh_cols = static_cast<int>(chip.child("mesh").integer("cols"));
  cfg.chip.other_static_power_w = chip.real("other_static_power");
  cfg.chip.other_area_mm2 = chip.real("other_area");
  cfg.chip.analog_tile = tiles::AnalogTileParams::from(chip.child("analog_tile"));
  cfg.chip.digital_unit = tiles::DigitalUnitParams::from(chip.child("digital_unit"));
  cfg.chip.kv_cache = tiles::KvCacheParams::from(chip.child("kv_cache"));
  cfg.chip.noc = interconnect::NocParams::from(chip.child("noc"));
  check_chip(chip, cfg.chip);

  const auto& map = v.child("mapping");
  cfg.mapping.lm_head_analog = map.word("lm_head") == "analog";
  cfg.mapping.digital_weight_bits = static_cast<int>(map.integer("digital_weight_bits"));
  cfg.mapping.activation_bits = static_cast<int>(map.integer("activation_bits"));
  cfg.mapping.kv_bits = static_cast<int>(map.integer("kv_bits"));

  const auto& w = v.child("workload");
  cfg.workload.model = w.word("model");
  cfg.workload.prompt_tokens = static_cast<int>(w.integer("prompt_tokens"));
  cfg.workload.decode_tokens = static_cast<int>(w.integer("decode_tokens"));
  cfg.workload.batch = static_cast<int>(w.integer("batch"));
  cfg.workload.prefill_chunk = static_cast<int>(w.integer("prefill_chunk"));
  cfg.workload.seed = static_cast<unsigned long long>(w.integer("seed"));
  cfg.workload.t_inference_s = w.real("t_inference");

  cfg.simulation.quantum_s = v.child("simulation").real("quantum");
  return cfg;
}

std::string resolved_yaml(const RunConfig& cfg) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  config::emit_resolved(out, *cfg.values);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace aimcsim
