// SPDX-License-Identifier: Apache-2.0
#include "workloads/checkpoint/safetensors_file.hpp"

#include <algorithm>
#include <set>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "sim/config/text_check.hpp"
#include "workloads/checkpoint/transformer_weights.hpp"

namespace aimcsim::workloads {
namespace {

using nlohmann::json;

/// Bytes per element of every dtype the format defines; others are not safetensors.
std::uint64_t element_bytes(const std::string& dtype) {
  static const std::pair<const char*, std::uint64_t> k_sizes[] = {
      {"BOOL", 1}, {"U8", 1},  {"I8", 1},  {"F8_E5M2", 1}, {"F8_E4M3", 1},
      {"I16", 2},  {"U16", 2}, {"F16", 2}, {"BF16", 2},    {"I32", 4},
      {"U32", 4},  {"F32", 4}, {"F64", 8}, {"I64", 8},     {"U64", 8}};
  for (const auto& [name, bytes] : k_sizes)
    if (dtype == name) return bytes;
  return 0;
}

std::string shown(const json& v) {
  return config::printable(v.dump(-1, ' ', false, json::error_handler_t::replace), 40);
}

/// A non-negative JSON integer, or false.
bool get_u64(const json& v, std::uint64_t& out) {
  if (v.is_number_unsigned()) {
    out = v.get<std::uint64_t>();
    return true;
  }
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0) {
    out = static_cast<std::uint64_t>(v.get<std::int64_t>());
    return true;
  }
  return false;
}

/// Parses the header, refusing a key repeated within one object (JSON readers would silently
/// keep the last of two entries for one tensor).
json parse_header(std::string_view text, const std::string& file) {
  std::vector<std::set<std::string>> open_objects;
  std::string repeated;
  const auto track = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) open_objects.emplace_back();
    if (event == json::parse_event_t::object_end && !open_objects.empty()) open_objects.pop_back();
    if (event == json::parse_event_t::key && !open_objects.empty() &&
        !open_objects.back().insert(parsed.get<std::string>()).second && repeated.empty())
      repeated = parsed.get<std::string>();
    return true;
  };
  json j;
  try {
    j = json::parse(text.begin(), text.end(), track);
  } catch (const json::exception& e) {
    const std::string where =
        e.id == 101
            ? " (byte " + std::to_string(static_cast<const json::parse_error&>(e).byte) + ")"
            : "";
    throw CheckpointError(file + ": safetensors header is not valid JSON" + where +
                          "; expected {\"tensor name\": {\"dtype\", \"shape\", \"data_offsets\"}}");
  }
  if (!repeated.empty())
    throw CheckpointError(file + ": safetensors header: key '" + config::printable(repeated) +
                          "' appears twice; expected each tensor once");
  if (!j.is_object())
    throw CheckpointError(file + ": safetensors header is " + shown(j) +
                          "; expected a JSON object");
  return j;
}

}  // namespace

