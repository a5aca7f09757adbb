// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "interconnect/noc_params.hpp"
#include "sim/config/param_values.hpp"
#include "sim/config/yaml_document.hpp"
#include "sim/serving_params.hpp"
#include "tiles/digital_unit_params.hpp"
#include "tiles/memory_params.hpp"
#include "tiles/tile_params.hpp"

namespace aimcsim {

/// One chip: a mesh of analog tiles with digital units, KV-cache memory and a NoC.
struct ChipParams {
  int mesh_rows = 8, mesh_cols = 8;
  double other_static_power_w = 0;  ///< bias/PLL/I-O power beyond the other area's leakage

  double other_area_mm2 = 0;
  double max_area_mm2 = 858;          ///< die limit (reticle)
  double logic_leakage_w_per_mm2 = 0;  ///< leakage of digital logic per area
  /// Static power of the area outside every modelled block (pads, clocking, global control) [W]:
  /// other_area x logic_leakage + other_static_power; never power-gated.
  double other_total_static_power_w() const {
    return other_area_mm2 * logic_leakage_w_per_mm2 + other_static_power_w;
  }
  kernel::PowerGating gating;
  tiles::AnalogTileParams analog_tile;
  tiles::DigitalUnitParams digital_unit;
  tiles::KvCacheParams kv_cache;
  interconnect::NocParams noc;

  int tiles_per_chip() const { return mesh_rows * mesh_cols; }
};

/// How layers are mapped onto the hardware.
struct MappingParams {
  bool lm_head_analog = false;
  /// Block linear layers kept digital (HF names: q_proj, ..., down_proj): their weights stream
  /// from DRAM to the digital unit, as a digital LM head's do. Empty: every block linear analog.
  std::vector<std::string> digital_linears;
  bool is_digital(const std::string& linear_name) const;
  int digital_weight_bits = 8;  ///< weights kept in DRAM for digitally executed layers
  int activation_bits = 16;     ///< activations between digital units and tile outputs
  int kv_bits = 16;             ///< one K or V element in the cache
};

/// The system: chips and their links.
struct SystemParams {
  int chips = 0;  ///< 0: as many as the mapping needs
  bool allow_multi_chip = true;
  bool multi_die_package = false;  ///< a "chip" may exceed chip.max_area (several dies)
  int chips_per_package = 1;
  /// Copies of the mapped model serving in parallel (aimcsim serve); 0 = as many as fit in
  /// `chips` chips.
  int replicas = 1;
  int memory_stacks_per_package = 1;  ///< DRAM stacks shared by the chips of a package
  interconnect::ChipLinkParams chip_link;   ///< on-package links
  interconnect::ChipLinkParams board_link;  ///< off-package links

  int packages(int chip_count) const {
    return (chip_count + chips_per_package - 1) / chips_per_package;
  }
};

/// The workload of a run.
/// One request of a workload given request by request (set by `aimcsim eval` / `generate`).
struct RequestSpec {
  int prompt_tokens = 1;
  int decode_tokens = 1;  ///< tokens generated, the first by the prefill (>= 1)
  /// The LM head runs for every prompt position (an evaluation scores each next-token
  /// prediction), not only for the last one.
  bool logits_every_position = false;
};

struct WorkloadParams {
  std::string model;  ///< built-in name or path to a HuggingFace config.json
  int prompt_tokens = 512;
  int decode_tokens = 128;
  int batch = 1;
  int prefill_chunk = 32; ///< tokens per aggregated prefill transaction; 0: whole prompt
  unsigned long long seed = 1;
  double t_inference_s = 3600;  ///< time since programming at which the chip is used
  /// When not empty: these requests run one after another on the chip (each starts when the
  /// previous one has finished and its KV cache is freed); `batch` is their number and
  /// prompt_tokens / decode_tokens their largest values. Empty: `batch` identical requests
  /// of prompt_tokens + decode_tokens, all arriving at t = 0.
  std::vector<RequestSpec> serial_requests;
  /// Set by `aimcsim serve`: no request runs by itself; a trace scheduler drives the chip.
  bool serve = false;
};

/// Simulation-kernel knobs.
struct SimulationParams {
  double quantum_s = 1e-6;  ///< TLM quantum: how far an initiator may run ahead of the kernel
  double memory_budget_bytes = 0;  ///< host memory budget; 0 = 80 % of physical memory
  double wall_time_budget_s = 1800; ///< estimated wall time a run may take [s]
};

/// The whole run configuration, validated: what `aimcsim run` simulates.
struct RunConfig {
  std::string name;
  SystemParams system;
  ChipParams chip;
  MappingParams mapping;
  WorkloadParams workload;
  ServingParams serving;
  SimulationParams simulation;
  std::unique_ptr<config::ParamValues> values;  ///< for the resolved-config writer
};

/// The schema of a run file (version, name, system, chip, mapping, workload, simulation).
const config::ComponentSpec& run_config_spec();

/// Reads a validated configuration from a YAML document (with overrides applied). Throws
/// ConfigError naming the file, line and key of the first problem.
RunConfig read_run_config(const config::YamlDocument& doc);

/// Writes the fully resolved configuration (defaults included) as YAML text.
std::string resolved_yaml(const RunConfig& cfg);

}  // namespace aimcsim
