// The per-API-level rules of JAR signatures, one row per rule the inspection relies on.
#include "pkg/jar_algorithms.h"

#include <gtest/gtest.h>

namespace appvault::pkg {
namespace {

constexpr const char* kSha1 = "1.3.14.3.2.26";
constexpr const char* kSha256 = "2.16.840.1.101.3.4.2.1";
constexpr const char* kRsa = "1.2.840.113549.1.1.1";
constexpr const char* kSha256WithRsa = "1.2.840.113549.1.1.11";
constexpr const char* kEcKey = "1.2.840.10045.2.1";
constexpr const char* kSha256WithEcdsa = "1.2.840.10045.4.3.2";
constexpr const char* kSha256WithDsa = "2.16.840.1.101.3.4.3.2";

std::string Unsupported(int min, int max, const char* digest, const char* signature) {
  return FormatLevels(LevelsNotIn({min, max}, JarSignatureSupportedLevels({digest, signature})));
}

TEST(JarAlgorithms, SupportedLevelsPerAlgorithmPair) {
  EXPECT_EQ(Unsupported(1, kAnyNewerSdk, kSha1, kRsa), "");
  EXPECT_EQ(Unsupported(14, kAnyNewerSdk, kSha256, kRsa), "14-17");
  EXPECT_EQ(Unsupported(1, kAnyNewerSdk, kSha256, kSha256WithRsa), "9-17");
  EXPECT_EQ(Unsupported(18, kAnyNewerSdk, kSha256, kSha256WithRsa), "");
  EXPECT_EQ(Unsupported(16, kAnyNewerSdk, kSha256, kEcKey), "16-17");
  EXPECT_EQ(Unsupported(18, kAnyNewerSdk, kSha256, kSha256WithEcdsa), "18-20");
  EXPECT_EQ(Unsupported(21, 30, kSha256, kSha256WithDsa), "");
  EXPECT_EQ(Unsupported(19, 22, kSha256, kSha256WithDsa), "19-20");
  EXPECT_EQ(Unsupported(24, kAnyNewerSdk, kSha1, kSha256WithRsa), "24+");  // 21-23 only
  EXPECT_EQ(Unsupported(1, 5, "1.2.3.4", kRsa), "1-5");                    // unknown: none
}

TEST(JarAlgorithms, LevelsNotInSplitsAroundEverySupportedRange) {
  std::vector<SdkRange> supported{{0, 8}, {18, 20}, {23, 23}};
  EXPECT_EQ(FormatLevels(LevelsNotIn({1, 30}, supported)), "9-17, 21-22, 24-30");
  EXPECT_EQ(FormatLevels(LevelsNotIn({18, 20}, supported)), "");
  EXPECT_EQ(FormatLevels(LevelsNotIn({5, 5}, {})), "5");
}

TEST(JarAlgorithms, NamesAsApksignerWritesThem) {
  EXPECT_EQ(JarAlgorithmName(kSha256), "SHA-256");
  EXPECT_EQ(JarAlgorithmName(kSha256WithEcdsa), "SHA-256 with ECDSA");
  EXPECT_EQ(JarAlgorithmName("1.2.3"), "1.2.3");
}

}  // namespace
}  // namespace appvault::pkg
