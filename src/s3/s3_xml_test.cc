#include "s3/s3_xml.h"

#include <gtest/gtest.h>

namespace appvault::s3 {
namespace {

// A ListObjectsV2 reply as S3 writes it.
constexpr std::string_view kListing = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bkt</Name><Prefix>blobs/</Prefix>
<KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>
<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
<Contents><Key>blobs/a&amp;b</Key><LastModified>2026-12-06T21:30:00.123Z</LastModified><ETag>&quot;x&quot;</ETag><Size>10</Size></Contents>
<Contents><Key>blobs/c</Key><LastModified>2026-12-06T21:30:01Z</LastModified><Size>0</Size><StorageClass/></Contents>
</ListBucketResult>)";

TEST(S3XmlTest, ReadsEveryRecordOfAListing) {
  const std::vector<std::string_view> contents = XmlBlocks(kListing, "Contents");
  ASSERT_EQ(contents.size(), 2u);
  EXPECT_EQ(XmlText(contents[0], "Key"), "blobs/a&b");
  EXPECT_EQ(XmlText(contents[0], "ETag"), "\"x\"");
  EXPECT_EQ(XmlText(contents[1], "Size"), "0");
  EXPECT_EQ(XmlText(contents[1], "StorageClass"), "");
  EXPECT_EQ(XmlText(kListing, "IsTruncated"), "true");
  EXPECT_EQ(XmlText(kListing, "NextContinuationToken"),
            "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
  EXPECT_EQ(XmlText(kListing, "Missing"), std::nullopt);
}

TEST(S3XmlTest, AnElementWhoseNameStartsWithTheTagIsAnother) {
  EXPECT_EQ(XmlText("<KeyCount>2</KeyCount><Key>k</Key>", "Key"), "k");
}

TEST(S3XmlTest, DecodesCharacterReferencesAndRefusesUnknownEntities) {
  EXPECT_EQ(XmlText("<K>&#65;&#x42;&#xe9;</K>", "K"), "AB\xc3\xa9");
  EXPECT_EQ(XmlText("<K>&nbsp;</K>", "K"), std::nullopt);
  EXPECT_EQ(XmlText("<K>&amp</K>", "K"), std::nullopt);
  EXPECT_EQ(XmlText("<K>&#xd800;</K>", "K"), std::nullopt);
}

TEST(S3XmlTest, AnUnclosedElementIsNotRead) {
  EXPECT_TRUE(XmlBlocks("<Key>k", "Key").empty());
}

TEST(S3XmlTest, ParsesS3Times) {
  EXPECT_EQ(ParseIsoTime("2013-05-24T00:00:00.000Z"), 1369353600);
  EXPECT_EQ(ParseIsoTime("2013-05-24T00:00:01Z"), 1369353601);
  EXPECT_EQ(ParseIsoTime("2013-05-24 00:00:00Z"), std::nullopt);
  EXPECT_EQ(ParseIsoTime("2013-13-24T00:00:00Z"), std::nullopt);
  EXPECT_EQ(ParseIsoTime("2013-05-24T00:00:00.Z"), std::nullopt);
  EXPECT_EQ(ParseIsoTime("2013-05-24T00:00:00"), std::nullopt);
}

}  // namespace
}  // namespace appvault::s3
