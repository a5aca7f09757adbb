// SPDX-License-Identifier: Apache-2.0
// Internal to the sweep reader: the sweep file as read, before expansion.
#pragma once
#include <string>
#include <vector>

#include "sim/sweep/sweep_expression.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace aimcsim::sweep::detail {

/// A value with the line of the sweep file it came from (for error messages).
struct SourcedValue {
  std::string text;
  int line = 0;  ///< 1-based line in the sweep file; 0: none
};

/// One factor of the product: a single axis, a zip group (keys advancing together) or the
/// seeds. rows[i][k] is the value of keys[k] in the factor's i-th setting.
struct Factor {
  std::vector<std::string> keys;
  std::vector<std::vector<SourcedValue>> rows;
  std::string origin;  ///< "axes.chip.analog_tile.rows", "zip[0]", "seeds"
};

struct DerivedKey {
  std::string key;
  SweepExpression expression;
  int line = 0;
};

struct Constraint {
  SweepExpression expression;
  int line = 0;
};

/// A sweep file read and checked field by field, before expansion and validation.
struct SweepFile {
  SweepSpec spec;  ///< name, version, arch, commands, metrics, objectives filled
  int arch_line = 0;                  ///< line of base.arch (0: the default preset)
  std::vector<int> base_param_lines;  ///< line of each spec.base_params entry
  std::vector<Factor> factors;        ///< in product order, the last varying fastest
  std::vector<DerivedKey> derived;
  std::vector<Constraint> constraints;
};

/// Reads the fields of a sweep file; throws config::ConfigError "file:line: key: expected ...".
SweepFile read_fields(const std::string& text, const std::string& name,
                      const std::string& base_dir);

/// The points of the product, derived values computed, constraints applied; fills
/// spec.points, spec.skipped, spec.swept_keys. `lines` receives, per point, the sweep-file
/// line of each setting (for validation errors).
void expand(SweepFile& file, std::vector<std::vector<int>>& lines);

/// Validates every point's configuration (base architecture + base params + settings) as
/// `aimcsim run` reads it; throws config::ConfigError naming the sweep file's line.
void validate_points(const SweepFile& file, const std::vector<std::vector<int>>& lines,
                     const ArchLoader& load_arch);

/// "file:line" (or "file" when the line is unknown).
std::string at(const std::string& file, int line);

}  // namespace aimcsim::sweep::detail
