// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace aimcsim::config {

/// Physical dimension of a configuration value. The internal unit of each dimension is the one
/// named in the comment; docs/architecture.md states the same convention.
enum class Dimension {
  none,           ///< dimensionless count or ratio
  time,           ///< seconds
  energy,         ///< joules
  power,          ///< watts
  frequency,      ///< hertz
  area,           ///< square millimetres (the unit architects quote for silicon)
  bytes,          ///< bytes
  bandwidth,      ///< bytes per second
  energy_per_bit, ///< joules per bit
  conductance,    ///< siemens
  voltage,        ///< volts
  capacitance,    ///< farads
};

/// Name of a dimension as shown to users ("time", "energy", ...).
std::string_view dimension_name(Dimension d);

/// Converts one value expressed in `unit` (e.g. "ns", "pJ", "GB/s") to the internal unit of
/// `d`. Returns nothing when `unit` is not a unit of that dimension.
std::optional<double> unit_scale(Dimension d, std::string_view unit);

/// Parses "133ns", "1.56 pJ", "25uS", "1e-3" into the internal unit of `d`. A bare number is
/// read in `default_unit` (the unit the parameter is documented in). For Dimension::none the
/// documented unit is a label ("Mbit/mm2"): a number followed by it, or by nothing, is accepted.
/// Returns nothing on a malformed number or a unit that does not belong to `d`.
std::optional<double> parse_quantity(std::string_view text, Dimension d,
                                     std::string_view default_unit);

/// Units accepted for a dimension, for error messages ("s, ms, us, ns, ps").
std::string accepted_units(Dimension d);

}  // namespace aimcsim::config
