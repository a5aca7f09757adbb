// SPDX-License-Identifier: Apache-2.0
#include "sim/config/yaml_document.hpp"

#include <sstream>
#include <vector>

#include "sim/config/config_error.hpp"
#include "sim/config/text_check.hpp"
#include "sim/config/yaml_structure.hpp"

namespace aimcsim::config {
namespace {

std::vector<std::string> split_dotted(const std::string& path) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream is(path);
  while (std::getline(is, part, '.')) parts.push_back(part);
  return parts;
}

YAML::Node parse_or_throw(const std::string& text, const std::string& name) {
  if (text.size() > k_max_config_bytes)
    throw ConfigError(name + ": is larger than 1 MiB, the limit for configuration files");
  check_yaml_structure(text, name);
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap() && !root.IsNull())
      throw ConfigError(name + ":1: expected a YAML mapping of keys at the top level");
    return root;
  } catch (const YAML::Exception& e) {
    const std::string line = e.mark.is_null() ? "" : ":" + std::to_string(e.mark.line + 1);
    throw ConfigError(name + line + ": YAML syntax error: " + printable(e.msg, 200));
  }
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream is(text);
  std::string line;
  while (std::getline(is, line)) lines.push_back(line);
  return lines;
}

}  // namespace

YamlDocument YamlDocument::load_file(const std::string& file) {
  const ConfigText in = read_config_text(file);
  if (!in.problem.empty())
    throw ConfigError(file + ": " + in.problem + "; expected a YAML configuration file");
  return load_string(in.text, file);
}

YamlDocument YamlDocument::load_string(const std::string& text, const std::string& name) {
  YamlDocument doc;
  doc.m_file = name;
  doc.m_root = parse_or_throw(text, name);
  doc.m_lines = split_lines(text);
  return doc;
}

YamlDocument YamlDocument::clone() const {
  YamlDocument copy = *this;
  // Node::operator= would assign into the shared node; reset() rebinds the handle.
  copy.m_root.reset(YAML::Clone(m_root));
  return copy;
}

void YamlDocument::apply_override(const std::string& assignment, const std::string& shown) {
  const std::string option = "command line: -p '" + printable(assignment) + "'";
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError(option + ": expected dotted.key=value, e.g. -p chip.analog_tile.adc.bits=6");
  const std::string path = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);
  const auto parts = split_dotted(path);
  // getline drops a trailing empty part ("a." gives {"a"}): check the text itself.
  if (path.back() == '.') throw ConfigError(option + ": empty key in the dotted path");
  if (!m_root || m_root.IsNull()) m_root = YAML::Node(YAML::NodeType::Map);
  // yaml-cpp's Node::operator= assigns into the referenced node; reset() rebinds the handle.
  YAML::Node node;
  node.reset(m_root);
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i].empty()) throw ConfigError(option + ": empty key in the dotted path");
    YAML::Node next = node[parts[i]];
    if (next.IsDefined() && !next.IsMap() && !next.IsNull())
      throw ConfigError(option + ": '" + printable(parts[i]) +
                        "' holds a value, not a group of keys");
    if (!next.IsDefined() || next.IsNull()) node[parts[i]] = YAML::Node(YAML::NodeType::Map);
    node.reset(node[parts[i]]);
  }
  if (parts.back().empty()) throw ConfigError(option + ": empty key in the dotted path");
  node[parts.back()] = value;
  m_overrides[path] = printable(shown.empty() ? "-p " + assignment : shown);
}

std::string YamlDocument::where(const YAML::Node& node, const std::string& dotted_path) const {
  const auto it = m_overrides.find(dotted_path);
  if (it != m_overrides.end()) return "command line (" + it->second + ")";
  if (node && node.Mark().line >= 0)
    return m_file + ":" + std::to_string(node.Mark().line + 1);
  // A group key that only an override created (-p bogus.x=1 creates 'bogus'): name the option.
  for (const auto& [path, shown] : m_overrides)
    if (path.compare(0, dotted_path.size() + 1, dotted_path + ".") == 0)
      return "command line (" + shown + ")";
  return m_file;
}

std::string YamlDocument::line_comment(const YAML::Node& node, const std::string& dotted_path) const {
  if (m_overrides.count(dotted_path) || !node || node.Mark().line < 0) return "";
  const auto line = static_cast<size_t>(node.Mark().line);
  if (line >= m_lines.size()) return "";
  // A '#' preceded by a blank starts a comment (YAML 1.2); quoted scalars in presets have none.
  const std::string& text = m_lines[line];
  const auto hash = text.find(" #");
  if (hash == std::string::npos) return "";
  auto start = text.find_first_not_of(" #", hash);
  return start == std::string::npos ? "" : text.substr(start);
}


}  // namespace aimcsim::config
