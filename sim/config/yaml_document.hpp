// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace aimcsim::config {

/// A parsed YAML file plus the command-line overrides applied to it, remembering where every value
/// came from so an error can name the file and line (or the -p option) of the offending key.
class YamlDocument {
 public:
  /// Loads `file`; throws ConfigError naming the file (and line, for syntax errors). A file must
  /// be at most k_max_config_bytes (1 MiB) and hold one YAML document whose top level is a
  /// mapping, without anchors, aliases or complex keys (see check_yaml_structure).
  static YamlDocument load_file(const std::string& file);
  /// Parses YAML text held in memory (built-in defaults, tests) with the same checks as
  /// load_file; `name` stands for the file name.
  static YamlDocument load_string(const std::string& text, const std::string& name);

  /// A deep copy: overrides applied to it leave this document as it is (a plain copy shares
  /// the YAML nodes).
  YamlDocument clone() const;

  /// Applies `-p dotted.key=value`: sets the scalar at that path, creating maps as needed.
  /// `shown` is how errors name the option (default "-p <assignment>").
  void apply_override(const std::string& assignment, const std::string& shown = "");

  const std::string& file() const { return m_file; }
  YAML::Node& root() { return m_root; }
  const YAML::Node& root() const { return m_root; }

  /// "file.yaml:12" for a node of the file, "command line (-p key=value)" for an override.
  std::string where(const YAML::Node& node, const std::string& dotted_path) const;
  /// The comment at the end of the node's line ("# source ..."), without the '#'; presets
  /// cite the source of every constant there, and reports carry it along.
  std::string line_comment(const YAML::Node& node, const std::string& dotted_path) const;

 private:
  std::string m_file;
  std::vector<std::string> m_lines;
  YAML::Node m_root;
  std::map<std::string, std::string> m_overrides;  // dotted path -> the -p text
};

}  // namespace aimcsim::config
