// SPDX-License-Identifier: Apache-2.0
#include "sim/config/quantity.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <utility>

namespace aimcsim::config {
namespace {

struct UnitEntry {
  Dimension dim;
  std::string_view name;
  double scale;  // value in the internal unit of `dim` for 1 of this unit
};

// Decimal prefixes for SI units; binary prefixes (KiB, MiB) for memory sizes as JEDEC uses them.
constexpr std::array k_units = {
    UnitEntry{Dimension::time, "s", 1.0},           UnitEntry{Dimension::time, "ms", 1e-3},
    UnitEntry{Dimension::time, "us", 1e-6},         UnitEntry{Dimension::time, "ns", 1e-9},
    UnitEntry{Dimension::time, "ps", 1e-12},        UnitEntry{Dimension::time, "min", 60.0},
    UnitEntry{Dimension::time, "h", 3600.0},        UnitEntry{Dimension::time, "d", 86400.0},
    UnitEntry{Dimension::time, "y", 365.25 * 86400.0},
    UnitEntry{Dimension::energy, "J", 1.0},         UnitEntry{Dimension::energy, "mJ", 1e-3},
    UnitEntry{Dimension::energy, "uJ", 1e-6},       UnitEntry{Dimension::energy, "nJ", 1e-9},
    UnitEntry{Dimension::energy, "pJ", 1e-12},      UnitEntry{Dimension::energy, "fJ", 1e-15},
    UnitEntry{Dimension::power, "W", 1.0},          UnitEntry{Dimension::power, "mW", 1e-3},
    UnitEntry{Dimension::power, "uW", 1e-6},        UnitEntry{Dimension::power, "nW", 1e-9},
    UnitEntry{Dimension::frequency, "Hz", 1.0},     UnitEntry{Dimension::frequency, "kHz", 1e3},
    UnitEntry{Dimension::frequency, "MHz", 1e6},    UnitEntry{Dimension::frequency, "GHz", 1e9},
    UnitEntry{Dimension::area, "mm2", 1.0},         UnitEntry{Dimension::area, "um2", 1e-6},
    UnitEntry{Dimension::area, "cm2", 100.0},
    UnitEntry{Dimension::bytes, "B", 1.0},          UnitEntry{Dimension::bytes, "KB", 1e3},
    UnitEntry{Dimension::bytes, "MB", 1e6},         UnitEntry{Dimension::bytes, "GB", 1e9},
    UnitEntry{Dimension::bytes, "KiB", 1024.0},     UnitEntry{Dimension::bytes, "MiB", 1048576.0},
    UnitEntry{Dimension::bytes, "GiB", 1073741824.0},
    UnitEntry{Dimension::bandwidth, "B/s", 1.0},    UnitEntry{Dimension::bandwidth, "KB/s", 1e3},
    UnitEntry{Dimension::bandwidth, "MB/s", 1e6},   UnitEntry{Dimension::bandwidth, "GB/s", 1e9},
    UnitEntry{Dimension::bandwidth, "TB/s", 1e12},  UnitEntry{Dimension::bandwidth, "Gb/s", 1e9 / 8},
    UnitEntry{Dimension::energy_per_bit, "J/bit", 1.0},
    UnitEntry{Dimension::energy_per_bit, "pJ/bit", 1e-12},
    UnitEntry{Dimension::energy_per_bit, "fJ/bit", 1e-15},
    UnitEntry{Dimension::conductance, "S", 1.0},    UnitEntry{Dimension::conductance, "mS", 1e-3},
    UnitEntry{Dimension::conductance, "uS", 1e-6},  UnitEntry{Dimension::conductance, "nS", 1e-9},
    UnitEntry{Dimension::voltage, "V", 1.0},        UnitEntry{Dimension::voltage, "mV", 1e-3},
    UnitEntry{Dimension::capacitance, "F", 1.0},    UnitEntry{Dimension::capacitance, "pF", 1e-12},
    UnitEntry{Dimension::capacitance, "fF", 1e-15}, UnitEntry{Dimension::capacitance, "aF", 1e-18},
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view dimension_name(Dimension d) {
  switch (d) {
    case Dimension::none: return "number";
    case Dimension::time: return "time";
    case Dimension::energy: return "energy";
    case Dimension::power: return "power";
    case Dimension::frequency: return "frequency";
    case Dimension::area: return "area";
    case Dimension::bytes: return "size";
    case Dimension::bandwidth: return "bandwidth";
    case Dimension::energy_per_bit: return "energy per bit";
    case Dimension::conductance: return "conductance";
    case Dimension::voltage: return "voltage";
    case Dimension::capacitance: return "capacitance";
  }
  return "number";
}

std::optional<double> unit_scale(Dimension d, std::string_view unit) {
  if (d == Dimension::none) {
    if (unit.empty()) return 1.0;
    return std::nullopt;
  }
  for (const auto& e : k_units)
    if (e.dim == d && e.name == unit) return e.scale;
  return std::nullopt;
}

std::optional<double> parse_quantity(std::string_view text, Dimension d,
                                     std::string_view default_unit) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  // strtod needs a NUL-terminated buffer; configuration scalars are short.
  const std::string buf(text);
  char* end = nullptr;
  const double value = std::strtod(buf.c_str(), &end);
  if (end == buf.c_str()) return std::nullopt;
  const std::string_view unit = trim(std::string_view(end));
  // A dimensionless value's documented unit (e.g. "Mbit/mm2") is a label, not a conversion:
  // "12Mbit/mm2" is accepted as documented, any other unit is not.
  if (d == Dimension::none)
    return unit.empty() || unit == default_unit ? std::optional<double>(value) : std::nullopt;
  const auto scale = unit_scale(d, unit.empty() ? default_unit : unit);
  if (!scale) return std::nullopt;
  return value * *scale;
}

std::string accepted_units(Dimension d) {
  std::string out;
  for (const auto& e : k_units) {
    if (e.dim != d) continue;
    if (!out.empty()) out += ", ";
    out += e.name;
  }
  return out.empty() ? std::string("a plain number") : out;
}

}  // namespace aimcsim::config
