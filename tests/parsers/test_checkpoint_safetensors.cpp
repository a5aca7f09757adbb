// SPDX-License-Identifier: Apache-2.0
// The safetensors reader against hand-made files (every layout rule of the format, one file
// each) and the writer against the reader and the documented byte layout.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/parsers/test_checkpoint_fixtures.hpp"
#include "workloads/checkpoint/safetensors_file.hpp"

using namespace aimcsim::workloads;
using namespace aimcsim::test;

namespace {

/// 8-byte little-endian length of `header`, the header, then `data`.
std::string raw(const std::string& header, const std::string& data, std::uint64_t length) {
  std::string out;
  for (int i = 0; i < 8; ++i) out += static_cast<char>((length >> (8 * i)) & 0xff);
  return out + header + data;
}
std::string raw(const std::string& header, const std::string& data) {
  return raw(header, data, header.size());
}

std::string error_of_file(const ScratchDir& dir, const std::string& bytes) {
  write_text(dir / "t.safetensors", bytes);
  return checkpoint_error([&] { SafetensorsFile f(dir / "t.safetensors"); });
}

}  // namespace

TEST(SafetensorsWriter, WritesTheDocumentedLayoutAndTheReaderGetsTheValuesBack) {
  ScratchDir dir;
  const std::vector<float> values = {1.0f, -2.5f, 3.14159f, 1e-7f, 65519.0f, -0.0f};
  write_safetensors(dir / "w.safetensors",
                    {{"a", DType::f32, {2, 3}, values},
                     {"b", DType::bf16, {6}, values},
                     {"c", DType::f16, {3, 2}, values}},
                    {{"format", "pt"}});
  const std::string bytes = read_bytes(dir / "w.safetensors");
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[i]);
  EXPECT_EQ(n % 8, 0u);  // padded as the reference writer does
  EXPECT_EQ(bytes.size(), 8 + n + 6 * 4 + 6 * 2 + 6 * 2);
  EXPECT_EQ(bytes[8], '{');
  const SafetensorsFile f(dir / "w.safetensors");
  EXPECT_EQ(f.names(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(f.metadata().at("format"), "pt");
  EXPECT_EQ(f.tensor("a").to_float(), values);
  EXPECT_EQ(f.tensor("a").shape, (std::vector<std::int64_t>{2, 3}));
  const std::vector<float> b = f.tensor("b").to_float(), c = f.tensor("c").to_float();
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(b[i], bfloat16_to_float(float_to_bfloat16(values[i])));
    EXPECT_EQ(c[i], half_to_float(float_to_half(values[i])));
  }
  // Hand-checked points: 3.14159 in bf16 is 3.140625 (0x4049), in f16 3.140625 (0x4248).
  EXPECT_EQ(b[2], 3.140625f);
  EXPECT_EQ(c[2], 3.140625f);
  EXPECT_EQ(f.tensor("b").dtype, DType::bf16);
  // Written atomically: no temporary file is left beside it.
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
}

TEST(SafetensorsFile, HeaderLengthBeyondTheFileOrTheLimitIsRefused) {
  ScratchDir dir;
  const std::string h = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
  std::string m = error_of_file(dir, raw(h, "abcd", 5000));
  EXPECT_NE(m.find("t.safetensors: safetensors header length 5000 bytes runs past the end"),
            std::string::npos)
      << m;
  m = error_of_file(dir, raw(h, "abcd", std::uint64_t{1} << 63));
  EXPECT_NE(m.find("expected at most 100 MB"), std::string::npos) << m;
  m = error_of_file(dir, "1234");
  EXPECT_NE(m.find("4 bytes; expected a safetensors file"), std::string::npos) << m;
  m = error_of_file(dir, "");
  EXPECT_NE(m.find("0 bytes"), std::string::npos) << m;
  write_text(dir / "ok.safetensors", raw(h, "abcd"));
  EXPECT_NO_THROW(SafetensorsFile(dir / "ok.safetensors"));
}

