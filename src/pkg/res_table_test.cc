// ResTable on tables built here byte by byte: resolution by locale, references, the
// configurations listed, and refusals of malformed tables (every truncation included).
#include "pkg/res_table.h"

#include <gtest/gtest.h>

#include "pkg/binary_xml_builder.h"

namespace appvault::pkg {
namespace {

using test_util::BinaryXmlBuilder;
using test_util::PutLe16;
using test_util::PutLe32;

constexpr std::uint8_t kString = 0x03;
constexpr std::uint8_t kReference = 0x01;

struct Value {
  std::uint8_t type;
  std::uint32_t data;
};

// A ResTable_type chunk of type 1 with a config of language/density and dense entries.
std::string TypeChunk(const std::string& language, std::uint16_t density,
                      const std::vector<std::optional<Value>>& entries) {
  std::string config(48, '\0');
  config[0] = 48;
  if (!language.empty()) {
    config[8] = language[0];
    config[9] = language[1];
  }
  config[14] = static_cast<char>(density & 0xff);
  config[15] = static_cast<char>(density >> 8);
  std::string offsets, data;
  for (const std::optional<Value>& e : entries) {
    if (!e) {
      PutLe32(offsets, 0xffffffff);
      continue;
    }
    PutLe32(offsets, static_cast<std::uint32_t>(data.size()));
    PutLe16(data, 8);  // entry size
    PutLe16(data, 0);  // flags
    PutLe32(data, 0);  // key
    PutLe16(data, 8);  // value size
    data += '\0';
    data += static_cast<char>(e->type);
    PutLe32(data, e->data);
  }
  const std::uint32_t header = 20 + static_cast<std::uint32_t>(config.size());
  std::string chunk;
  PutLe16(chunk, 0x0201);
  PutLe16(chunk, header);
  PutLe32(chunk, static_cast<std::uint32_t>(header + offsets.size() + data.size()));
  chunk += '\x01';  // type id
  chunk += '\0';    // flags
  PutLe16(chunk, 0);
  PutLe32(chunk, static_cast<std::uint32_t>(entries.size()));
  PutLe32(chunk, static_cast<std::uint32_t>(header + offsets.size()));
  return chunk + config + offsets + data;
}

std::string Table(const std::vector<std::string>& strings, const std::string& types) {
  BinaryXmlBuilder pool(true);
  for (const std::string& s : strings) {
    pool.Index(s);
  }
  std::string package;
  PutLe16(package, 0x0200);
  PutLe16(package, 288);
  PutLe32(package, static_cast<std::uint32_t>(288 + types.size()));
  PutLe32(package, 0x7f);
  package += std::string(288 - 12, '\0');
  package += types;
  const std::string body = pool.StringPool() + package;
  std::string table;
  PutLe16(table, 0x0002);
  PutLe16(table, 12);
  PutLe32(table, static_cast<std::uint32_t>(12 + body.size()));
  PutLe32(table, 1);
  return table + body;
}

// app_name (0x7f010000): "Hello", fr "Bonjour"; alias (0x7f010001) -> app_name; icon
// (0x7f010002) only at xxhdpi.
std::string Sample() {
  return Table({"Hello", "Bonjour", "HD"},
               TypeChunk("", 0, {Value{kString, 0}, Value{kReference, 0x7f010000}, {}}) +
                   TypeChunk("fr", 0, {Value{kString, 1}}) +
                   TypeChunk("", 480, {{}, {}, Value{kString, 2}}));
}

std::string Resolve(const ResTable& table, std::uint32_t id, const char* locale) {
  Result<std::optional<std::string>> s = table.ResolveString(id, locale);
  if (!s.ok()) return "error: " + s.status().message();
  return s->value_or("(none)");
}

TEST(ResTable, ResolvesByLocaleWithTheDefaultAsFallback) {
  const std::string bytes = Sample();
  Result<ResTable> table = ResTable::Parse(bytes);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(Resolve(*table, 0x7f010000, ""), "Hello");
  EXPECT_EQ(Resolve(*table, 0x7f010000, "fr-FR"), "Bonjour");
  EXPECT_EQ(Resolve(*table, 0x7f010000, "fr"), "Bonjour");
  EXPECT_EQ(Resolve(*table, 0x7f010000, "de-DE"), "Hello");
  EXPECT_EQ(Resolve(*table, 0x7f010001, "fr"), "Bonjour");  // a reference, followed
  EXPECT_EQ(Resolve(*table, 0x7f010002, ""), "HD");         // density: any device
  EXPECT_EQ(Resolve(*table, 0x7f010003, ""), "(none)");
  EXPECT_EQ(Resolve(*table, 0x7f020000, ""), "(none)");
  ASSERT_EQ(table->configs().size(), 3u);
  EXPECT_EQ(table->configs()[1].Locale(), "fr");
  EXPECT_EQ(table->configs()[2].density, 480);
}

TEST(ResTable, AReferenceLoopIsRefused) {
  const std::string bytes = Table({"x"}, TypeChunk("", 0, {Value{kReference, 0x7f010000}}));
  Result<ResTable> table = ResTable::Parse(bytes);
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(Resolve(*table, 0x7f010000, ""), "error: resources.arsc: references nested too deeply");
}

TEST(ResTable, AStringIndexOutOfThePoolIsRefused) {
  const std::string bytes = Table({"x"}, TypeChunk("", 0, {Value{kString, 7}}));
  Result<ResTable> table = ResTable::Parse(bytes);
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(Resolve(*table, 0x7f010000, "").rfind("error: resources.arsc: ", 0), 0u);
}

TEST(ResTable, EveryTruncationIsRefusedOrReadSafely) {
  const std::string bytes = Sample();
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    Result<ResTable> table = ResTable::Parse(std::string_view(bytes).substr(0, n));
    EXPECT_FALSE(table.ok()) << n;  // the table header's size no longer fits
  }
  std::string entries_past_end = Sample();
  // The first type chunk's entriesStart (after the 12-byte table header, the pool and the
  // 288-byte package header, at offset 16 of the chunk) pointed far away.
  BinaryXmlBuilder pool(true);
  for (const char* s : {"Hello", "Bonjour", "HD"}) {
    pool.Index(s);
  }
  const std::size_t at = 12 + pool.StringPool().size() + 288 + 16;
  entries_past_end[at + 3] = '\x7f';
  Result<ResTable> table = ResTable::Parse(entries_past_end);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(), "resources.arsc: type chunk entries out of bounds");
  EXPECT_FALSE(ResTable::Parse("not a table at all").ok());
}

}  // namespace
}  // namespace appvault::pkg
