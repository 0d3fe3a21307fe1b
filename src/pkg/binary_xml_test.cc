#include "pkg/binary_xml.h"

#include <gtest/gtest.h>

#include "pkg/binary_xml_builder.h"

namespace appvault::pkg {
namespace {

using test_util::BinaryXmlBuilder;
using test_util::BuilderAttribute;
using test_util::PutLe16;
using test_util::PutLe32;

const std::string kNs(kAndroidNamespace);

// <manifest package=... android:versionCode=...><uses-sdk .../><application .../></manifest>
std::string SampleDocument(bool utf8) {
  BinaryXmlBuilder b(utf8, {{"versionCode", 0x0101021b}, {"minSdkVersion", 0x0101020c}});
  b.Start("", "manifest",
          {{kNs, "versionCode", 0x10, 42, ""},
           {"", "package", 0x03, 0, "com.example.app"},
           {kNs, "debuggable", 0x12, 0xFFFFFFFF, ""},
           {kNs, "theme", 0x01, 0x7f0a0001, ""},
           {kNs, "flags", 0x11, 0xff, ""}});
  b.Start("", "uses-sdk", {{kNs, "minSdkVersion", 0x10, 21, ""}});
  b.End("", "uses-sdk");
  b.Start("", "application",
          {{kNs, "label", 0x03, 0, "Caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80"}});
  b.End("", "application");
  b.End("", "manifest");
  return b.Build();
}

std::string ErrorOf(const std::string& bytes, const BinaryXmlLimits& limits = {}) {
  Result<std::vector<XmlElement>> r = ParseBinaryXml(bytes, limits);
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidPackage);
  return r.status().message();
}

#define EXPECT_CONTAINS(text, part)                          \
  EXPECT_NE(std::string(text).find(part), std::string::npos) \
      << "\"" << (text) << "\" does not contain \"" << (part) << "\""

class BinaryXmlEncodingTest : public ::testing::TestWithParam<bool> {};

TEST_P(BinaryXmlEncodingTest, ParsesElementsAttributesAndTypedValues) {
  Result<std::vector<XmlElement>> r = ParseBinaryXml(SampleDocument(GetParam()));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  const XmlElement& manifest = (*r)[0];
  EXPECT_EQ(manifest.name, "manifest");
  EXPECT_EQ(manifest.ns, "");
  EXPECT_EQ(manifest.depth, 1u);
  ASSERT_EQ(manifest.attributes.size(), 5u);
  const XmlAttribute& code = manifest.attributes[0];
  EXPECT_EQ(code.ns, kNs);
  EXPECT_EQ(code.name, "versionCode");
  EXPECT_EQ(code.resource_id, 0x0101021bu);
  EXPECT_EQ(code.type, XmlValueType::kIntDec);
  EXPECT_EQ(code.data, 42u);
  const XmlAttribute& package = manifest.attributes[1];
  EXPECT_EQ(package.ns, "");
  EXPECT_EQ(package.resource_id, 0u);
  EXPECT_EQ(package.type, XmlValueType::kString);
  EXPECT_EQ(package.string_value, "com.example.app");
  EXPECT_EQ(manifest.attributes[2].type, XmlValueType::kIntBoolean);
  EXPECT_EQ(manifest.attributes[2].data, 0xFFFFFFFFu);
  EXPECT_EQ(manifest.attributes[3].type, XmlValueType::kReference);
  EXPECT_EQ(manifest.attributes[3].data, 0x7f0a0001u);
  EXPECT_EQ(manifest.attributes[4].type, XmlValueType::kIntHex);
  EXPECT_EQ((*r)[1].name, "uses-sdk");
  EXPECT_EQ((*r)[1].depth, 2u);
  EXPECT_EQ((*r)[1].attributes[0].resource_id, 0x0101020cu);
  EXPECT_EQ((*r)[2].name, "application");
  EXPECT_EQ((*r)[2].attributes[0].string_value,
            "Caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80");
}

TEST_P(BinaryXmlEncodingTest, DecodesLongStringsWithTwoByteLengths) {
  for (std::size_t n : {0x7F, 0x80, 0x7FFF, 0x8000, 70000}) {
    std::string value(n, 'x');
    value[n - 1] = 'y';
    BinaryXmlBuilder b(GetParam() && n <= 0x7FFF);  // UTF-8 lengths stop at 0x7FFF
    b.Start("", "root", {{"", "v", 0x03, 0, value}});
    b.End("", "root");
    Result<std::vector<XmlElement>> r = ParseBinaryXml(b.Build());
    ASSERT_TRUE(r.ok()) << n << ": " << r.status().ToString();
    EXPECT_EQ((*r)[0].attributes[0].string_value, value) << n;
  }
}

INSTANTIATE_TEST_SUITE_P(Utf8AndUtf16, BinaryXmlEncodingTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Utf8" : "Utf16"; });

TEST(BinaryXmlTest, FindAndroidAttributePrefersResourceIdThenName) {
  // A resource id wins over the name; an attribute with no id is found by name.
  BinaryXmlBuilder b(true, {{"decoy", 0x0101021b}});
  b.Start("", "manifest",
          {{kNs, "versionCode", 0x10, 1, ""},
           {kNs, "decoy", 0x10, 2, ""},
           {"other-ns", "minSdkVersion", 0x10, 3, ""},
           {kNs, "minSdkVersion", 0x10, 4, ""}});
  b.End("", "manifest");
  Result<std::vector<XmlElement>> r = ParseBinaryXml(b.Build());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(FindAndroidAttribute((*r)[0], 0x0101021b, "versionCode")->data, 2u);
  EXPECT_EQ(FindAndroidAttribute((*r)[0], 0x0101020c, "minSdkVersion")->data, 4u);
  EXPECT_EQ(FindAndroidAttribute((*r)[0], 0x01010001, "label"), nullptr);
}

// A document with one element whose name is the only string of a UTF-16 pool: units.
std::string Utf16Document(const std::vector<std::uint16_t>& units) {
  std::string pool_data;
  PutLe16(pool_data, static_cast<std::uint32_t>(units.size()));
  for (std::uint16_t u : units)
    PutLe16(pool_data, u);
  PutLe16(pool_data, 0);
  std::string pool;
  PutLe16(pool, 0x0001);
  PutLe16(pool, 28);
  PutLe32(pool, static_cast<std::uint32_t>(28 + 4 + pool_data.size()));
  PutLe32(pool, 1);
  PutLe32(pool, 0);
  PutLe32(pool, 0);
  PutLe32(pool, 32);
  PutLe32(pool, 0);
  PutLe32(pool, 0);
  std::string element;
  PutLe16(element, 0x0102);
  PutLe16(element, 16);
  PutLe32(element, 36);
  PutLe32(element, 1);
  PutLe32(element, 0xFFFFFFFF);
  PutLe32(element, 0xFFFFFFFF);
  PutLe32(element, 0);  // name: string 0
  PutLe32(element, 20);
  PutLe32(element, 0);
  PutLe32(element, 0);
  std::string end;
  PutLe16(end, 0x0103);
  PutLe16(end, 16);
  PutLe32(end, 24);
  PutLe32(end, 1);
  PutLe32(end, 0xFFFFFFFF);
  PutLe32(end, 0xFFFFFFFF);
  PutLe32(end, 0);
  const std::string inner = pool + pool_data + element + end;
  std::string out;
  PutLe16(out, 3);
  PutLe16(out, 8);
  PutLe32(out, static_cast<std::uint32_t>(8 + inner.size()));
  return out + inner;
}

TEST(BinaryXmlTest, InvalidUtf16BecomesReplacementCharacters) {
  Result<std::vector<XmlElement>> r = ParseBinaryXml(Utf16Document({'a', 0xD800, 'b', 0xDC00}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].name,
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  r = ParseBinaryXml(Utf16Document({0xD83D, 0xDE00}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].name, "\xF0\x9F\x98\x80");
}

TEST(BinaryXmlTest, InvalidUtf8BecomesReplacementCharacters) {
  BinaryXmlBuilder b(true);
  b.Start("", "r", {{"", "v", 0x03, 0, std::string("a\xFF\xC3(\xED\xA0\x80z", 8)}});
  b.End("", "r");
  Result<std::vector<XmlElement>> r = ParseBinaryXml(b.Build());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].attributes[0].string_value,
            "a\xEF\xBF\xBD\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz");
}

TEST(BinaryXmlTest, RefusesWhatIsNotBinaryXml) {
  EXPECT_CONTAINS(ErrorOf(""), "truncated");
  EXPECT_CONTAINS(ErrorOf("<?xml version=\"1.0\"?><manifest/>"), "not a compiled XML");
  std::string header;
  PutLe16(header, 3);
  PutLe16(header, 8);
  PutLe32(header, 8);
  EXPECT_CONTAINS(ErrorOf(header), "no element");
  std::string liar = header;
  liar[4] = 100;  // claims 100 bytes
  EXPECT_CONTAINS(ErrorOf(liar), "past the end");
}

// SampleDocument with the 32-bit value at offset replaced.
std::string Patch32(std::string doc, std::size_t offset, std::uint32_t value) {
  std::string v;
  PutLe32(v, value);
  doc.replace(offset, 4, v);
  return doc;
}

TEST(BinaryXmlTest, RefusesHugeCountsWithoutAllocating) {
  const std::string doc = SampleDocument(true);
  // The pool starts at 8; its string count is at 16, the strings start at 28.
  EXPECT_CONTAINS(ErrorOf(Patch32(doc, 16, 0xFFFFFFFF)), "offset table larger");
  EXPECT_CONTAINS(ErrorOf(Patch32(doc, 20, 0x40000000)), "offset table larger");  // styles
  EXPECT_CONTAINS(ErrorOf(Patch32(doc, 8 + 20, 0xFFFFFF00)), "outside the pool");
}

TEST(BinaryXmlTest, RefusesOutOfRangeIndexes) {
  BinaryXmlBuilder b(true);
  b.Start("", "r", {{"", "v", 0x03, 0, "x"}});
  b.End("", "r");
  std::string doc = b.Build();
  const std::size_t element = doc.find(std::string("\x02\x01\x10\x00", 4));
  ASSERT_NE(element, std::string::npos);
  EXPECT_CONTAINS(ErrorOf(Patch32(doc, element + 20, 77)), "string index 77 out of range");
  // Attribute value index (typed data of a string attribute).
  EXPECT_CONTAINS(ErrorOf(Patch32(doc, element + 36 + 16, 1000)), "out of range");
  // A string offset past the pool.
  EXPECT_CONTAINS(ErrorOf(Patch32(doc, 8 + 28, 0x10000)), "string offset out of range");
}

TEST(BinaryXmlTest, RefusesAttributesPastTheirTag) {
  BinaryXmlBuilder b(true);
  b.Start("", "r", {{"", "v", 0x03, 0, "x"}});
  b.End("", "r");
  std::string doc = b.Build();
  const std::size_t element = doc.find(std::string("\x02\x01\x10\x00", 4));
  std::string huge = doc;
  huge[element + 16 + 12] = '\xFF';  // attributeCount = 0xFF01
  huge[element + 16 + 13] = '\xFF';
  EXPECT_CONTAINS(ErrorOf(huge), "attributes run past");
  std::string small = doc;
  small[element + 16 + 10] = 8;  // attributeSize below 20
  EXPECT_CONTAINS(ErrorOf(small), "too small");
}

TEST(BinaryXmlTest, RefusesUnbalancedTags) {
  BinaryXmlBuilder unclosed(true);
  unclosed.Start("", "a", {});
  unclosed.Start("", "b", {});
  unclosed.End("", "b");
  EXPECT_CONTAINS(ErrorOf(unclosed.Build()), "not closed");
  BinaryXmlBuilder stray(true);
  stray.Start("", "a", {});
  stray.End("", "a");
  stray.End("", "a");
  EXPECT_CONTAINS(ErrorOf(stray.Build()), "without a start tag");
  BinaryXmlBuilder mismatch(true);
  mismatch.Start("", "a", {});
  mismatch.End("", "b");
  EXPECT_CONTAINS(ErrorOf(mismatch.Build()), "does not match");
  BinaryXmlBuilder two_roots(true);
  two_roots.Start("", "a", {});
  two_roots.End("", "a");
  two_roots.Start("", "a", {});
  two_roots.End("", "a");
  EXPECT_CONTAINS(ErrorOf(two_roots.Build()), "more than one root");
}

TEST(BinaryXmlTest, RefusesASecondStringPoolAndMalformedChunks) {
  BinaryXmlBuilder b(true);
  b.Start("", "a", {});
  b.End("", "a");
  b.Raw(b.StringPool());
  EXPECT_CONTAINS(ErrorOf(b.Build()), "more than one string pool");
  BinaryXmlBuilder c(true);
  std::string bad_chunk;
  PutLe16(bad_chunk, 0x0777);
  PutLe16(bad_chunk, 4);  // header size below 8
  PutLe32(bad_chunk, 8);
  c.Raw(bad_chunk);
  EXPECT_CONTAINS(ErrorOf(c.Build()), "malformed chunk header");
}

TEST(BinaryXmlTest, SkipsUnknownChunks) {
  BinaryXmlBuilder b(true);
  std::string unknown;
  PutLe16(unknown, 0x0777);
  PutLe16(unknown, 8);
  PutLe32(unknown, 12);
  PutLe32(unknown, 0xdeadbeef);
  b.Raw(unknown);
  b.Start("", "a", {});
  b.End("", "a");
  EXPECT_EQ(ErrorOf(b.Build()), "");
}

TEST(BinaryXmlTest, EnforcesLimits) {
  BinaryXmlBuilder deep(true);
  for (int i = 0; i < 10; ++i)
    deep.Start("", "d", {});
  for (int i = 0; i < 10; ++i)
    deep.End("", "d");
  BinaryXmlLimits limits;
  limits.max_depth = 9;
  EXPECT_CONTAINS(ErrorOf(deep.Build(), limits), "deeper than the limit");
  limits.max_depth = 10;
  EXPECT_EQ(ErrorOf(deep.Build(), limits), "");
  limits.max_elements = 9;
  EXPECT_CONTAINS(ErrorOf(deep.Build(), limits), "more elements than the limit");

  // Many attributes naming one large string: the copies are bounded by the text budget.
  BinaryXmlBuilder wide(true);
  const std::string big(10000, 'b');
  std::vector<BuilderAttribute> attributes;
  for (int i = 0; i < 200; ++i)
    attributes.push_back({"", "v", 0x03, 0, big});
  wide.Start("", "w", attributes);
  wide.End("", "w");
  BinaryXmlLimits text;
  text.max_text_bytes = 1 << 20;
  EXPECT_CONTAINS(ErrorOf(wide.Build(), text), "more text than the limit");
  text.max_text_bytes = 4 << 20;
  EXPECT_EQ(ErrorOf(wide.Build(), text), "");
}

TEST(BinaryXmlTest, TruncatedAndCorruptedDocumentsNeverCrash) {
  for (bool utf8 : {true, false}) {
    const std::string doc = SampleDocument(utf8);
    for (std::size_t cut = 0; cut < doc.size(); ++cut) {
      EXPECT_NE(ErrorOf(doc.substr(0, cut)), "") << cut;
    }
    for (std::size_t i = 0; i < doc.size(); ++i) {
      for (std::uint8_t flip : {0x01, 0x10, 0x80, 0xFF}) {
        std::string bad = doc;
        bad[i] = static_cast<char>(bad[i] ^ flip);
        (void)ParseBinaryXml(bad);  // an error or a result; never a crash (see ASan build)
      }
    }
  }
}

}  // namespace
}  // namespace appvault::pkg
