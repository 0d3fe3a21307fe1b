// Table-driven tests of ChooseSplits(): one row per rule of CONTRACT §7's split choice; each
// row fails if its rule is broken. Splits are told apart by name; digests are tags.
#include "core/split_choice.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace appvault {
namespace {

Sha256 Tag(int tag) {
  Sha256::Bytes bytes{};
  bytes[0] = static_cast<std::uint8_t>(tag);
  return Sha256(bytes);
}

SplitMember Split(std::string name, SplitKind kind, std::string config_for = "") {
  static int next_tag = 1;
  SplitMember m;
  m.name = std::move(name);
  m.sha256 = Tag(next_tag++);
  m.size = 100;
  m.kind = kind;
  m.config_for = std::move(config_for);
  return m;
}

SplitMember Abi(const std::string& abi, std::string config_for = "") {
  std::string underscored = abi;
  for (char& c : underscored) {
    if (c == '-') c = '_';
  }
  std::string prefix = config_for.empty() ? "config." : config_for + ".config.";
  SplitMember m = Split(prefix + underscored, SplitKind::kAbi, config_for);
  m.abi = abi;
  m.abis = {abi};
  return m;
}

SplitMember Density(const std::string& name, int dpi, std::string config_for = "") {
  std::string prefix = config_for.empty() ? "config." : config_for + ".config.";
  SplitMember m = Split(prefix + name, SplitKind::kDensity, config_for);
  m.density = dpi;
  return m;
}

SplitMember Language(const std::string& locale, std::string config_for = "") {
  std::string prefix = config_for.empty() ? "config." : config_for + ".config.";
  SplitMember m = Split(prefix + locale, SplitKind::kLanguage, config_for);
  m.locale = locale;
  return m;
}

// A set of com.example.notes with a base of no native code and no splits yet.
Package Base() {
  Package p;
  p.sha256 = Tag(200);
  p.size = 1000;
  p.software_id = "notes";
  p.app = *AppId::Parse("com.example.notes");
  p.version = Version::Android(5);
  p.signer_sha256 = Tag(201);
  return p;
}

// A phone of API 34, ABIs arm64-v8a then armeabi-v7a, 420 dpi, en-US.
DeviceProfile Phone() {
  return DeviceProfile{Platform::kAndroid, Version::Android(34), {"arm64-v8a", "armeabi-v7a"}};
}

struct Row {
  std::string name;
  std::function<void(Package&, DeviceProfile&)> arrange;
  std::vector<std::string> members;  // split names after the base ("" first is implied)
  std::string error_has = "";        // set: the set cannot be completed, the error says this
  std::string reason_has = "";       // a fragment the reason must contain
};

std::vector<Row> Rows() {
  return {
      {"SingleApkIsTheBaseAlone", [](Package&, DeviceProfile&) {}, {}},
      {"AbiOfTheDevicesMostPreferredAbi",
       [](Package& p, DeviceProfile&) {
         p.splits = {Abi("armeabi-v7a"), Abi("arm64-v8a"), Abi("x86_64")};
       },
       {"config.arm64_v8a"},
       "",
       "config.arm64_v8a (ABI arm64-v8a, the device's first)"},
      {"AbiFallsBackToTheNextPreferredAbi",
       [](Package& p, DeviceProfile&) {
         p.splits = {Abi("x86"), Abi("armeabi-v7a")};
       },
       {"config.armeabi_v7a"}},
      {"AbiPreferenceIsTheDevicesOrder",
       [](Package& p, DeviceProfile& d) {
         p.splits = {Abi("armeabi-v7a"), Abi("arm64-v8a")};
         d.abis = {"armeabi-v7a", "arm64-v8a"};
       },
       {"config.armeabi_v7a"}},
      {"AbiSplitsOnlyForOtherAbisAndNoNativeBaseDoNotFit",
       [](Package& p, DeviceProfile&) {
         p.splits = {Abi("x86"), Abi("x86_64")};
       },
       {},
       "the ABI splits of the base are only for x86, x86_64, none for the device's arm64-v8a, "
       "armeabi-v7a"},
      {"AbiSplitsForOtherAbisButBaseNativeCodeServes",
       [](Package& p, DeviceProfile&) {
         p.abis = {"arm64-v8a"};
         p.splits = {Abi("x86")};
       },
       {},
       "",
       "its own native code is for arm64-v8a"},
      {"DensityNearestTheDevice",
       [](Package& p, DeviceProfile&) {
         p.splits = {Density("mdpi", 160), Density("xhdpi", 320), Density("xxhdpi", 480)};
       },
       {"config.xxhdpi"},
       "",
       "config.xxhdpi (480 dpi, nearest the device's 420)"},
      {"DensityNearestMayBeLower",
       [](Package& p, DeviceProfile& d) {
         p.splits = {Density("xhdpi", 320), Density("xxhdpi", 480), Density("xxxhdpi", 640)};
         d.density = 340;
       },
       {"config.xhdpi"}},
      {"DensityTieGoesToTheHigher",
       [](Package& p, DeviceProfile& d) {
         p.splits = {Density("xxhdpi", 480), Density("xhdpi", 320)};
         d.density = 400;
       },
       {"config.xxhdpi"}},
      {"DensityTieGoesToTheHigherWhicheverComesFirst",
       [](Package& p, DeviceProfile& d) {
         p.splits = {Density("hdpi", 240), Density("xhdpi", 320)};
         d.density = 280;
       },
       {"config.xhdpi"}},
      {"LanguagesOfEveryDeviceLocale",
       [](Package& p, DeviceProfile& d) {
         p.splits = {Language("de"), Language("es"), Language("fr")};
         d.locales = {"fr-FR", "de-DE"};
       },
       {"config.de", "config.fr"},
       "",
       "config.fr (language fr for fr-FR)"},
      {"NoMatchingLanguageGivesNone",
       [](Package& p, DeviceProfile& d) {
         p.splits = {Language("de"), Language("fr")};
         d.locales = {"ja-JP"};
       },
       {},
       "",
       "no language split of the base for the device's ja-JP"},
      {"LanguageSplitOfARegionOnlyForThatRegion",
       [](Package& p, DeviceProfile& d) {
         p.splits = {Language("pt-BR"), Language("pt")};
         d.locales = {"pt-PT"};
       },
       {"config.pt"}},
      {"LanguageIgnoresTheScript",
       [](Package& p, DeviceProfile& d) {
         p.splits = {Language("zh-TW"), Language("zh-CN")};
         d.locales = {"zh-Hant-TW"};
       },
       {"config.zh-TW"}},
      {"EveryFeatureSplitWithItsConfigurationSplits",
       [](Package& p, DeviceProfile& d) {
         d.locales = {"fr-FR"};
         p.splits = {Abi("arm64-v8a"),
                     Abi("x86"),
                     Split("camera", SplitKind::kFeature),
                     Abi("arm64-v8a", "camera"),
                     Abi("x86", "camera"),
                     Density("xxhdpi", 480, "camera"),
                     Density("mdpi", 160, "camera"),
                     Language("fr", "camera"),
                     Split("maps", SplitKind::kFeature)};
       },
       {"camera", "camera.config.arm64_v8a", "camera.config.fr", "camera.config.xxhdpi",
        "config.arm64_v8a", "maps"},
       "",
       "camera (a feature split)"},
      {"FeatureSplitThatCannotBeCompletedDoesNotFit",
       [](Package& p, DeviceProfile&) {
         p.splits = {Split("camera", SplitKind::kFeature), Abi("x86", "camera")};
       },
       {},
       "the ABI splits of feature split camera are only for x86"},
      {"RequiredSplitTypeNotGivenDoesNotFit",
       [](Package& p, DeviceProfile&) {
         p.abis = {"arm64-v8a"};
         p.required_split_types = {"base__abi"};
         SplitMember x86 = Abi("x86");
         x86.split_types = {"base__abi"};
         p.splits = {x86};
       },
       {},
       "the base requires split type base__abi, which no split chosen gives"},
      {"RequiredSplitTypeGivenByTheChosenSplit",
       [](Package& p, DeviceProfile&) {
         p.required_split_types = {"base__abi", "base__density"};
         SplitMember arm = Abi("arm64-v8a");
         arm.split_types = {"base__abi"};
         SplitMember dense = Density("xxhdpi", 480);
         dense.split_types = {"base__density"};
         p.splits = {arm, dense};
       },
       {"config.arm64_v8a", "config.xxhdpi"}},
      {"RequiredSplitTypeOfASplit",
       [](Package& p, DeviceProfile&) {
         SplitMember camera = Split("camera", SplitKind::kFeature);
         camera.required_split_types = {"camera__abi"};
         p.splits = {camera};
       },
       {},
       "split camera requires split type camera__abi"},
      {"SplitOfUnknownKindIsLeftOut",
       [](Package& p, DeviceProfile&) { p.splits = {Split("config.astc", SplitKind::kOther)}; },
       {},
       "",
       "left out config.astc"},
  };
}

class SplitChoiceTest : public ::testing::TestWithParam<Row> {};

TEST_P(SplitChoiceTest, ChoosesAsTheRuleSays) {
  const Row& row = GetParam();
  Package set = Base();
  DeviceProfile device = Phone();
  row.arrange(set, device);
  ASSERT_TRUE(device.Validate().ok()) << device.Validate().message();
  Result<SplitChoice> choice = ChooseSplits(set, device);
  if (!row.error_has.empty()) {
    ASSERT_FALSE(choice.ok());
    EXPECT_NE(choice.status().message().find(row.error_has), std::string::npos)
        << choice.status().message();
    EXPECT_FALSE(Fits(set, device));
    EXPECT_NE(FitProblem(set, device)->find(row.error_has), std::string::npos);
    return;
  }
  ASSERT_TRUE(choice.ok()) << choice.status().message();
  EXPECT_TRUE(Fits(set, device)) << *FitProblem(set, device);
  ASSERT_FALSE(choice->members.empty());
  EXPECT_EQ(choice->members[0], (ChosenMember{"", set.sha256, set.size}));
  std::vector<std::string> names;
  for (std::size_t i = 1; i < choice->members.size(); ++i) {
    names.push_back(choice->members[i].split);
    const auto it = std::find_if(set.splits.begin(), set.splits.end(), [&](const SplitMember& s) {
      return s.name == choice->members[i].split;
    });
    ASSERT_NE(it, set.splits.end());
    EXPECT_EQ(choice->members[i].sha256, it->sha256);
    EXPECT_EQ(choice->members[i].size, it->size);
  }
  EXPECT_EQ(names, row.members);
  if (set.splits.empty()) {
    EXPECT_EQ(choice->reason, "");
  }
  EXPECT_NE(choice->reason.find(row.reason_has), std::string::npos) << choice->reason;
}

INSTANTIATE_TEST_SUITE_P(Rules, SplitChoiceTest, ::testing::ValuesIn(Rows()),
                         [](const ::testing::TestParamInfo<Row>& info) { return info.param.name; });

TEST(SplitChoiceAbiRankTest, AbiSplitsCountForTheSetsRank) {
  Package set = Base();
  set.splits = {Abi("armeabi-v7a")};
  EXPECT_EQ(AbiRank(set, Phone()), 1u);
  set.splits = {Abi("x86")};
  EXPECT_EQ(AbiRank(set, Phone()), std::nullopt);
}

TEST(DeviceProfileSetTest, DensityAndLocalesAreValidated) {
  DeviceProfile d = Phone();
  EXPECT_EQ(d.density, 420);
  EXPECT_EQ(d.locales, std::vector<std::string>{"en-US"});
  for (int bad : {0, -1, 10001}) {
    d.density = bad;
    EXPECT_NE(d.Validate().message().find("density: " + std::to_string(bad)), std::string::npos);
  }
  d.density = 640;
  for (const char* good : {"en", "en-US", "fil", "zh-Hant-TW", "es-419", "sr-Latn"}) {
    d.locales = {good};
    EXPECT_TRUE(d.Validate().ok()) << good;
  }
  for (const char* bad : {"", "e", "EN", "en_US", "en-us", "en-USA", "zh-hant", "en-US-x", "en-"}) {
    d.locales = {bad};
    EXPECT_NE(d.Validate().message().find("locales: invalid locale"), std::string::npos) << bad;
  }
  d.locales = {"en-US", "en-US"};
  EXPECT_NE(d.Validate().message().find("listed twice"), std::string::npos);
  d.locales = {};
  EXPECT_FALSE(d.Validate().ok());
}

}  // namespace
}  // namespace appvault
