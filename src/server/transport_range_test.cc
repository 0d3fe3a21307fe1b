#include <gtest/gtest.h>

#include "server/range.h"

namespace appvault::server {
namespace {

using Kind = RangeDecision::Kind;

void ExpectPartial(std::string_view header, std::uint64_t size, std::uint64_t offset,
                   std::uint64_t length) {
  RangeDecision decision = ParseRange(header, size);
  EXPECT_EQ(decision.kind, Kind::kPartial) << header;
  EXPECT_EQ(decision.offset, offset) << header;
  EXPECT_EQ(decision.length, length) << header;
}

void ExpectWhole(std::string_view header, std::uint64_t size) {
  RangeDecision decision = ParseRange(header, size);
  EXPECT_EQ(decision.kind, Kind::kWhole) << header;
  EXPECT_EQ(decision.offset, 0u) << header;
  EXPECT_EQ(decision.length, size) << header;
}

TEST(RangeTest, NoHeaderIsWhole) {
  ExpectWhole("", 1000);
}

TEST(RangeTest, ClosedRange) {
  ExpectPartial("bytes=0-499", 1000, 0, 500);
  ExpectPartial("bytes=500-999", 1000, 500, 500);
  ExpectPartial("bytes=7-7", 1000, 7, 1);
}

TEST(RangeTest, OpenEndedRange) {
  ExpectPartial("bytes=100-", 1000, 100, 900);
}

TEST(RangeTest, SuffixRange) {
  ExpectPartial("bytes=-500", 1000, 500, 500);
  ExpectPartial("bytes=-5000", 1000, 0, 1000);
}

TEST(RangeTest, PastTheEndIsClipped) {
  ExpectPartial("bytes=900-5000", 1000, 900, 100);
  ExpectPartial("bytes=0-99999999999999999999999", 1000, 0, 1000);
}

TEST(RangeTest, UnitAndSpacesAreTolerated) {
  ExpectPartial("Bytes = 1 - 2", 1000, 1, 2);
}

TEST(RangeTest, Unsatisfiable) {
  EXPECT_EQ(ParseRange("bytes=1000-", 1000).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=1000-2000", 1000).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=-0", 1000).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=0-", 0).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=-10", 0).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=99999999999999999999-", 1000).kind, Kind::kUnsatisfiable);
}

TEST(RangeTest, MalformedIsIgnored) {
  for (std::string_view header : {"bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=5-3",
                                  "items=0-1", "bytes=0-1x", "bytes=--1", "bytes=+1-2", "0-1"}) {
    ExpectWhole(header, 1000);
  }
}

TEST(RangeTest, SeveralRangesAreAnsweredWithTheWhole) {
  ExpectWhole("bytes=0-1,5-6", 1000);
  ExpectWhole("bytes=0-1, -5", 1000);
}

TEST(RangeTest, ContentRangeNamesFirstLastAndSize) {
  EXPECT_EQ(ContentRange(ParseRange("bytes=100-", 1000), 1000), "bytes 100-999/1000");
  EXPECT_EQ(ContentRange(ParseRange("bytes=-1", 1000), 1000), "bytes 999-999/1000");
}

TEST(ETagTest, ExactAndWeakMatches) {
  EXPECT_TRUE(ETagMatches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(ETagMatches("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(ETagMatches("\"abc\"", "W/\"abc\""));
  EXPECT_TRUE(ETagMatches("\"abc\"", "abc"));  // a bare tag is quoted first
  EXPECT_FALSE(ETagMatches("\"abd\"", "\"abc\""));
  EXPECT_FALSE(ETagMatches("abc", "\"abc\""));  // unquoted in the header: not an entity tag
}

TEST(ETagTest, StarAndLists) {
  EXPECT_TRUE(ETagMatches("*", "\"abc\""));
  EXPECT_TRUE(ETagMatches(" * ", "\"abc\""));
  EXPECT_TRUE(ETagMatches("\"x\", W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(ETagMatches("\"x\",\"abc\"", "\"abc\""));
  EXPECT_TRUE(ETagMatches("\"a,b\", \"abc\"", "\"abc\""));  // a comma inside a tag
  EXPECT_FALSE(ETagMatches("\"x\", \"y\"", "\"abc\""));
  EXPECT_FALSE(ETagMatches("", "\"abc\""));
  EXPECT_FALSE(ETagMatches(" , ", "\"abc\""));
}

TEST(ETagTest, QuoteETag) {
  EXPECT_EQ(QuoteETag("abc"), "\"abc\"");
  EXPECT_EQ(QuoteETag("\"abc\""), "\"abc\"");
  EXPECT_EQ(QuoteETag("W/\"abc\""), "W/\"abc\"");
}

}  // namespace
}  // namespace appvault::server
