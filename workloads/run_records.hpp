// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

namespace aimcsim::workloads {

/// One generated token of one sequence.
struct TokenRecord {
  int sequence = 0;
  int token = 0;        ///< 0 = first generated token (produced by the prefill)
  std::string phase;    ///< prefill or decode
  double start_s = 0, end_s = 0;
  double energy_j = 0;  ///< dynamic energy of the forward pass that produced it
};

/// Energy and time attributed to one layer (block), or to the embedding / LM head.
struct LayerRecord {
  std::string name;
  int tiles = 0;
  double analog_j = 0, digital_j = 0, memory_j = 0, movement_j = 0;
  double time_s = 0;  ///< summed over tokens and sequences: exit - entry of the layer
  double passes = 0;  ///< forward passes through the layer (one per chunk or decode step)
  double total_j() const { return analog_j + digital_j + memory_j + movement_j; }
};

/// What a simulated run produced, beyond component statistics.
struct RunRecords {
  std::vector<TokenRecord> tokens;
  std::vector<LayerRecord> layers;  ///< embedding, blocks 0..L-1, lm_head
  std::vector<double> start_s, ttft_s, finish_s;  ///< per sequence: arrival, first token, last
  double analog_ops = 0;   ///< 2 x rows_used x cols_used per MVM vector
  double digital_ops = 0;  ///< arithmetic ops on digital units (MAC = 2)
};

}  // namespace aimcsim::workloads
