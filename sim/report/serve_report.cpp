// SPDX-License-Identifier: Apache-2.0
#include "sim/report/serve_report.hpp"

#include <charconv>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/io/checked_file.hpp"
#include "sim/report/plot.hpp"
#include "sim/report/serve_plots.hpp"

namespace aimcsim::report {

using workloads::serving::RequestOutcome;
using workloads::serving::ServeResult;

namespace {

/// Shortest decimal text that reads back as exactly `v`: per-request times must survive the CSV
/// (report::num keeps 10 digits, which loses sub-microsecond detail of a one-hour replay).
std::string exact(double v) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  if (res.ec != std::errc()) throw std::logic_error("cannot format a double");
  return std::string(buf, res.ptr);
}

/// A CSV field quoted per RFC 4180 when it holds a comma, quote or line break.
std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void request_row(std::ostringstream& o, const RequestOutcome& q) {
  o << q.id << "," << q.line << ",";
  o << (q.rejected ? "" : std::to_string(q.replica)) << ",";
  o << (q.rejected ? "rejected" : "finished") << "," << csv_text(q.reject_reason) << ",";
  o << q.prompt_tokens << "," << q.output_tokens << "," << q.prefix_hit_tokens << ","
    << q.preemptions << "," << q.recomputed_tokens << "," << exact(q.arrival_s) << ",";
  if (q.rejected) {
    o << ",,,,,,,";  // never scheduled: no times, no latencies
  } else {
    o << exact(q.scheduled_s) << "," << exact(q.first_token_s) << "," << exact(q.finish_s) << ","
      << exact(q.ttft_s()) << ",";
    // A one-token request has no time per output token (it is left out of the TPOT figures).
    o << (q.output_tokens >= 2 ? exact(q.tpot_s()) : "") << ",";
    o << exact(q.e2e_s()) << "," << exact(q.queueing_s()) << ",";
  }
  o << exact(q.prefill_energy_j) << "," << exact(q.decode_energy_j) << ","
    << exact(q.prefill_energy_j + q.decode_energy_j) << "\n";
}

}  // namespace

std::string serve_requests_csv(const ServeResult& r) {
  std::ostringstream o;
  o << "id,line,replica,status,reject_reason,prompt_tokens,output_tokens,prefix_hit_tokens,"
       "preemptions,recomputed_tokens,arrival_s,scheduled_s,first_token_s,finish_s,ttft_s,tpot_s,e2e_s,"
       "queueing_s,prefill_energy_j,decode_energy_j,energy_j\n";
  for (const auto& q : r.requests) request_row(o, q);
  return o.str();
}

std::string serve_timeseries_csv(const ServeResult& r) {
  std::ostringstream o;
  o << "t_start_s,t_end_s,queue_length,running_batch,kv_occupancy,generated_tokens,tokens_per_s,"
       "dynamic_energy_j,static_energy_j,power_w\n";
  for (const auto& s : r.samples) {
    const double d = s.t_end_s - s.t_start_s;
    o << exact(s.t_start_s) << "," << exact(s.t_end_s) << "," << exact(s.queue_length) << ","
      << exact(s.running_batch) << "," << exact(s.kv_occupancy) << ","
      << exact(s.generated_tokens) << "," << (d > 0 ? exact(s.generated_tokens / d) : "") << ","
      << exact(s.dynamic_energy_j) << "," << exact(s.static_energy_j) << ","
      << (d > 0 ? exact(s.power_w()) : "") << "\n";
  }
  return o.str();
}

