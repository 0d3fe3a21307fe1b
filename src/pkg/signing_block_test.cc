// The APK Signing Block parser on hand-built blocks: layout, sizes, magic, pairs, limits.
#include "pkg/signing_block.h"

#include <gtest/gtest.h>

#include <string>

#include "pkg/zip.h"

namespace appvault::pkg {
namespace {

std::string Le(std::uint64_t value, int bytes) {
  std::string out;
  for (int i = 0; i < bytes; ++i) {
    out += static_cast<char>(value >> (8 * i));
  }
  return out;
}

std::string Pair(std::uint32_t id, const std::string& value) {
  return Le(value.size() + 4, 8) + Le(id, 4) + value;
}

// A whole block around pairs; the size fields can be overridden.
std::string Block(const std::string& pairs, std::uint64_t head = 0, std::uint64_t foot = 0,
                  std::string magic = std::string(kSigningBlockMagic)) {
  const std::uint64_t size = pairs.size() + 8 + 16;
  return Le(head ? head : size, 8) + pairs + Le(foot ? foot : size, 8) + magic;
}

// "Entries" bytes, the block, then a stand-in central directory; returns the CD offset.
struct Apk {
  std::unique_ptr<RandomAccessFile> file;
  std::uint64_t cd_offset = 0;
};

Apk Make(const std::string& block, const std::string& entries = "PK entries") {
  Apk apk;
  apk.cd_offset = entries.size() + block.size();
  apk.file = MemoryFile(entries + block + "PK\x01\x02 central directory");
  return apk;
}

Result<std::optional<ApkSigningBlock>> Find(const Apk& apk) {
  return FindSigningBlock(*apk.file, apk.cd_offset);
}

void ExpectBad(const Apk& apk, const std::string& reason) {
  auto found = Find(apk);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().code(), StatusCode::kBadSignature);
  EXPECT_NE(found.status().message().find(reason), std::string::npos) << found.status().message();
}

TEST(SigningBlock, ParsesPairsInOrder) {
  std::string pairs = Pair(kV2SchemeBlockId, "v2 value") + Pair(0x42726577, std::string(12, '\0')) +
                      Pair(kV3SchemeBlockId, "v3");
  Apk apk = Make(Block(pairs));
  auto found = Find(apk);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  const ApkSigningBlock& block = **found;
  EXPECT_EQ(block.offset, 10u);
  EXPECT_EQ(block.size, pairs.size() + kSigningBlockOverhead);
  ASSERT_EQ(block.pairs.size(), 3u);
  EXPECT_EQ(*block.Find(kV2SchemeBlockId), "v2 value");
  EXPECT_EQ(*block.Find(kV3SchemeBlockId), "v3");
  EXPECT_EQ(block.Find(0x1234), nullptr);
}

TEST(SigningBlock, EmptyPairsAreFine) {
  auto found = Find(Make(Block("")));
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_TRUE((*found)->pairs.empty());
}

TEST(SigningBlock, NoMagicMeansNoBlock) {
  Apk plain = Make("", std::string(100, 'x'));
  auto found = Find(plain);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

TEST(SigningBlock, BadMagicMeansNoBlock) {
  auto found = Find(Make(Block(Pair(kV2SchemeBlockId, "x"), 0, 0, "APK Sig Block 43")));
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

TEST(SigningBlock, CentralDirectoryAtTheStartMeansNoBlock) {
  Apk apk;
  apk.file = MemoryFile("PK\x01\x02");
  auto found = FindSigningBlock(*apk.file, 0);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

TEST(SigningBlock, SizeFieldsThatDisagreeAreRefused) {
  std::string pairs = Pair(kV2SchemeBlockId, "v2");
  ExpectBad(Make(Block(pairs, pairs.size() + 23)), "the two size fields disagree");
}

TEST(SigningBlock, SizeReachingBeforeTheFileIsRefused) {
  std::string pairs = Pair(kV2SchemeBlockId, "v2");
  std::uint64_t too_big = pairs.size() + 24 + 100;
  ExpectBad(Make(Block(pairs, too_big, too_big)), "reaches before the file");
}

TEST(SigningBlock, SizeSmallerThanTheFooterIsRefused) {
  ExpectBad(Make(Block("", 8, 8)), "invalid size 8");
}

TEST(SigningBlock, SizeOverTheLimitIsRefused) {
  std::uint64_t huge = kMaxSigningBlockSize + 1;
  ExpectBad(Make(Block("", huge, huge)), "invalid size");
}

TEST(SigningBlock, PairOverrunningTheBlockIsRefused) {
  std::string pair = Pair(kV2SchemeBlockId, "value");
  pair[0] = 100;  // length 100 > what is left
  ExpectBad(Make(Block(pair)), "invalid length 100");
}

TEST(SigningBlock, PairShorterThanItsIdIsRefused) {
  ExpectBad(Make(Block(Le(3, 8) + "abc")), "invalid length 3");
}

TEST(SigningBlock, TruncatedPairHeaderIsRefused) {
  ExpectBad(Make(Block(Pair(kV2SchemeBlockId, "v2") + "1234")), "truncated pair header");
}

TEST(SigningBlock, RepeatedSchemeBlockIsRefused) {
  ExpectBad(Make(Block(Pair(kV2SchemeBlockId, "a") + Pair(kV2SchemeBlockId, "b"))),
            "a signature scheme block repeats");
}

TEST(SigningBlock, RepeatedOtherIdsAreKept) {
  auto found = Find(Make(Block(Pair(7, "a") + Pair(7, "b"))));
  ASSERT_TRUE(found.ok());
  EXPECT_EQ((*found)->pairs.size(), 2u);
}

TEST(SigningBlock, TooManyPairsAreRefused) {
  std::string pairs;
  for (std::size_t i = 0; i <= kMaxSigningBlockPairs; ++i) {
    pairs += Pair(1000, "");
  }
  ExpectBad(Make(Block(pairs)), "too many id-value pairs");
}

TEST(SigningBlock, CentralDirectoryPastTheEndIsAReadError) {
  Apk apk = Make(Block(""));
  auto found = FindSigningBlock(*apk.file, apk.cd_offset + 1000);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().code(), StatusCode::kInvalidPackage);
}

TEST(SigningBlock, PairsParserAcceptsExactFit) {
  auto pairs = ParseSigningBlockPairs(Pair(1, "") + Pair(2, "xy"));
  ASSERT_TRUE(pairs.ok());
  ASSERT_EQ(pairs->size(), 2u);
  EXPECT_EQ((*pairs)[1].value, "xy");
}

}  // namespace
}  // namespace appvault::pkg
