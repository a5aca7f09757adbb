// SPDX-License-Identifier: Apache-2.0
#include "sim/arch_config.hpp"

#include <algorithm>
#include <utility>

#include "sim/config/component_reader.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/text_check.hpp"
#include "tiles/tile_cost.hpp"

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

const ComponentSpec& power_gating_spec() {
  static const ComponentSpec s{
      "power_gating",
      "power gating of the chip's blocks",
      {config::choice_param("mode", {"none", "unused", "idle"}, "none",
                            "none: every block leaks all run; unused: blocks the run never uses "
                            "are off; idle: tiles and digital units are also off between uses "
                            "(memories, routers and links stay on)"),
       config::real_param("wake_time", Dimension::time, "ns", "10", 0,
                          "time to wake a gated tile or digital unit",
                          "assumption: a few cycles of a staged sleep-transistor turn-on (Hu et "
                          "al., ISLPED 2004, report wake-up in a few cycles)"),
       config::real_param("wake_energy", Dimension::energy, "pJ", "100", 0,
                          "energy of one wake-up per mm2 of gated block (recharging its "
                          "virtual supply)",
                          "assumption: break-even time ~20 ns (Hu et al., ISLPED 2004: ~10-20 "
                          "cycles) x 5 mW/mm2 leakage = 100 pJ/mm2"),
       config::real_param("idle_timeout", Dimension::none, "", "1", 0,
                          "idle: time a tile or digital unit stays on after a use before it "
                          "gates, in multiples of its break-even time (wake energy / leakage "
                          "power); shorter gaps are bridged powered",
                          "Karlin et al., Algorithmica 11 (1994): a timeout of one break-even "
                          "time costs at most 2x the energy of an oracle")},
      {}};
  return s;
}

const ComponentSpec& chip_spec() {
  static const ComponentSpec s{
      "chip",
      "one chip",
      {config::real_param("other_static_power", Dimension::power, "mW", "0", 0,
                          "static power of the other area beyond its logic leakage (other_area x "
                          "logic_leakage is always counted): analog bias, PLLs, I/O termination",
                          "LG23 reports no idle power; 0 adds nothing beyond the leakage"),
       config::real_param("other_area", Dimension::area, "mm2", "52.66", 0,
                          "pads, clocking, global control",
                          "LG23: 144 mm2 die - 64 cores x 1.392 mm2 - 8 GDPUs x 0.281 mm2"),
       config::positive_param("max_area", Dimension::area, "mm2", "858",
                              "die limit: a larger chip is an error unless "
                              "system.multi_die_package is true",
                              "lithographic reticle field 26 x 33 mm"),
       config::real_param("logic_leakage", Dimension::power, "mW", "5", 0,
                          "leakage of digital logic per mm2 (local digital, DACs, digital-unit "
                          "lanes, routers)",
                          "assumption: 14 nm FinFET logic at 0.85 V, typical corner and "
                          "moderate temperature: a few mW/mm2")},
      {{"mesh", &mesh_spec()},
       {"power_gating", &power_gating_spec()},
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
       config::integer_param("replicas", "1", 0, 1 << 20,
                             "copies of the mapped model serving a trace in parallel (aimcsim "
                             "serve; each on chips of its own); 0 = as many as fit in "
                             "system.chips"),
       config::bool_param("allow_multi_chip", "true",
                          "may the model span chips (false: error if it does not fit one)"),
       config::bool_param("multi_die_package", "false",
                          "a chip is a package of several dies and may exceed chip.max_area"),
       config::integer_param("chips_per_package", "4", 1, 1 << 20,
                             "chips sharing a package: on-package links between them, board "
                             "links between packages",
                             "assumption: 4 reticle-sized dies per package (CoWoS-class "
                             "interposers hold ~3-4 reticles)"),
       config::integer_param("memory_stacks_per_package", "1", 1, 64,
                             "DRAM stacks per package, shared by its chips",
                             "assumption: one HBM stack per package")},
      {{"chip_link", &interconnect::ChipLinkParams::spec()},
       {"board_link", &interconnect::ChipLinkParams::board_spec()}}};
  return s;
}

