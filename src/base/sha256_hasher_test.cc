#include "base/sha256_hasher.h"

#include <gtest/gtest.h>

#include <string>

namespace appvault::base {
namespace {

// FIPS 180-2 test vectors.
constexpr char kEmpty[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr char kAbc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

TEST(Sha256HasherTest, KnownDigests) {
  EXPECT_EQ(HashBytes("").Hex(), kEmpty);
  EXPECT_EQ(HashBytes("abc").Hex(), kAbc);
}

TEST(Sha256HasherTest, PiecesHashAsTheWhole) {
  const std::string text(100000, 'q');
  Sha256Hasher hasher;
  for (std::size_t at = 0; at < text.size(); at += 777)
    hasher.Update(text.substr(at, 777));
  EXPECT_EQ(hasher.Finish(), HashBytes(text));
}

}  // namespace
}  // namespace appvault::base
