// SPDX-License-Identifier: Apache-2.0
// An event pass over the text (yaml-cpp's Parser + EventHandler): it sees document boundaries,
// anchors, aliases and the kind of each key, which the loaded node tree no longer shows.
#include "sim/config/yaml_structure.hpp"

#include <sstream>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "sim/config/config_error.hpp"
#include "sim/config/text_check.hpp"

namespace aimcsim::config {
namespace {

class StructureCheck : public YAML::EventHandler {
 public:
  StructureCheck(const std::string& text, const std::string& name) : m_text(text), m_name(name) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++m_documents > 1)
      fail(mark, "a second YAML document (after '---' or '...'); expected one document per "
                 "configuration file");
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { node(mark, anchor, false); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    fail(mark, "an alias (*name); anchors and aliases are not supported in configuration files");
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    node(mark, anchor, true);
    check_quote(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    node(mark, anchor, false);
    m_open.push_back({false, false});
  }
  void OnSequenceEnd() override { m_open.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    node(mark, anchor, false);
    m_open.push_back({true, true});
  }
  void OnMapEnd() override { m_open.pop_back(); }

  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& what) const {
    const std::string line = mark.is_null() ? "" : ":" + std::to_string(mark.line + 1);
    throw ConfigError(m_name + line + ": " + what);
  }

 private:
  struct Open {
    bool is_map;
    bool expect_key;  // for a map: the next node is a key
  };

  // Every node passes here once, before its children: it is a key or a value of the innermost
  // open map, or an item of a sequence.
  void node(const YAML::Mark& mark, YAML::anchor_t anchor, bool scalar) {
    if (anchor != YAML::NullAnchor)
      fail(mark, "an anchor (&name); anchors and aliases are not supported in configuration files");
    if (m_open.empty() || !m_open.back().is_map) return;
    Open& map = m_open.back();
    if (map.expect_key && !scalar)
      fail(mark, "a key that is not a plain word (a complex '?' key, a list, a group or an empty "
                 "key); expected a key such as 'rows'");
    map.expect_key = !map.expect_key;
  }

  // yaml-cpp ends an unterminated quoted scalar at the end of the text without an error when a
  // newline follows the opening quote; find the closing quote ourselves.
  void check_quote(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.pos < 0) return;
    auto i = static_cast<std::size_t>(mark.pos);
    if (i < m_text.size() && m_text[i] == '!') {  // a tag (!!str "...") precedes the scalar
      while (i < m_text.size() && m_text[i] != ' ' && m_text[i] != '\t') ++i;
      while (i < m_text.size() && (m_text[i] == ' ' || m_text[i] == '\t')) ++i;
    }
    if (i >= m_text.size() || (m_text[i] != '"' && m_text[i] != '\'')) return;
    const char quote = m_text[i];
    for (std::size_t k = i + 1; k < m_text.size(); ++k) {
      if (quote == '"' && m_text[k] == '\\') {
        ++k;  // an escape: the next character cannot close the string
      } else if (m_text[k] == quote) {
        if (quote == '\'' && k + 1 < m_text.size() && m_text[k + 1] == '\'') {
          ++k;  // '' is an escaped single quote
          continue;
        }
        return;
      }
    }
    fail(mark, std::string("a quoted string that is never closed; expected a closing ") + quote);
  }

  const std::string& m_text;
  const std::string& m_name;
  int m_documents = 0;
  std::vector<Open> m_open;
};

}  // namespace

void check_yaml_structure(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  StructureCheck check(text, name);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(check)) {
    }
  } catch (const YAML::Exception& e) {
    // yaml-cpp quotes the offending character raw ("unknown escape character: \xFF").
    check.fail(e.mark, "YAML syntax error: " + printable(e.msg, 200));
  }
}

}  // namespace aimcsim::config
