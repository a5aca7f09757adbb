// SPDX-License-Identifier: Apache-2.0
#include "sim/report/tables.hpp"

#include <sstream>

#include "sim/report/run_writer.hpp"

namespace aimcsim::report {
namespace {

std::string csv_text(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// Where a value comes from: the preset's comment on its line, the declared source of a
/// default, or the place it was set.
std::string source_of(const config::ParamValue& p) {
  if (!p.comment.empty()) return p.comment + " (" + p.origin + ")";
  if (p.origin == "default") return p.spec->source.empty() ? "default" : p.spec->source;
  return "set in " + p.origin;
}

void energy_rows(const config::ParamValues& v, std::ostringstream& os) {
  for (const config::ParamValue* p : v.ordered_values()) {
    const auto d = p->spec->dim;
    if (d != config::Dimension::energy && d != config::Dimension::energy_per_bit) continue;
    const bool per_bit = d == config::Dimension::energy_per_bit;
    os << v.path() << "," << p->spec->name << "," << num(p->number * 1e12) << ","
       << (per_bit ? "pJ/bit" : "pJ") << "," << csv_text(p->spec->description) << ","
       << csv_text(source_of(*p)) << "\n";
  }
  for (const auto& [key, child] : v.ordered_children()) energy_rows(*child, os);
}

void linear_tile_rows(const workloads::MappedLinear& l, const workloads::Mapping& m,
                      std::ostringstream& os) {
  for (const auto& t : l.tiles) {
    os << t.global_tile << "," << t.node.chip << "," << t.node.node << ","
       << (l.layer < 0 ? std::string("lm_head") : std::to_string(l.layer)) << "," << l.shape.name
       << "," << t.block_row << "," << t.block_col << "," << t.rows_used << "," << t.cols_used
       << "," << num(double(t.rows_used) * t.cols_used / (double(m.tile_rows) * m.tile_cols))
       << "\n";
  }
}

void linear_row(const workloads::MappedLinear& l, const workloads::Mapping& m, int du,
                std::ostringstream& os) {
  double used = 0;
  int first_chip = -1, last_chip = -1;
  for (const auto& t : l.tiles) {
    used += double(t.rows_used) * t.cols_used;
    if (first_chip < 0) first_chip = t.node.chip;
    last_chip = t.node.chip;
  }
  const double cells = double(l.tiles.size()) * m.tile_rows * m.tile_cols;
  os << (l.layer < 0 ? std::string("lm_head") : std::to_string(l.layer)) << "," << l.shape.name
     << "," << l.shape.in << "," << l.shape.out << "," << (l.analog ? "analog" : "digital") << ","
     << l.row_blocks << "," << l.col_blocks << "," << l.tiles.size() << ","
     << num(cells > 0 ? used / cells : 0) << "," << first_chip << "," << last_chip << "," << du
     << "\n";
}

}  // namespace

std::string energy_table_csv(const RunConfig& cfg) {
  std::ostringstream os;
  os << "component,action,energy,unit,description,source\n";
  energy_rows(*cfg.values, os);
  return os.str();
}

std::string area_table_csv(const std::map<std::string, TypeTotals>& by_type, const RunConfig& cfg,
                           int chips) {
  std::ostringstream os;
  os << "component,instances,area_each_mm2,area_total_mm2\n";
  double total = 0;
  for (const auto& [type, t] : by_type) {
    if (t.sum.area_mm2 <= 0 || t.count <= 0) continue;
    os << type << "," << t.count << "," << num(t.sum.area_mm2 / t.count) << ","
       << num(t.sum.area_mm2) << "\n";
    total += t.sum.area_mm2;
  }
  const double other = chips * cfg.chip.other_area_mm2;
  os << "chip.other," << chips << "," << num(cfg.chip.other_area_mm2) << "," << num(other) << "\n";
  os << "total,," << "," << num(total + other) << "\n";
  return os.str();
}

std::string energy_by_component_csv(const std::map<std::string, TypeTotals>& by_type,
                                    const RunSummary& summary, const RunConfig& cfg) {
  std::ostringstream os;
  os << "component,instances,dynamic_energy_j,static_energy_j,total_energy_j,busy_s\n";
  for (const auto& [type, t] : by_type) {
    const double st = t.static_energy_j;
    os << type << "," << t.count << "," << num(t.sum.dynamic_energy_j) << "," << num(st) << ","
       << num(t.sum.dynamic_energy_j + st) << "," << num(t.sum.busy_s) << "\n";
  }
  const double other = summary.chips * cfg.chip.other_total_static_power_w() * summary.e2e_latency_s;
  os << "chip.other," << summary.chips << ",0," << num(other) << "," << num(other) << ",0\n";
  return os.str();
}

std::string energy_by_layer_csv(const workloads::RunRecords& rec) {
  std::ostringstream os;
  os << "layer,tiles,analog_energy_j,digital_energy_j,memory_energy_j,data_movement_energy_j,"
        "total_energy_j,passes,time_s,mean_time_per_pass_s\n";
  for (const auto& l : rec.layers) {
    os << l.name << "," << l.tiles << "," << num(l.analog_j) << "," << num(l.digital_j) << ","
       << num(l.memory_j) << "," << num(l.movement_j) << "," << num(l.total_j()) << ","
       << num(l.passes) << "," << num(l.time_s) << ","
       << num(l.passes > 0 ? l.time_s / l.passes : 0) << "\n";
  }
  return os.str();
}

std::string token_timeline_csv(const workloads::RunRecords& rec) {
  std::ostringstream os;
  os << "sequence,token,phase,start_s,end_s,latency_s,energy_j\n";
  for (const auto& t : rec.tokens)
    os << t.sequence << "," << t.token << "," << t.phase << "," << num(t.start_s) << ","
       << num(t.end_s) << "," << num(t.end_s - t.start_s) << "," << num(t.energy_j) << "\n";
  return os.str();
}

std::string mapping_csv(const workloads::Mapping& m) {
  std::ostringstream os;
  os << "layer,linear,in,out,execution,row_blocks,col_blocks,tiles,utilization,first_chip,"
        "last_chip,digital_unit\n";
  for (const auto& b : m.blocks)
    for (const auto& l : b.linears) linear_row(l, m, b.du, os);
  linear_row(m.lm_head, m, m.lm_head_du, os);
  return os.str();
}

std::string mapping_tiles_csv(const workloads::Mapping& m) {
  std::ostringstream os;
  os << "tile,chip,node,layer,linear,block_row,block_col,rows_used,cols_used,utilization\n";
  for (const auto& b : m.blocks)
    for (const auto& l : b.linears) linear_tile_rows(l, m, os);
  linear_tile_rows(m.lm_head, m, os);
  return os.str();
}

}  // namespace aimcsim::report
