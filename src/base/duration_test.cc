#include "base/duration.h"

#include <gtest/gtest.h>

namespace appvault::base {
namespace {

using std::chrono::seconds;

TEST(ParseDuration, ReadsEachUnitAndBareSeconds) {
  EXPECT_EQ(*ParseDuration("0"), seconds(0));
  EXPECT_EQ(*ParseDuration("90"), seconds(90));
  EXPECT_EQ(*ParseDuration("90s"), seconds(90));
  EXPECT_EQ(*ParseDuration("30m"), seconds(1800));
  EXPECT_EQ(*ParseDuration("24h"), seconds(86400));
  EXPECT_EQ(*ParseDuration("7d"), seconds(7 * 86400));
}

TEST(ParseDuration, RefusesWhatIsNotADurationNamingIt) {
  for (const char* bad : {"", "h", "-1h", "1.5h", "1w", "1 h", "h1", "10hh", "9999999999999"}) {
    Result<seconds> parsed = ParseDuration(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(parsed.status().message().find('"' + std::string(bad) + '"'), std::string::npos)
        << parsed.status().message();
  }
}

TEST(ParseDuration, RefusesMoreThanAHundredYears) {
  EXPECT_TRUE(ParseDuration("36600d").ok());
  Result<seconds> parsed = ParseDuration("36700d");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("100 years"), std::string::npos);
}

TEST(FormatDuration, UsesTheLargestExactUnitWithDaysFromTwo) {
  EXPECT_EQ(FormatDuration(seconds(0)), "0s");
  EXPECT_EQ(FormatDuration(seconds(45)), "45s");
  EXPECT_EQ(FormatDuration(seconds(5400)), "90m");
  EXPECT_EQ(FormatDuration(seconds(86400)), "24h");
  EXPECT_EQ(FormatDuration(seconds(7 * 86400)), "7d");
  EXPECT_EQ(FormatDuration(seconds(6 * 3600)), "6h");
}

}  // namespace
}  // namespace appvault::base
