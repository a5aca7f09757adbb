// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <vector>

#include "workloads/serving/serve_result.hpp"

namespace aimcsim::workloads::serving {

/// Accumulates piecewise-constant levels and energies into fixed time bins: the serve report's
/// time series. Every quantity is integrated over time, so a bin holds exact time averages
/// whatever the events' spacing.
class TimeSeries {
 public:
  /// Bins of `interval_s`; needing more than `max_bins` is a config::ConfigError naming
  /// serving.sample_interval.
  static constexpr long long k_max_intervals = 1000000;  ///< 48 MB of bins at most
  TimeSeries(double interval_s, long long max_bins = k_max_intervals);

  /// `queue`, `running` and `kv_fraction` held during [t0_s, t1_s).
  void add_queue(double t0_s, double t1_s, double queue);
  void add_running(double t0_s, double t1_s, double running, double kv_fraction);
  /// `energy_j` spent evenly over [t0_s, t1_s) (a point in time when t0 == t1).
  void add_energy(double t0_s, double t1_s, double energy_j);
  /// A replica busy over [t0_s, t1_s): gated static energy is spread in proportion to this.
  void add_busy(double t0_s, double t1_s);
  void add_tokens(double t_s, double tokens);

  /// The samples up to `span_s`: static energy = `ungated_static_w` x bin length, plus
  /// `gated_static_j` spread over the bins in proportion to their busy time.
  std::vector<ServeSample> finish(double span_s, double ungated_static_w,
                                  double gated_static_j) const;

 private:
  struct Bin {
    double queue_s = 0, running_s = 0, kv_s = 0, energy_j = 0, busy_s = 0, tokens = 0;
  };
  Bin& bin(long long i);
  /// Calls f(bin, overlap seconds) for every bin [t0, t1) overlaps.
  template <class F>
  void spread(double t0_s, double t1_s, F&& f);

  double m_interval_s;
  long long m_max_bins;
  std::vector<Bin> m_bins;
};

}  // namespace aimcsim::workloads::serving
