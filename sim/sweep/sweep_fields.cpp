// SPDX-License-Identifier: Apache-2.0
// The fields of a sweep file, read and checked one by one (docs/sweeps.md, "The sweep file").
// Expansion and validation of the points follow in sweep_expand.cpp and sweep_validate.cpp.
#include <algorithm>
#include <filesystem>
#include <set>

#include "sim/config/config_error.hpp"
#include "sim/config/text_check.hpp"
#include "sim/config/yaml_document.hpp"
#include "sim/sweep/sweep_field_reader.hpp"
#include "sim/sweep/sweep_file.hpp"

namespace aimcsim::sweep::detail {
namespace {

const char* const k_seed_key = "workload.seed";

std::string key_text(const YAML::Node& k) { return k.IsScalar() ? k.Scalar() : ""; }

void read_base(const FieldReader& r, const YAML::Node& base, SweepFile& out) {
  if (!base) return;
  if (!base.IsMap()) r.fail(base, "base", "expected a group with arch and params");
  for (const auto& kv : base) {
    const std::string k = key_text(kv.first);
    if (k == "arch") {
      out.spec.arch = r.absolute_if_file(
          r.scalar(kv.second, "base.arch", "a preset name or an architecture YAML file"));
      out.arch_line = line_of(kv.second);
    } else if (k == "params") {
      if (kv.second.IsNull()) continue;
      if (!kv.second.IsMap())
        r.fail(kv.second, "base.params", "expected a group of dotted.key: value");
      for (const auto& p : kv.second) {
        const std::string key = r.scalar(p.first, "base.params", "a dotted key");
        r.declared(p.first, "base.params", key);
        out.spec.base_params.push_back(
            {key, r.scalar(p.second, "base.params." + key, "a value (a scalar)")});
        out.base_param_lines.push_back(line_of(p.second));
      }
    } else {
      r.fail(kv.first, "base",
             "unknown field '" + config::printable(k) + "'; expected arch and params");
    }
  }
}

void read_commands(const FieldReader& r, const YAML::Node& node, SweepFile& out) {
  const std::string expected = "a group naming run, serve and/or eval, each with its arguments";
  if (!node.IsMap() || node.size() == 0) r.fail(node, "commands", "expected " + expected);
  for (const auto& kv : node) {
    const std::string name = key_text(kv.first);
    CommandSpec c;
    if (name == "run") {
      c.command = PointCommand::run, c.summary_file = "summary.json";
    } else if (name == "serve") {
      c.command = PointCommand::serve, c.summary_file = "serve_summary.json";
    } else if (name == "eval") {
      c.command = PointCommand::eval, c.summary_file = "eval.json";
    } else {
      r.fail(kv.first, "commands",
             "unknown command '" + config::printable(name) + "'; expected run, serve or eval");
    }
    const std::string where = "commands." + name;
    if (kv.second.IsSequence()) {
      for (const auto& a : kv.second)
        c.args.push_back(r.absolute_if_file(r.scalar(a, where, "an argument (a scalar)")));
    } else if (!kv.second.IsNull()) {
      r.fail(kv.second, where, "expected a list of arguments, e.g. [--model, llama-3.2-1b]");
    }
    for (const auto& a : c.args)
      if (a == "-o" || a == "--output" || a.rfind("--output=", 0) == 0 || a == "-p" ||
          a == "--param")
        r.fail(kv.second, where,
               "'" + a + "': the sweep sets each point's folder and parameters; expected no "
               "-o/--output or -p/--param (use base.params and axes)");
    out.spec.commands.push_back(std::move(c));
  }
}

/// Checks that a swept key is new and declared; returns its declaration.
const config::ParamSpec& new_key(const FieldReader& r, const YAML::Node& node,
                                 const std::string& where, const std::string& key,
                                 std::set<std::string>& seen) {
  const auto& spec = r.declared(node, where, key);
  if (!seen.insert(key).second)
    r.fail(node, where, "'" + key + "' is swept twice; expected each key in one place");
  return spec;
}

Factor axis(const FieldReader& r, const YAML::Node& key_node, const YAML::Node& values,
            std::set<std::string>& seen, std::vector<std::string>& units) {
  const std::string key = r.scalar(key_node, "axes", "a dotted key");
  const auto& spec = new_key(r, key_node, "axes", key, seen);
  Factor f;
  f.keys = {key};
  f.origin = "axes." + key;
  for (auto& v : r.axis_values(values, "axes." + key, spec)) f.rows.push_back({v});
  units.push_back(spec.dim == config::Dimension::none ? "" : spec.unit);
  return f;
}

Factor zip_group(const FieldReader& r, const YAML::Node& group, std::size_t index,
                 std::set<std::string>& seen, std::vector<std::string>& units) {
  const std::string where = "zip[" + std::to_string(index) + "]";
  if (!group.IsMap() || group.size() == 0)
    r.fail(group, where, "expected a group of dotted.key: [values] advancing together");
  Factor f;
  f.origin = where;
  std::size_t length = 0;
  for (const auto& kv : group) {
    const std::string key = r.scalar(kv.first, where, "a dotted key");
    const auto& spec = new_key(r, kv.first, where, key, seen);
    const auto values = r.axis_values(kv.second, where + "." + key, spec);
    if (f.keys.empty()) {
      length = values.size();
      f.rows.resize(length);
    } else if (values.size() != length) {
      r.fail(kv.second, where + "." + key,
             std::to_string(values.size()) + " values; expected " + std::to_string(length) +
                 " like '" + f.keys.front() + "' (the keys of a zip group advance together)");
    }
    for (std::size_t i = 0; i < length; ++i) f.rows[i].push_back(values[i]);
    f.keys.push_back(key);
    units.push_back(spec.dim == config::Dimension::none ? "" : spec.unit);
  }
  return f;
}

Factor seeds(const FieldReader& r, const YAML::Node& root, std::set<std::string>& seen,
             std::vector<std::string>& units) {
  const YAML::Node list = root["seeds"], repeats = root["repeats"];
  Factor f;
  f.keys = {k_seed_key};
  f.origin = list ? "seeds" : "repeats";
  const YAML::Node& where = list ? list : repeats;
  if (list && repeats) r.fail(repeats, "repeats", "given with seeds; expected one of the two");
  new_key(r, where, f.origin, k_seed_key, seen);
  if (list) {
    if (!list.IsSequence() || list.size() == 0)
      r.fail(list, "seeds", "expected a list of seeds, e.g. [1, 2, 3]");
    for (const auto& s : list)
      f.rows.push_back({{std::to_string(r.integer(s, "seeds", 0, 4294967295LL)), line_of(s)}});
  } else {
    const long long n =
        r.integer(repeats, "repeats", 1, static_cast<long long>(k_max_sweep_points));
    for (long long i = 1; i <= n; ++i) f.rows.push_back({{std::to_string(i), line_of(repeats)}});
  }
  units.push_back("");
  return f;
}

void read_space(const FieldReader& r, const YAML::Node& root, SweepFile& out) {
  std::set<std::string> seen;
  auto& keys = out.spec.swept_keys;
  auto& units = out.spec.swept_units;
  // Axes and zip groups are factors in the order the file gives them; seeds come last.
  for (const auto& top : root) {
    const std::string k = key_text(top.first);
    if (k == "axes") {
      if (top.second.IsNull()) continue;
      if (!top.second.IsMap()) r.fail(top.second, "axes", "expected a group of dotted.key: values");
      for (const auto& kv : top.second) out.factors.push_back(axis(r, kv.first, kv.second, seen, units));
    } else if (k == "zip") {
      if (top.second.IsNull()) continue;
      if (!top.second.IsSequence()) r.fail(top.second, "zip", "expected a list of groups");
      for (std::size_t i = 0; i < top.second.size(); ++i)
        out.factors.push_back(zip_group(r, top.second[i], i, seen, units));
    }
  }
  if (root["seeds"] || root["repeats"]) out.factors.push_back(seeds(r, root, seen, units));
  for (const auto& f : out.factors) keys.insert(keys.end(), f.keys.begin(), f.keys.end());

  if (const YAML::Node derived = root["derived"]; derived && !derived.IsNull()) {
    if (!derived.IsMap()) r.fail(derived, "derived", "expected a group of dotted.key: expression");
    for (const auto& kv : derived) {
      const std::string key = r.scalar(kv.first, "derived", "a dotted key");
      const auto& spec = new_key(r, kv.first, "derived", key, seen);
      const std::string where = "derived." + key;
      const std::string text = r.scalar(kv.second, where, "an expression");
      try {
        out.derived.push_back({key, SweepExpression(text, keys), line_of(kv.second)});
      } catch (const std::invalid_argument& e) {
        r.fail(kv.second, where, std::string(e.what()) + " in '" + config::printable(text) + "'");
      }
      keys.push_back(key);  // later derived keys and constraints may use it
      units.push_back(spec.dim == config::Dimension::none ? "" : spec.unit);
    }
  }
  if (const YAML::Node cons = root["constraints"]; cons && !cons.IsNull()) {
    if (!cons.IsSequence()) r.fail(cons, "constraints", "expected a list of expressions");
    for (std::size_t i = 0; i < cons.size(); ++i) {
      const std::string where = "constraints[" + std::to_string(i) + "]";
      const std::string text = r.scalar(cons[i], where, "an expression");
      try {
        out.constraints.push_back({SweepExpression(text, keys), line_of(cons[i])});
      } catch (const std::invalid_argument& e) {
        r.fail(cons[i], where, std::string(e.what()) + " in '" + config::printable(text) + "'");
      }
    }
  }
}

void read_metrics(const FieldReader& r, const YAML::Node& root, SweepFile& out) {
  auto known_command = [&](const std::string& metric) {
    for (const auto& c : out.spec.commands)
      if (metric.rfind(std::string(command_name(c.command)) + ".", 0) == 0 &&
          metric.size() > std::string(command_name(c.command)).size() + 1)
        return true;
    return false;
  };
  const std::string form = "'<command>.<summary key>' of a command of this file, e.g. run.ttft_s";
  if (const YAML::Node m = root["metrics"]; m && !m.IsNull()) {
    if (!m.IsSequence() || m.size() == 0) r.fail(m, "metrics", "expected a list of " + form);
    for (const auto& item : m) {
      const std::string name = r.scalar(item, "metrics", form);
      if (!known_command(name))
        r.fail(item, "metrics", "'" + config::printable(name) + "'; expected " + form);
      if (std::find(out.spec.metrics.begin(), out.spec.metrics.end(), name) !=
          out.spec.metrics.end())
        r.fail(item, "metrics", "'" + name + "' is listed twice");
      out.spec.metrics.push_back(name);
    }
  }
  if (const YAML::Node p = root["pareto"]; p && !p.IsNull()) {
    const std::string obj = "a list of objectives {metric: M, goal: min|max}";
    if (!p.IsSequence() || p.size() == 0) r.fail(p, "pareto", "expected " + obj);
    for (std::size_t i = 0; i < p.size(); ++i) {
      const std::string where = "pareto[" + std::to_string(i) + "]";
      const YAML::Node o = p[i];
      if (!o.IsMap()) r.fail(o, where, "expected {metric: M, goal: min|max}");
      for (const auto& kv : o)
        if (key_text(kv.first) != "metric" && key_text(kv.first) != "goal")
          r.fail(kv.first, where, "unknown field '" + config::printable(key_text(kv.first)) +
                                      "'; expected metric and goal");
      if (!o["metric"]) r.fail(o, where, "no metric; expected {metric: M, goal: min|max}");
      Objective objective;
      objective.metric = r.scalar(o["metric"], where + ".metric", form);
      if (!known_command(objective.metric))
        r.fail(o["metric"], where + ".metric",
               "'" + config::printable(objective.metric) + "'; expected " + form);
      if (!out.spec.metrics.empty() &&
          std::find(out.spec.metrics.begin(), out.spec.metrics.end(), objective.metric) ==
              out.spec.metrics.end())
        r.fail(o["metric"], where + ".metric",
               "'" + objective.metric + "' is not among metrics; expected one of them");
      if (const YAML::Node g = o["goal"]) {
        const std::string goal = r.scalar(g, where + ".goal", "min or max");
        if (goal != "min" && goal != "max")
          r.fail(g, where + ".goal", "'" + config::printable(goal) + "'; expected min or max");
        objective.minimize = goal == "min";
      }
      out.spec.objectives.push_back(objective);
    }
  }
}

}  // namespace

SweepFile read_fields(const std::string& text, const std::string& name,
                      const std::string& base_dir) {
  // The run-file reader's checks: size, one document, a mapping, no anchors or aliases.
  const config::YamlDocument doc = config::YamlDocument::load_string(text, name);
  const YAML::Node& root = doc.root();
  FieldReader r(name, base_dir);
  if (!root.IsMap()) r.fail(root, "(top level)", "expected a group of fields (version, commands, axes, ...)");
  for (const auto& kv : root) {
    static const std::set<std::string> fields = {
        "version", "name",    "description", "base",    "commands", "axes",  "zip",
        "derived", "constraints", "seeds",   "repeats", "metrics",  "pareto"};
    if (!fields.count(key_text(kv.first)))
      r.fail(kv.first, "(top level)",
             "unknown field '" + config::printable(key_text(kv.first)) +
                 "'; expected version, name, description, base, commands, axes, zip, derived, "
                 "constraints, seeds or repeats, metrics, pareto");
  }
  SweepFile out;
  if (!root["version"]) r.fail(root, "version", "missing; expected version: 1");
  out.spec.version = static_cast<int>(r.integer(root["version"], "version", 1, 1));
  out.spec.file = name;
  out.spec.name = std::filesystem::path(name).stem().string();
  if (const YAML::Node n = root["name"]) {
    out.spec.name = r.scalar(n, "name", "a name (letters, digits, '-', '_', '.')");
    if (out.spec.name.empty() ||
        out.spec.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789-_.") != std::string::npos ||
        out.spec.name[0] == '.')
      r.fail(n, "name", "'" + config::printable(out.spec.name) +
                            "'; expected letters, digits, '-', '_' and '.' (it names folders)");
  }
  if (const YAML::Node d = root["description"]) r.scalar(d, "description", "a text");
  read_base(r, root["base"], out);
  if (!root["commands"])
    r.fail(root, "commands",
           "missing; expected a group naming run, serve and/or eval, each with its arguments");
  read_commands(r, root["commands"], out);
  read_space(r, root, out);
  read_metrics(r, root, out);
  return out;
}

}  // namespace aimcsim::sweep::detail
