// SPDX-License-Identifier: Apache-2.0
// Time per MVM: a 2048 x 8192 matrix (Llama-3.2-1B MLP size: 8192 outputs x 2048 inputs, the
// up/gate projection) on 512 x 512 tiles, 8-bit DAC and ADC, `pcm` device after 1 h of drift,
// against a plain single-precision GEMV/GEMM of the same matrix (OpenBLAS and Eigen) in the
// same run. Arguments: {batch, threads}. Target: AnalogMatrixMvm <= 1.5x OpenBlasGemv at the
// same batch and thread count (docs/device-models.md lists measured figures).
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include <Eigen/Core>
#include <cblas.h>

#include "tiles/physics/analog_matrix.hpp"

#if AIMCSIM_BENCH_OPENBLAS
// OpenBLAS extension (declared here: the cblas.h alternative in use may be another BLAS's).
extern "C" void openblas_set_num_threads(int num_threads);
#endif

namespace {

/// Sets the reference BLAS thread count; false when the BLAS in use cannot.
bool set_blas_threads(int threads) {
#if AIMCSIM_BENCH_OPENBLAS
  openblas_set_num_threads(threads);
  return true;
#else
  return threads == 1;
#endif
}

constexpr std::size_t k_out = 8192;
constexpr std::size_t k_in = 2048;

const std::vector<float>& weights() {
  static const std::vector<float> w = [] {
    std::mt19937 gen(1);
    std::normal_distribution<float> dist(0.0F, 0.02F);
    std::vector<float> v(k_out * k_in);
    for (auto& x : v) {
      x = dist(gen);
    }
    return v;
  }();
  return w;
}

std::vector<float> inputs(std::size_t batch) {
  std::mt19937 gen(2);
  std::normal_distribution<float> dist(0.0F, 1.0F);
  std::vector<float> v(batch * k_in);
  for (auto& x : v) {
    x = dist(gen);
  }
  return v;
}

void BM_AnalogMatrixMvm(benchmark::State& state) {
  const auto batch = static_cast<std::size_t>(state.range(0));
  aimcsim::physics::MatrixConfig cfg;  // pcm, 512x512, 8-bit DAC/ADC, global compensation
  cfg.threads = static_cast<unsigned>(state.range(1));
  aimcsim::physics::AnalogMatrix m(cfg);
  m.program(weights().data(), k_out, k_in, 1);
  m.drift_to(3600.0);
  const auto x = inputs(batch);
  std::vector<float> y(batch * k_out);
  for (auto _ : state) {
    m.mvm(x.data(), batch, y.data());
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  state.counters["vectors_per_s"] =
      benchmark::Counter(static_cast<double>(batch), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_OpenBlasGemv(benchmark::State& state) {
  const auto batch = static_cast<std::size_t>(state.range(0));
  if (!set_blas_threads(static_cast<int>(state.range(1)))) {
    state.SkipWithError("BLAS thread count cannot be set (not OpenBLAS)");
    return;
  }
  const auto& w = weights();
  const auto x = inputs(batch);
  std::vector<float> y(batch * k_out);
  for (auto _ : state) {
    if (batch == 1) {
      cblas_sgemv(CblasRowMajor, CblasNoTrans, k_out, k_in, 1.0F, w.data(), k_in, x.data(), 1,
                  0.0F, y.data(), 1);
    } else {
      // Y [batch x out] = X [batch x in] * W^T
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(batch), k_out, k_in,
                  1.0F, x.data(), k_in, w.data(), k_in, 0.0F, y.data(), k_out);
    }
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
}

void BM_EigenGemv(benchmark::State& state) {
  const auto batch = static_cast<Eigen::Index>(state.range(0));
  using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const RowMatrix> w(weights().data(), k_out, k_in);
  const auto xv = inputs(static_cast<std::size_t>(batch));
  const Eigen::Map<const RowMatrix> x(xv.data(), batch, k_in);
  RowMatrix y(batch, static_cast<Eigen::Index>(k_out));
  for (auto _ : state) {
    y.noalias() = x * w.transpose();
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
}

}  // namespace

BENCHMARK(BM_AnalogMatrixMvm)->ArgsProduct({{1, 16}, {1, 2}})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OpenBlasGemv)->ArgsProduct({{1, 16}, {1, 2}})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EigenGemv)->ArgsProduct({{1, 16}, {1}})->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
