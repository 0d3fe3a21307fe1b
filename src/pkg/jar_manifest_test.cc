// The JAR manifest parser: sections, continuation lines, line endings, byte ranges.
#include "pkg/jar_manifest.h"

#include <gtest/gtest.h>

namespace appvault::pkg {
namespace {

std::vector<ManifestSection> Parse(std::string_view text) {
  Result<std::vector<ManifestSection>> sections = ParseJarManifest(text);
  EXPECT_TRUE(sections.ok());
  return sections.ok() ? *sections : std::vector<ManifestSection>();
}

TEST(JarManifest, SectionsAndTheirByteRanges) {
  const std::string text =
      "Manifest-Version: 1.0\r\nCreated-By: test\r\n\r\n"
      "Name: a.txt\r\nSHA-256-Digest: AAA=\r\n\r\n"
      "Name: b.txt\r\nSHA-256-Digest: BBB=\r\n\r\n";
  auto s = Parse(text);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(*s[0].Get("Manifest-Version"), "1.0");
  EXPECT_EQ(*s[1].Get("Name"), "a.txt");
  EXPECT_EQ(text.substr(s[1].offset, s[1].size), "Name: a.txt\r\nSHA-256-Digest: AAA=\r\n\r\n");
  EXPECT_EQ(text.substr(s[2].offset, s[2].size), "Name: b.txt\r\nSHA-256-Digest: BBB=\r\n\r\n");
}

TEST(JarManifest, ContinuationLinesJoin) {
  auto s = Parse("Main: x\n\nName: assets/a-very-long-na\n me.txt\nSHA1-Digest: Z\n");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(*s[1].Get("Name"), "assets/a-very-long-name.txt");
  EXPECT_EQ(*s[1].Get("SHA1-Digest"), "Z");
}

TEST(JarManifest, AnyLineEnding) {
  auto s = Parse("A: 1\rB: 2\n\rName: c\r\nD: 4");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(*s[0].Get("B"), "2");
  EXPECT_EQ(*s[1].Get("D"), "4");
  EXPECT_EQ(s[1].offset + s[1].size, std::string("A: 1\rB: 2\n\rName: c\r\nD: 4").size());
}

TEST(JarManifest, NamesAreCaseInsensitive) {
  auto s = Parse("sha-256-digest-manifest: x\n");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(*s[0].Get("SHA-256-Digest-Manifest"), "x");
  EXPECT_EQ(s[0].Get("SHA1-Digest-Manifest"), nullptr);
}

TEST(JarManifest, ExtraEmptyLinesAndLinesWithoutSeparator) {
  auto s = Parse("\n\nA: 1\n\n\n\nweird line\n");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].offset, 2u);
  EXPECT_EQ(*s[1].Get("weird line"), "");
}

TEST(JarManifest, EmptyText) {
  EXPECT_TRUE(Parse("").empty());
}

}  // namespace
}  // namespace appvault::pkg