SafetensorsFile::SafetensorsFile(const std::filesystem::path& path)
    : m_map(std::make_shared<const MappedFile>(path)) {
  const std::string& file = m_map->path();
  const std::uint64_t size = m_map->size();
  if (size < 8)
    throw CheckpointError(
        file + ": " + std::to_string(size) +
        " bytes; expected a safetensors file (8-byte header length, header, data)");
  std::uint64_t header_bytes = 0;
  for (int i = 7; i >= 0; --i) header_bytes = (header_bytes << 8) | m_map->data()[i];
  if (header_bytes > k_max_safetensors_header_bytes)
    throw CheckpointError(file + ": safetensors header length " + std::to_string(header_bytes) +
                          " bytes; expected at most 100 MB (not a safetensors file?)");
  if (header_bytes > size - 8)
    throw CheckpointError(file + ": safetensors header length " + std::to_string(header_bytes) +
                          " bytes runs past the end of the file (" + std::to_string(size) +
                          " bytes): truncated?");
  const std::string_view text(reinterpret_cast<const char*>(m_map->data() + 8),
                              static_cast<std::size_t>(header_bytes));
  const json header = parse_header(text, file);
  m_data_area = m_map->data() + 8 + header_bytes;
  const std::uint64_t data_bytes = size - 8 - header_bytes;

  struct Span {
    std::uint64_t begin, end;
    std::string name;
  };
  std::vector<Span> spans;
  for (const auto& [name, value] : header.items()) {
    const std::string tensor = "tensor '" + config::printable(name) + "'";
    if (name == "__metadata__") {
      if (!value.is_object())
        throw CheckpointError(file + ": key '__metadata__': expected an object of strings");
      for (const auto& [key, text_value] : value.items()) {
        if (!text_value.is_string())
          throw CheckpointError(file + ": key '__metadata__." + config::printable(key) +
                                "': expected a string, got " + shown(text_value));
        m_metadata[key] = text_value.get<std::string>();
      }
      continue;
    }
    const auto fail = [&](const std::string& what) {
      throw CheckpointError(file + ": " + tensor + ": " + what);
    };
    if (!value.is_object() || !value.contains("dtype") || !value.contains("shape") ||
        !value.contains("data_offsets"))
      fail("expected an object with dtype, shape and data_offsets");
    const json& dtype = value.at("dtype");
    if (!dtype.is_string()) fail("dtype " + shown(dtype) + ": expected a string such as \"F32\"");
    Entry entry;
    entry.dtype = dtype.get<std::string>();
    const std::uint64_t bytes = element_bytes(entry.dtype);
    if (bytes == 0)
      fail("dtype '" + config::printable(entry.dtype) + "' is not a safetensors dtype");
    const json& shape = value.at("shape");
    if (!shape.is_array()) fail("shape " + shown(shape) + ": expected an array of integers");
    // Elements counted with a bound: the product may not exceed the data area, so it cannot
    // overflow (each factor is checked before it multiplies).
    std::uint64_t elements = 1;
    bool too_large = false;
    for (const json& d : shape) {
      std::uint64_t dim = 0;
      if (!get_u64(d, dim) || dim > (std::uint64_t{1} << 62))
        fail("shape " + shown(shape) + ": expected non-negative integers");
      entry.shape.push_back(static_cast<std::int64_t>(dim));
      if (dim == 0) {
        elements = 0;
      } else if (!too_large && elements > 0) {
        if (elements > data_bytes / dim)
          too_large = true;
        else
          elements *= dim;
      }
    }
    if (too_large && elements != 0)
      fail("shape " + shown(shape) + " holds more elements than the file's " +
           std::to_string(data_bytes) + "-byte data area");
    const json& offsets = value.at("data_offsets");
    std::uint64_t begin = 0, end = 0;
    if (!offsets.is_array() || offsets.size() != 2 || !get_u64(offsets[0], begin) ||
        !get_u64(offsets[1], end) || begin > end)
      fail("data_offsets " + shown(offsets) + ": expected [begin, end] with begin <= end");
    if (end > data_bytes)
      fail("data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
           ") run past the end of the " + std::to_string(data_bytes) +
           "-byte data area: file truncated?");
    if (end - begin != elements * bytes)
      fail("data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) + ") hold " +
           std::to_string(end - begin) + " bytes; expected " + std::to_string(elements) + " x " +
           std::to_string(bytes) + " for shape " + shown(shape) + " and dtype " + entry.dtype);
    entry.begin = begin;
    spans.push_back({begin, end, name});
    m_entries.emplace(name, std::move(entry));
  }
  // The format requires the entries to index the data area completely and without overlap.
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  std::uint64_t covered = 0;
  std::string previous;
  for (const Span& s : spans) {
    if (s.begin < covered)
      throw CheckpointError(file + ": tensor '" + config::printable(s.name) + "' bytes [" +
                            std::to_string(s.begin) + ", " + std::to_string(s.end) +
                            ") overlap tensor '" + config::printable(previous) +
                            "'; expected disjoint tensors");
    if (s.begin > covered)
      throw CheckpointError(file + ": data bytes [" + std::to_string(covered) + ", " +
                            std::to_string(s.begin) +
                            ") belong to no tensor; expected the "
                            "tensors to cover the data area without gaps");
    covered = s.end;
    previous = s.name;
  }
  if (covered != data_bytes)
    throw CheckpointError(file + ": " + std::to_string(data_bytes - covered) +
                          " bytes after the last tensor; expected the file to end at data byte " +
                          std::to_string(covered));
}

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> out;
  for (const auto& e : m_entries) out.push_back(e.first);
  return out;
}

TensorRef SafetensorsFile::tensor(const std::string& name) const {
  const Entry& e = m_entries.at(name);
  TensorRef t;
  if (e.dtype == "F32")
    t.dtype = DType::f32;
  else if (e.dtype == "F16")
    t.dtype = DType::f16;
  else if (e.dtype == "BF16")
    t.dtype = DType::bf16;
  else
    throw CheckpointError(path() + ": tensor '" + config::printable(name) + "': dtype " +
                          config::printable(e.dtype) +
                          " is not supported; expected F32, F16 or "
                          "BF16");
  t.name = name;
  t.file = path();
  t.shape = e.shape;
  t.data = m_data_area + e.begin;
  return t;
}

}  // namespace aimcsim::workloads
