#include "core/version.h"

#include <gtest/gtest.h>

namespace appvault {
namespace {

Version V(Platform platform, const char* text) {
  Result<Version> v = Version::Parse(platform, text);
  EXPECT_TRUE(v.ok()) << text << ": " << v.status().ToString();
  return v.ok() ? *v : Version::Android(0);
}

TEST(VersionTest, AndroidComparesAsIntegers) {
  EXPECT_LT(V(Platform::kAndroid, "9"), V(Platform::kAndroid, "10"));
  EXPECT_EQ(V(Platform::kAndroid, "007"), V(Platform::kAndroid, "7"));
  EXPECT_EQ(V(Platform::kAndroid, "007").text(), "7");
  EXPECT_EQ(V(Platform::kAndroid, "4294967297").code(), 4294967297);  // versionCodeMajor 1
  EXPECT_EQ(Version::Android(30), V(Platform::kAndroid, "30"));
}

TEST(VersionTest, IosComparesComponentsNumerically) {
  EXPECT_LT(V(Platform::kIos, "16.4"), V(Platform::kIos, "16.10"));
  EXPECT_LT(V(Platform::kIos, "2.9.9"), V(Platform::kIos, "2.10"));
  EXPECT_EQ(V(Platform::kIos, "16.4"), V(Platform::kIos, "16.4.0"));
  EXPECT_GT(V(Platform::kIos, "16.4.1"), V(Platform::kIos, "16.4"));
  EXPECT_EQ(V(Platform::kIos, "16.4").text(), "16.4");
}

TEST(VersionTest, RefusesMalformed) {
  for (const char* bad : {"", "-1", "+3", "1.5", "abc", "9223372036854775808"}) {
    Result<Version> v = Version::Parse(Platform::kAndroid, bad);
    EXPECT_FALSE(v.ok()) << bad;
    if (!v.ok()) {
      EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument);
    }
  }
  for (const char* bad : {"", "1..2", ".1", "1.", "1.0b3", "4294967296", "1.2.3.4.5.6.7.8.9"}) {
    EXPECT_FALSE(Version::Parse(Platform::kIos, bad).ok()) << bad;
  }
  EXPECT_FALSE(Version::Parse(Platform::kIos, std::string(65, '1')).ok());
}

TEST(VersionTest, ErrorNamesTheText) {
  Result<Version> v = Version::Parse(Platform::kIos, "1.x");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("\"1.x\""), std::string::npos);
}

TEST(PlatformTest, ParsesNames) {
  EXPECT_EQ(*ParsePlatform("android"), Platform::kAndroid);
  EXPECT_EQ(*ParsePlatform("ios"), Platform::kIos);
  EXPECT_FALSE(ParsePlatform("Android").ok());
  EXPECT_EQ(PlatformName(Platform::kIos), "ios");
}

}  // namespace
}  // namespace appvault
