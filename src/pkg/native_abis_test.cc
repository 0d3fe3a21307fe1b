#include "pkg/native_abis.h"

#include <gtest/gtest.h>

namespace appvault::pkg {
namespace {

std::vector<ZipEntry> Entries(const std::vector<std::string>& names) {
  std::vector<ZipEntry> entries;
  for (const std::string& name : names)
    entries.push_back(ZipEntry{.name = name});
  return entries;
}

TEST(NativeAbisTest, SortedUniqueAbisOfSharedLibraries) {
  EXPECT_EQ(NativeAbis(Entries({"AndroidManifest.xml", "lib/x86_64/libb.so", "classes.dex",
                                "lib/arm64-v8a/liba.so", "lib/x86_64/liba.so",
                                "lib/armeabi-v7a/libfoo.so"})),
            (std::vector<std::string>{"arm64-v8a", "armeabi-v7a", "x86_64"}));
}

TEST(NativeAbisTest, NoNativeCodeIsEmpty) {
  EXPECT_TRUE(NativeAbis(Entries({"AndroidManifest.xml", "classes.dex", "res/a.xml"})).empty());
  EXPECT_TRUE(NativeAbis({}).empty());
}

TEST(NativeAbisTest, IgnoresWhatThePackageManagerWouldNotExtract) {
  EXPECT_TRUE(NativeAbis(Entries({"lib/", "lib/x86/", "lib/x86/readme.txt", "lib/x86/.so",
                                  "lib//liba.so", "lib/liba.so", "lib/x86/sub/liba.so",
                                  "assets/lib/x86/liba.so", "lib/x86/libso", "LIB/x86/a.so"}))
                  .empty());
}

}  // namespace
}  // namespace appvault::pkg
