// SPDX-License-Identifier: Apache-2.0
#include "sim/report/eval_report.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/io/checked_file.hpp"
#include "sim/report/plot.hpp"
#include "sim/report/run_writer.hpp"

namespace aimcsim::report {

Spread spread(const std::vector<double>& values) {
  Spread s;
  if (values.empty()) return s;
  for (const double v : values) s.mean += v;
  s.mean /= double(values.size());
  if (values.size() < 2) return s;
  double ss = 0;
  for (const double v : values) ss += (v - s.mean) * (v - s.mean);
  s.std = std::sqrt(ss / double(values.size() - 1));
  return s;
}

namespace {

using Metric = double (workloads::TokenScores::*)() const;

/// {"mean": .., "std": .., "per_seed": [..]} of one metric at one drift time.
nlohmann::ordered_json metric_json(const EvalPoint& p, Metric metric) {
  std::vector<double> v;
  for (const auto& s : p.seeds) v.push_back((s.*metric)());
  const Spread sp = spread(v);
  nlohmann::ordered_json j;
  j["mean"] = sp.mean;
  j["std"] = sp.std;
  j["per_seed"] = v;
  return j;
}

/// Per linear: SNR [dB] of each seed at point p (infinite SNR, an exact layer, as null in JSON).
std::vector<double> snr_values(const EvalPoint& p, std::size_t linear) {
  std::vector<double> v;
  for (const auto& seed : p.snr)
    if (linear < seed.size() && seed[linear].vectors > 0) v.push_back(seed[linear].snr_db());
  return v;
}

bool probed(const EvalResult& r, std::size_t linear) {
  return !r.points.empty() && !snr_values(r.points.front(), linear).empty();
}

nlohmann::ordered_json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::string eval_json(const EvalResult& r, const RunSummary& hw) {
  nlohmann::ordered_json j;
  j["command"] = r.command;
  j["checkpoint"] = r.checkpoint;
  j["checkpoint_format"] = r.checkpoint_format;
  j["model"] = r.model;
  j["tokenizer"] = r.tokenizer;
  j["text"] = r.text;
  j["mode"] = r.ideal ? "ideal (float32, no device noise, no DAC/ADC quantisation)"
                      : "analog (linear layers on the mapped tiles)";
  j["documents"] = r.documents;
  j["window_tokens"] = r.window;
  j["windows"] = r.windows;
  j["tokens"] = r.tokens;
  j["predictions"] = r.predictions;
  j["seed"] = r.seed;
  j["tiles_with_learned_input_range"] = r.learned_range_tiles;
  j["seeds"] = r.points.empty() ? 0 : r.points.front().seeds.size();
  j["float32"] = {{"perplexity", r.float32.perplexity()},
                  {"mean_nll_nats", r.float32.mean_nll()}};
  auto& drift = j["drift"] = nlohmann::ordered_json::array();
  for (const auto& p : r.points) {
    nlohmann::ordered_json d;
    d["t_s"] = p.drift_s;
    d["label"] = p.label;
    d["perplexity"] = metric_json(p, &workloads::TokenScores::perplexity);
    d["mean_nll_nats"] = metric_json(p, &workloads::TokenScores::mean_nll);
    d["top1_agreement"] = metric_json(p, &workloads::TokenScores::top1_agreement);
    d["kl_float32_analog_nats"] = metric_json(p, &workloads::TokenScores::mean_kl);
    auto& snr = d["layer_snr_db"] = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < r.linear_labels.size(); ++i) {
      const auto v = snr_values(p, i);
      if (v.empty()) continue;
      snr[r.linear_labels[i]] = number_or_null(spread(v).mean);
    }
    drift.push_back(d);
  }
  const double tokens = double(std::max<std::int64_t>(1, r.tokens));
  j["hardware"] = {{"latency_s", hw.e2e_latency_s},
                   {"latency_per_token_s", hw.e2e_latency_s / tokens},
                   {"window_latency_mean_s", hw.ttft_s},
                   {"energy_j", hw.energy_j},
                   {"energy_per_token_j", hw.energy_j / tokens},
                   {"chips", hw.chips},
                   {"tiles_used", hw.tiles_used},
                   {"area_mm2", hw.area_mm2}};
  j["wall_s"] = r.wall_s;
  return j.dump(2) + "\n";
}

std::string eval_csv(const EvalResult& r) {
  std::ostringstream o;
  o << "model,drift_label,drift_s,seed,perplexity,mean_nll_nats,top1_agreement,"
       "kl_float32_analog_nats,predictions\n";
  o << "float32,,,," << num(r.float32.perplexity()) << "," << num(r.float32.mean_nll())
    << ",1,0," << r.float32.predictions << "\n";
  for (const auto& p : r.points)
    for (std::size_t s = 0; s < p.seeds.size(); ++s) {
      const auto& sc = p.seeds[s];
      o << (r.ideal ? "ideal" : "analog") << "," << p.label << "," << num(p.drift_s) << "," << s
        << "," << num(sc.perplexity()) << "," << num(sc.mean_nll()) << ","
        << num(sc.top1_agreement()) << "," << num(sc.mean_kl()) << "," << sc.predictions << "\n";
    }
  return o.str();
}

std::string layer_snr_csv(const EvalResult& r) {
  std::ostringstream o;
  o << "linear,drift_label,drift_s,snr_db_mean,snr_db_std,seeds\n";
  for (std::size_t i = 0; i < r.linear_labels.size(); ++i) {
    if (!probed(r, i)) continue;
    for (const auto& p : r.points) {
      const auto v = snr_values(p, i);
      const Spread s = spread(v);
      o << r.linear_labels[i] << "," << p.label << "," << num(p.drift_s) << ","
        << (std::isfinite(s.mean) ? num(s.mean) : "inf") << ","
        << (std::isfinite(s.std) ? num(s.std) : "") << "," << v.size() << "\n";
    }
  }
  return o.str();
}

namespace {
LinePlot perplexity_plot(const EvalResult& r) {
  LinePlot plot;
  plot.title = "Perplexity against drift time: " + r.model;
  plot.x_label = "time since programming";
  plot.y_label = "perplexity";
  PlotSeries analog, reference;
  const std::size_t seeds = r.points.empty() ? 0 : r.points.front().seeds.size();
  analog.label = (r.ideal ? std::string("ideal") : std::string("analog")) + ", mean +- std over " +
                 std::to_string(seeds) + " seed" + (seeds == 1 ? "" : "s");
  reference.label = "float32";
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    const auto& p = r.points[i];
    std::vector<double> v;
    for (const auto& s : p.seeds) v.push_back(s.perplexity());
    const Spread sp = spread(v);
    plot.x_ticks.push_back({double(i), p.label});
    analog.x.push_back(double(i));
    analog.y.push_back(sp.mean);
    analog.y_err.push_back(sp.std);
    reference.x.push_back(double(i));
    reference.y.push_back(r.float32.perplexity());
  }
  plot.series = {analog, reference};
  return plot;
}
}  // namespace

std::string perplexity_plot_png(const EvalResult& r) { return render_png(perplexity_plot(r)); }
std::string perplexity_plot_svg(const EvalResult& r) { return render_svg(perplexity_plot(r)); }

void write_eval_files(const std::filesystem::path& dir, const EvalResult& r,
                      const RunSummary& hw) {
  io::write_new_file(dir / "eval.json", eval_json(r, hw));
  io::write_new_file(dir / "eval.csv", eval_csv(r));
  io::write_new_file(dir / "layer_snr.csv", layer_snr_csv(r));
  io::write_new_file(dir / "perplexity_vs_drift.png", perplexity_plot_png(r));
  io::write_new_file(dir / "perplexity_vs_drift.svg", perplexity_plot_svg(r));
}

}  // namespace aimcsim::report