/// mapping.digital_linears: "none" or a comma-separated list of block linear names.
std::vector<std::string> parse_digital_linears(const config::ParamValues& map) {
  static const std::vector<std::string> known = {"q_proj", "k_proj", "v_proj",
                                                 "qkv_proj", "o_proj", "gate_proj",
                                                 "up_proj", "gate_up_proj", "down_proj"};
  const std::string& text = map.word("digital_linears");
  std::vector<std::string> out;
  if (text == "none" || text.empty()) return out;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find(',', begin);
    if (end == std::string::npos) end = text.size();
    std::string name = text.substr(begin, end - begin);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (std::find(known.begin(), known.end(), name) == known.end())
      config::fail_value(map, "digital_linears",
                         "'" + name + "' is not a block linear; expected none or a comma-separated "
                         "list of q_proj, k_proj, v_proj, qkv_proj, o_proj, gate_proj, up_proj, "
                         "gate_up_proj, down_proj");
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    begin = end + 1;
  }
  return out;
}

}  // namespace

bool MappingParams::is_digital(const std::string& linear_name) const {
  return std::find(digital_linears.begin(), digital_linears.end(), linear_name) !=
         digital_linears.end();
}

namespace {

const ComponentSpec& mapping_spec() {
  static const ComponentSpec s{
      "mapping",
      "placement of the model onto the hardware",
      {config::choice_param("lm_head", {"analog", "digital"}, "digital",
                            "LM head on analog tiles, or on a digital unit streaming weights "
                            "from DRAM"),
       config::text_param("digital_linears", "none",
                          "block linear layers kept on the digital units, comma separated "
                          "(q_proj, k_proj, v_proj, qkv_proj, o_proj, gate_proj, up_proj, "
                          "gate_up_proj, down_proj), or none: every block linear on analog tiles"),
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
       config::integer_param("batch", "1", 1, 4096,
                             "concurrent requests (sequences); each is one SystemC thread"),
       config::integer_param("prefill_chunk", "32", 0, 1 << 24,
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
                          "speed/accuracy trade-off; 1 us is below one decode step"),
       config::real_param("memory_budget", Dimension::bytes, "GiB", "0", 0,
                          "host memory a run may use, checked against an estimate before "
                          "anything is allocated; 0 = 80 % of the machine's physical memory",
                          "docs/reliability.md (per-object costs measured on the release build)"),
       config::real_param("wall_time_budget", Dimension::time, "min", "30", 0,
                          "estimated wall time a run may take (from its simulated transactions), "
                          "checked before the simulation starts",
                          "per-transaction wall costs measured on a 2-core VM; docs/reliability.md")},
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
       {"serving", &serving_spec()},
       {"simulation", &simulation_spec()}}};
  return s;
}

