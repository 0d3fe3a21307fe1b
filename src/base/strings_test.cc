#include "base/strings.h"

#include <gtest/gtest.h>

namespace appvault::base {
namespace {

TEST(TrimTest, DropsBlanksAtBothEndsByDefault) {
  EXPECT_EQ(Trim(" \t a b \t "), "a b");
  EXPECT_EQ(Trim("a"), "a");
  EXPECT_EQ(Trim(" \t "), "");
  EXPECT_EQ(Trim(""), "");
}

TEST(TrimTest, KeepsLineEndingsUnlessAsked) {
  EXPECT_EQ(Trim(" a\r\n"), "a\r\n");
  EXPECT_EQ(Trim(" a\r\n", kWhitespace), "a");
}

TEST(TrimTest, OneSideOnly) {
  EXPECT_EQ(TrimLeft("  a  "), "a  ");
  EXPECT_EQ(TrimRight("  a  "), "  a");
  EXPECT_EQ(TrimRight("out\n\r ", "\n\r "), "out");
  EXPECT_EQ(TrimLeft("\t\t", "\t"), "");
}

TEST(TrimTest, OnlyTheGivenCharacters) {
  EXPECT_EQ(Trim("\t a \t", " "), "\t a \t");
  EXPECT_EQ(Trim("xxaxx", "x"), "a");
}

}  // namespace
}  // namespace appvault::base
