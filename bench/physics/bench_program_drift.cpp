// SPDX-License-Identifier: Apache-2.0
// Programming + drift to 1 h of a Llama-3.2-1B's worth of weights with the `pcm` device on
// 512x512 tiles, one matrix at a time (memory stays bounded). Prints weights/s and the total.
//
// Usage: bench_program_drift [threads=2] [max_weights=1.24e9]
// With max_weights below the model size it stops early and extrapolates to the full model.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "tiles/physics/analog_matrix.hpp"

namespace {

struct Shape {
  const char* name;
  std::size_t out;
  std::size_t in;
  std::size_t count;
};

}  // namespace

int main(int argc, char** argv) {
  using aimcsim::physics::AnalogMatrix;
  using aimcsim::physics::MatrixConfig;
  const unsigned threads = argc > 1 ? static_cast<unsigned>(std::stoul(argv[1])) : 2U;
  const double max_weights = argc > 2 ? std::stod(argv[2]) : 2e9;

  // Llama-3.2-1B: 16 layers of q, k, v, o, gate, up, down; lm_head 128256 x 2048 (tied with
  // the embeddings) processed in 2048-row slices.
  const std::vector<Shape> shapes = {
      {"q_proj", 2048, 2048, 16},     {"k_proj", 512, 2048, 16},  {"v_proj", 512, 2048, 16},
      {"o_proj", 2048, 2048, 16},     {"gate_proj", 8192, 2048, 16},
      {"up_proj", 8192, 2048, 16},    {"down_proj", 2048, 8192, 16},
      {"lm_head/62", 2048, 2048, 62}, {"lm_head/rest", 1280, 2048, 1}};
  double model_weights = 0.0;
  for (const auto& s : shapes) {
    model_weights += static_cast<double>(s.out * s.in * s.count);
  }

  MatrixConfig cfg;  // pcm, 512x512 tiles, 8-bit DAC/ADC, global drift compensation
  cfg.threads = threads;
  std::mt19937 gen(1);
  std::normal_distribution<float> dist(0.0F, 0.02F);
  std::vector<float> w(8192 * 2048);
  for (auto& v : w) {
    v = dist(gen);
  }

  AnalogMatrix matrix(cfg);
  double done = 0.0;
  double seconds = 0.0;
  std::uint64_t seed = 1;
  for (const auto& s : shapes) {
    for (std::size_t k = 0; k < s.count && done < max_weights; ++k) {
      const auto t0 = std::chrono::steady_clock::now();
      matrix.program(w.data(), s.out, s.in, seed++);
      matrix.drift_to(3600.0);
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      done += static_cast<double>(s.out * s.in);
    }
  }
  const double rate = done / seconds;
  std::printf("threads=%u weights=%.4g time=%.2f s rate=%.3g weights/s\n", threads, done, seconds,
              rate);
  std::printf("Llama-3.2-1B (%.4g weights) program+drift: %s %.1f s (target < 60 s)\n",
              model_weights, done >= model_weights ? "measured" : "extrapolated",
              done >= model_weights ? seconds : model_weights / rate);
  return 0;
}
