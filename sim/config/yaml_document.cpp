// SPDX-License-Identifier: Apache-2.0
#include "sim/config/yaml_document.hpp"

#include <fstream>
#include <sstream>
#include <vector>

#include "sim/config/config_error.hpp"

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
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap() && !root.IsNull())
      throw ConfigError(name + ":1: expected a YAML mapping of keys at the top level");
    return root;
  } catch (const YAML::Exception& e) {
    throw ConfigError(name + ":" + std::to_string(e.mark.line + 1) + ": YAML syntax error: " +
                      e.msg);
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
  std::ifstream in(file);
  if (!in) throw ConfigError(file + ": cannot open the configuration file");
  std::stringstream buf;
  buf << in.rdbuf();
  YamlDocument doc;
  doc.m_file = file;
  doc.m_root = parse_or_throw(buf.str(), file);
  doc.m_lines = split_lines(buf.str());
  return doc;
}

YamlDocument YamlDocument::load_string(const std::string& text, const std::string& name) {
  YamlDocument doc;
  doc.m_file = name;
  doc.m_root = parse_or_throw(text, name);
  doc.m_lines = split_lines(text);
  return doc;
}

void YamlDocument::apply_override(const std::string& assignment, const std::string& shown) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError("command line: -p '" + assignment +
                      "': expected dotted.key=value, e.g. -p chip.analog_tile.adc.bits=6");
  const std::string path = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);
  const auto parts = split_dotted(path);
  if (!m_root || m_root.IsNull()) m_root = YAML::Node(YAML::NodeType::Map);
  // yaml-cpp's Node::operator= assigns into the referenced node; reset() rebinds the handle.
  YAML::Node node;
  node.reset(m_root);
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i].empty())
      throw ConfigError("command line: -p '" + assignment + "': empty key in the dotted path");
    YAML::Node next = node[parts[i]];
    if (next.IsDefined() && !next.IsMap() && !next.IsNull())
      throw ConfigError("command line: -p '" + assignment + "': '" + parts[i] +
                        "' holds a value, not a group of keys");
    if (!next.IsDefined() || next.IsNull()) node[parts[i]] = YAML::Node(YAML::NodeType::Map);
    node.reset(node[parts[i]]);
  }
  if (parts.back().empty())
    throw ConfigError("command line: -p '" + assignment + "': empty key in the dotted path");
  node[parts.back()] = value;
  m_overrides[path] = shown.empty() ? "-p " + assignment : shown;
}

std::string YamlDocument::where(const YAML::Node& node, const std::string& dotted_path) const {
  const auto it = m_overrides.find(dotted_path);
  if (it != m_overrides.end()) return "command line (" + it->second + ")";
  // A group of keys that only an override created ("-p bogus.x=1" makes 'bogus').
  if (!node || node.Mark().line < 0)
    for (const auto& [path, shown] : m_overrides)
      if (path.rfind(dotted_path + ".", 0) == 0) return "command line (" + shown + ")";
  if (node && node.Mark().line >= 0) return m_file + ":" + std::to_string(node.Mark().line + 1);
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