namespace {

nlohmann::ordered_json or_null(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

void put_latency(nlohmann::ordered_json& j, const std::string& name, const LatencyStats& l) {
  j[name + "_samples"] = l.samples;
  j[name + "_mean_s"] = or_null(l.mean_s);
  j[name + "_p50_s"] = or_null(l.p50_s);
  j[name + "_p90_s"] = or_null(l.p90_s);
  j[name + "_p99_s"] = or_null(l.p99_s);
  j[name + "_max_s"] = or_null(l.max_s);
}

nlohmann::ordered_json summary_fields(const ServeSummary& s) {
  nlohmann::ordered_json j;
  j["mode"] = s.mode;
  j["replicas"] = s.replicas;
  j["slo_ttft_s"] = s.slo.ttft_s;
  j["slo_tpot_s"] = s.slo.tpot_s;
  j["requests"] = s.requests;
  j["finished_requests"] = s.finished;
  j["rejected_requests"] = s.rejected;
  j["preempted"] = s.preempted;
  j["skipped_rows"] = s.skipped_rows;
  j["prefix_hit_tokens"] = s.prefix_hit_tokens;
  j["recomputed_tokens"] = s.recomputed_tokens;
  j["steps"] = s.steps;
  j["layer_events"] = s.layer_events;
  j["prompt_tokens"] = s.prompt_tokens;
  j["prefill_tokens"] = s.prefill_tokens;
  j["decode_tokens"] = s.decode_tokens;
  j["generated_tokens"] = s.generated_tokens;
  put_latency(j, "ttft", s.ttft);
  put_latency(j, "tpot", s.tpot);
  put_latency(j, "itl", s.itl);
  put_latency(j, "e2e", s.e2e);
  put_latency(j, "queueing", s.queueing);
  j["span_s"] = s.span_s;
  j["generated_tokens_per_s"] = or_null(s.generated_tokens_per_s);
  j["prompt_tokens_per_s"] = or_null(s.prompt_tokens_per_s);
  j["requests_per_s"] = or_null(s.requests_per_s);
  j["goodput_requests"] = s.goodput_requests;
  j["goodput_requests_per_s"] = or_null(s.goodput_requests_per_s);
  j["goodput_fraction"] = or_null(s.goodput_fraction);
  j["energy_j"] = s.energy_j;
  j["dynamic_energy_j"] = s.dynamic_energy_j;
  j["swap_energy_j"] = s.swap_energy_j;
  j["static_energy_j"] = s.static_energy_j;
  j["prefill_energy_j"] = s.prefill_energy_j;
  j["decode_energy_j"] = s.decode_energy_j;
  j["energy_per_prefill_token_j"] = or_null(s.energy_per_prefill_token_j);
  j["energy_per_decode_token_j"] = or_null(s.energy_per_decode_token_j);
  j["energy_per_token_j"] = or_null(s.energy_per_token_j);
  j["average_power_w"] = or_null(s.average_power_w);
  j["utilisation_tiles"] = s.utilisation.tiles;
  j["utilisation_digital_units"] = s.utilisation.digital_units;
  j["utilisation_noc"] = s.utilisation.noc;
  j["utilisation_memory"] = s.utilisation.memory;
  j["utilisation_chip_links"] = s.utilisation.chip_links;
  j["sim_wall_s"] = s.wall_s;
  j["simulated_s_per_wall_s"] = or_null(s.simulated_s_per_wall_s);
  j["events_per_wall_s"] = or_null(s.events_per_wall_s);
  return j;
}

}  // namespace

std::string serve_summary_json(const ServeSummary& s, const nlohmann::ordered_json& run_identity) {
  if (!run_identity.is_object() && !run_identity.is_null())
    throw std::invalid_argument("serve_summary.json: the run identity is not a JSON object");
  nlohmann::ordered_json j = run_identity.is_null() ? nlohmann::ordered_json::object()
                                                    : run_identity;
  const nlohmann::ordered_json fields = summary_fields(s);  // named: items() only refers to it
  for (const auto& [key, value] : fields.items()) {
    const auto it = j.find(key);
    if (it == j.end()) {
      j[key] = value;
    } else if (*it != value) {
      throw std::invalid_argument("serve_summary.json: run identity gives '" + key + "' as " +
                                  it->dump() + " but the replay has " + value.dump());
    }
  }
  return j.dump(2) + "\n";
}

void write_serve_files(const std::filesystem::path& dir, const ServeResult& r,
                       const ServeSummary& s, const nlohmann::ordered_json& run_identity) {
  // Everything is formatted before the first file is created, so bad input leaves no files.
  const std::string summary = serve_summary_json(s, run_identity);
  std::vector<std::pair<std::string, std::string>> files = {
      {"serve_summary.json", summary},
      {"requests.csv", serve_requests_csv(r)},
      {"timeseries.csv", serve_timeseries_csv(r)}};
  for (const auto& p : serve_plots(r)) {
    files.emplace_back(p.stem + ".png", render_png(p.plot));
    files.emplace_back(p.stem + ".svg", render_svg(p.plot));
  }
  for (const auto& [name, text] : files) io::write_new_file(dir / name, text);
}

}  // namespace aimcsim::report
