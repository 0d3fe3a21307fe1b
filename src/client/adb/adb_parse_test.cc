#include "client/adb/adb_parse.h"

#include <gtest/gtest.h>

namespace appvault::client::adb {
namespace {

TEST(PmListPackages, ReadsEveryFieldAndroidPrints) {
  auto list = ParsePmListPackages(
      "package:/data/app/~~aB-_==/org.ex.app-Zz==/base.apk=org.ex.app versionCode:42 uid:10123\n"
      "package:com.other\n",
      "pm list packages");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].package, "org.ex.app");
  EXPECT_EQ((*list)[0].base_apk, "/data/app/~~aB-_==/org.ex.app-Zz==/base.apk");
  EXPECT_EQ((*list)[0].version_code, 42);
  EXPECT_EQ((*list)[0].uid, 10123);
  EXPECT_EQ((*list)[1].package, "com.other");
  EXPECT_FALSE((*list)[1].version_code.has_value());
  EXPECT_TRUE(ParsePmListPackages("", "pm list packages")->empty());
}

TEST(PmListPackages, RefusesEveryOtherShapeNamingTheCommand) {
  for (const char* bad : {"Error: unknown option -x\n", "package:\n", "package:a b\n",
                          "package:org.ex versionCode:\n", "package:org.ex versionCode:-1\n",
                          "package:org.ex versionCode:1 versionCode:2\n", "package:org.ex uid:x\n",
                          "package:org.ex  versionCode:1\n", "package:relative/base.apk=org.ex\n",
                          "package:org.ex;rm\n", "package:org.ex\nrandom noise\n"}) {
    auto list = ParsePmListPackages(bad, "pm list packages -3");
    ASSERT_FALSE(list.ok()) << bad;
    EXPECT_EQ(list.status().code(), StatusCode::kUnavailable);
    EXPECT_NE(list.status().message().find("`pm list packages -3` printed"), std::string::npos)
        << list.status().message();
  }
}

TEST(PmPath, BaseFirstThenSplits) {
  auto paths = ParsePmPath(
      "package:/data/app/x/base.apk\npackage:/data/app/x/split_config.xxhdpi.apk\n", "pm path x");
  ASSERT_TRUE(paths.ok());
  EXPECT_EQ(*paths, (std::vector<std::string>{"/data/app/x/base.apk",
                                              "/data/app/x/split_config.xxhdpi.apk"}));
  EXPECT_FALSE(ParsePmPath("", "pm path x").ok());
  EXPECT_FALSE(ParsePmPath("package:/data/app/x/base.zip\n", "pm path x").ok());
  EXPECT_FALSE(ParsePmPath("/data/app/x/base.apk\n", "pm path x").ok());
}

TEST(Getprop, AllAndOne) {
  auto props = ParseGetpropAll("[ro.build.version.sdk]: [34]\n[empty]: []\n", "getprop");
  ASSERT_TRUE(props.ok());
  EXPECT_EQ(props->at("ro.build.version.sdk"), "34");
  EXPECT_EQ(props->at("empty"), "");
  EXPECT_FALSE(ParseGetpropAll("ro.x=1\n", "getprop").ok());
  EXPECT_EQ(*ParseGetpropValue("34\n", "getprop ro.build.version.sdk"), "34");
  EXPECT_EQ(*ParseGetpropValue("\n", "getprop x"), "");
  EXPECT_FALSE(ParseGetpropValue("34\n35\n", "getprop x").ok());
}

TEST(WmDensity, PhysicalOrOverride) {
  EXPECT_EQ(*ParseWmDensity("Physical density: 420\n", "wm density"), 420);
  EXPECT_EQ(*ParseWmDensity("Physical density: 420\nOverride density: 560\n", "wm density"), 560);
  for (const char* bad : {"", "Physical density: x\n", "Physical density: 0\n", "density 420\n",
                          "Override density: 560\n"}) {
    auto d = ParseWmDensity(bad, "wm density");
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_NE(d.status().message().find("`wm density`"), std::string::npos);
  }
}

TEST(AbiList, CommaSeparatedNamesOnly) {
  EXPECT_EQ(*ParseAbiList("arm64-v8a,armeabi-v7a,armeabi", "getprop"),
            (std::vector<std::string>{"arm64-v8a", "armeabi-v7a", "armeabi"}));
  for (const char* bad : {"", "arm64-v8a,", ",x86", "x86 64", "X86"}) {
    EXPECT_FALSE(ParseAbiList(bad, "getprop ro.product.cpu.abilist").ok()) << bad;
  }
}

}  // namespace
}  // namespace appvault::client::adb