TEST(SafetensorsFile, GarbageHeadersAreRefusedNamingTheFile) {
  ScratchDir dir;
  std::string m = error_of_file(dir, raw("{\"a\": [1,", ""));
  EXPECT_NE(m.find("t.safetensors: safetensors header is not valid JSON (byte"), std::string::npos)
      << m;
  m = error_of_file(dir, raw("[1, 2]", ""));
  EXPECT_NE(m.find("expected a JSON object"), std::string::npos) << m;
  m = error_of_file(dir, raw(R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},)"
                             R"("a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}})",
                             ""));
  EXPECT_NE(m.find("key 'a' appears twice"), std::string::npos) << m;
  m = error_of_file(dir, raw(R"({"a":{"dtype":"F7","shape":[1],"data_offsets":[0,4]}})", "abcd"));
  EXPECT_NE(m.find("tensor 'a': dtype 'F7' is not a safetensors dtype"), std::string::npos) << m;
  m = error_of_file(dir, raw(R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", "abcd"));
  EXPECT_NE(m.find("tensor 'a': shape [-1]: expected non-negative integers"), std::string::npos)
      << m;
  m = error_of_file(dir, raw(R"({"a":{"dtype":"F32","shape":[1]}})", "abcd"));
  EXPECT_NE(m.find("expected an object with dtype, shape and data_offsets"), std::string::npos)
      << m;
  m = error_of_file(dir, raw(R"({"__metadata__":{"k":1}})", ""));
  EXPECT_NE(m.find("key '__metadata__.k': expected a string"), std::string::npos) << m;
  m = error_of_file(dir, raw(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296,16],)"
                             R"("data_offsets":[0,4]}})",
                             "abcd"));
  EXPECT_NE(m.find("holds more elements than the file's 4-byte data area"), std::string::npos) << m;
}

TEST(SafetensorsFile, OffsetsMustMatchTheShapeAndCoverTheDataAreaExactly) {
  ScratchDir dir;
  const auto two = [](const char* a, const char* b) {
    return std::string(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":)") + a +
           R"(},"b":{"dtype":"F16","shape":[2],"data_offsets":)" + b + "}}";
  };
  write_text(dir / "ok.safetensors", raw(two("[4,12]", "[0,4]"), std::string(12, 'x')));
  const SafetensorsFile ok(dir / "ok.safetensors");  // order in the file is free
  EXPECT_EQ(ok.tensor("a").data - ok.tensor("b").data, 4);
  std::string m = error_of_file(dir, raw(two("[0,8]", "[8,12]"), std::string(11, 'x')));
  EXPECT_NE(m.find("tensor 'b': data_offsets [8, 12) run past the end of the 11-byte data area"),
            std::string::npos)
      << m;
  m = error_of_file(dir, raw(two("[0,8]", "[8,14]"), std::string(14, 'x')));
  EXPECT_NE(m.find("tensor 'b': data_offsets [8, 14) hold 6 bytes; expected 2 x 2"),
            std::string::npos)
      << m;
  m = error_of_file(dir, raw(two("[0,8]", "[6,10]"), std::string(10, 'x')));
  EXPECT_NE(m.find("tensor 'b' bytes [6, 10) overlap tensor 'a'"), std::string::npos) << m;
  m = error_of_file(dir, raw(two("[0,8]", "[10,14]"), std::string(14, 'x')));
  EXPECT_NE(m.find("data bytes [8, 10) belong to no tensor"), std::string::npos) << m;
  m = error_of_file(dir, raw(two("[0,8]", "[8,12]"), std::string(15, 'x')));
  EXPECT_NE(m.find("3 bytes after the last tensor"), std::string::npos) << m;
  m = error_of_file(dir, raw(two("[8,0]", "[8,12]"), std::string(12, 'x')));
  EXPECT_NE(m.find("tensor 'a': data_offsets [8,0]: expected [begin, end]"), std::string::npos)
      << m;
}

TEST(SafetensorsFile, DtypesOtherThanFloatsAreRefusedWhenATensorIsRead) {
  ScratchDir dir;
  write_text(dir / "i.safetensors",
             raw(R"({"ids":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},)"
                 R"("d":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}})",
                 std::string(16, 'x')));
  const SafetensorsFile f(dir / "i.safetensors");  // the layout itself is valid
  EXPECT_EQ(f.dtype_of("ids"), "I64");
  std::string m = checkpoint_error([&] { f.tensor("ids"); });
  EXPECT_NE(m.find("i.safetensors: tensor 'ids': dtype I64 is not supported; expected F32, F16 "
                   "or BF16"),
            std::string::npos)
      << m;
  m = checkpoint_error([&] { f.tensor("d"); });
  EXPECT_NE(m.find("dtype F64 is not supported"), std::string::npos) << m;
}

TEST(SafetensorsFile, DirectoriesAndMissingFilesAreRefused) {
  ScratchDir dir;
  std::string m = checkpoint_error([&] { SafetensorsFile f(dir.path()); });
  EXPECT_NE(m.find("is a directory"), std::string::npos) << m;
  m = checkpoint_error([&] { SafetensorsFile f(dir / "none.safetensors"); });
  EXPECT_NE(m.find("none.safetensors: cannot open: No such file"), std::string::npos) << m;
}
