// The names a configuration entry may have (relative_path.h).
#include "client/relative_path.h"

#include <gtest/gtest.h>

namespace appvault::client {
namespace {

TEST(RelativePathTest, AcceptsAndNormalisesSafeNames) {
  ConfigLimits limits;
  EXPECT_EQ(*CheckRelativePath("a.txt", limits), "a.txt");
  EXPECT_EQ(*CheckRelativePath("./a/b.txt", limits), "a/b.txt");
  EXPECT_EQ(*CheckRelativePath("a/b/", limits), "a/b");
  EXPECT_EQ(*CheckRelativePath("./", limits), "");
  EXPECT_EQ(*CheckRelativePath(".", limits), "");
  EXPECT_EQ(*CheckRelativePath("..hidden/x..y", limits), "..hidden/x..y");
}

TEST(RelativePathTest, RefusesNamesThatLeaveTheFolder) {
  ConfigLimits limits;
  for (const char* name :
       {"/abs", "../x", "a/../../x", "a/..", "a//b", "a/./b", "a\\b", "a\nb", "//"}) {
    Result<std::string> path = CheckRelativePath(name, limits);
    EXPECT_EQ(path.status().code(), StatusCode::kInvalidArgument) << name;
  }
  EXPECT_FALSE(CheckRelativePath(std::string("a\0b", 3), limits).ok());
}

TEST(RelativePathTest, EnforcesLengthAndDepth) {
  ConfigLimits limits;
  limits.max_path_length = 8;
  limits.max_depth = 2;
  EXPECT_TRUE(CheckRelativePath("a/b", limits).ok());
  EXPECT_FALSE(CheckRelativePath("a/b/c", limits).ok());
  EXPECT_FALSE(CheckRelativePath("123456789", limits).ok());
}

}  // namespace
}  // namespace appvault::client