namespace {

// " (cols = 24 at arch.yaml:12)": the other value of a cross-check and where it was set, so an
// error about an untouched default still names the line or option that caused it (found by
// fuzz_run_config: "default value: key '...adc.count': ... (cols = 24)" named no file).
std::string set_at(const ParamValues& values, const std::string& name) {
  const config::ParamValue& v = values.value(name);
  return name + " = " + config::printable(v.text) + " at " + config::where_set(v);
}

/// Idle gating timeout of the tiles and digital units [s]: chip.power_gating.idle_timeout x
/// the block's break-even time. A tile wakes its leaking blocks (DACs, ADCs, local digital)
/// together; a digital unit its logic (its SRAM stays on to hold data).
void resolve_idle_timeouts(ChipParams& c) {
  using kernel::PowerGating;
  const double per_mm2 = c.gating.wake_energy_j_per_mm2;
  const tiles::TileArea a = tiles::tile_area(c.analog_tile);
  const tiles::TileStaticPower p = tiles::tile_static_power(c.analog_tile);
  double leaking_mm2 = 0;
  for (const auto& [w, mm2] : {std::pair{p.dac_w, a.dac_mm2}, std::pair{p.array_w, a.array_mm2},
                               std::pair{p.adc_w, a.adc_mm2},
                               std::pair{p.local_digital_w, a.local_digital_mm2}})
    if (w > 0) leaking_mm2 += mm2;
  const double k = c.gating.idle_timeout_break_evens;
  // 0 break-even times gates every gap, even of a block that does not leak (0 x infinity).
  const auto timeout_s = [k](double wake_j, double leak_w) {
    return k == 0 ? 0.0 : k * PowerGating::break_even_s(wake_j, leak_w);
  };
  c.analog_tile.gating.idle_timeout_s = timeout_s(per_mm2 * leaking_mm2, p.total_w());
  const auto& du = c.digital_unit;
  c.digital_unit.gating.idle_timeout_s =
      timeout_s(per_mm2 * du.logic_area_mm2(), du.static_power_w());
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
  if (t.input_activity > 1)
    config::fail_value(tile, "input_activity", "expected a fraction in [0, 1]");
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
  cfg.system.replicas = static_cast<int>(sys.integer("replicas"));
  cfg.system.multi_die_package = sys.boolean("multi_die_package");
  cfg.system.chips_per_package = static_cast<int>(sys.integer("chips_per_package"));
  cfg.system.memory_stacks_per_package = static_cast<int>(sys.integer("memory_stacks_per_package"));
  cfg.system.chip_link = interconnect::ChipLinkParams::from(sys.child("chip_link"));
  cfg.system.board_link = interconnect::ChipLinkParams::from(sys.child("board_link"));

  const auto& chip = v.child("chip");
  cfg.chip.mesh_rows = static_cast<int>(chip.child("mesh").integer("rows"));
  cfg.chip.mesh_cols = static_cast<int>(chip.child("mesh").integer("cols"));
  cfg.chip.other_static_power_w = chip.real("other_static_power");
  cfg.chip.other_area_mm2 = chip.real("other_area");
  cfg.chip.analog_tile = tiles::AnalogTileParams::from(chip.child("analog_tile"));
  cfg.chip.digital_unit = tiles::DigitalUnitParams::from(chip.child("digital_unit"));
  cfg.chip.kv_cache = tiles::KvCacheParams::from(chip.child("kv_cache"));
  cfg.chip.noc = interconnect::NocParams::from(chip.child("noc"));
  cfg.chip.max_area_mm2 = chip.real("max_area");
  cfg.chip.logic_leakage_w_per_mm2 = chip.real("logic_leakage");
  const auto& pg = chip.child("power_gating");
  const std::string mode = pg.word("mode");
  cfg.chip.gating.mode = mode == "idle"     ? kernel::PowerGating::Mode::idle
                         : mode == "unused" ? kernel::PowerGating::Mode::unused
                                            : kernel::PowerGating::Mode::none;
  cfg.chip.gating.wake_time_s = pg.real("wake_time");
  cfg.chip.gating.wake_energy_j_per_mm2 = pg.real("wake_energy");
  // Chip-wide technology and gating reach every block through its own parameters.
  for (auto* leak : {&cfg.chip.analog_tile.logic_leakage_w_per_mm2,
                     &cfg.chip.digital_unit.logic_leakage_w_per_mm2,
                     &cfg.chip.noc.logic_leakage_w_per_mm2})
    *leak = cfg.chip.logic_leakage_w_per_mm2;
  cfg.chip.gating.idle_timeout_break_evens = pg.real("idle_timeout");
  cfg.chip.analog_tile.gating = cfg.chip.digital_unit.gating = cfg.chip.noc.gating =
      cfg.chip.gating;
  resolve_idle_timeouts(cfg.chip);
  check_chip(chip, cfg.chip);

  const auto& map = v.child("mapping");
  cfg.mapping.lm_head_analog = map.word("lm_head") == "analog";
  cfg.mapping.digital_linears = parse_digital_linears(map);
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

  cfg.serving = read_serving(v.child("serving"));

  const auto& sim = v.child("simulation");
  cfg.simulation.quantum_s = sim.real("quantum");
  cfg.simulation.memory_budget_bytes = sim.real("memory_budget");
  cfg.simulation.wall_time_budget_s = sim.real("wall_time_budget");
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
