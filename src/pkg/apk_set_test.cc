// ValidateApkSet: one row per rule of CONTRACT §7's set checks.
#include "pkg/apk_set.h"

#include <gtest/gtest.h>

#include <functional>

namespace appvault::pkg {
namespace {

Sha256 Signer(char c) {
  Sha256::Bytes bytes{};
  bytes.fill(static_cast<std::uint8_t>(c));
  return Sha256(bytes);
}

ApkSetMember Member(const std::string& name, const std::string& split) {
  ApkSetMember m;
  m.name = name;
  m.facts.app = *AppId::ParseFor(Platform::kAndroid, "org.example.app");
  m.facts.version = Version::Android(7);
  m.facts.signer_sha256 = Signer('a');
  m.facts.split = split;
  return m;
}

// base, config.fr, config.arm64_v8a, feature_cam and its config split.
std::vector<ApkSetMember> GoodSet() {
  ApkSetMember feature = Member("cam.apk", "feature_cam");
  feature.facts.is_feature_split = true;
  ApkSetMember feature_config = Member("cam_arm.apk", "feature_cam.config.arm64_v8a");
  feature_config.facts.config_for_split = "feature_cam";
  return {Member("fr.apk", "config.fr"), Member("base.apk", ""),
          Member("arm.apk", "config.arm64_v8a"), feature, feature_config};
}

TEST(ApkSet, AGoodSetComesBackBaseFirstAndSplitsByName) {
  Result<ApkSet> set = ValidateApkSet(GoodSet());
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->base.name, "base.apk");
  ASSERT_EQ(set->splits.size(), 4u);
  EXPECT_EQ(set->splits[0].facts.split, "config.arm64_v8a");
  EXPECT_EQ(set->splits[3].facts.split, "feature_cam.config.arm64_v8a");
}

TEST(ApkSet, ABaseAloneIsASet) {
  EXPECT_TRUE(ValidateApkSet({Member("base.apk", "")}).ok());
}

struct Case {
  const char* rule;
  std::function<void(std::vector<ApkSetMember>&)> change;
  StatusCode code;
  const char* reason;
};

TEST(ApkSet, EveryDefectIsRefusedNamingIt) {
  const Case cases[] = {
      {"no base", [](auto& m) { m.erase(m.begin() + 1); }, StatusCode::kInvalidPackage,
       "app set: no base APK"},
      {"two bases", [](auto& m) { m.push_back(Member("base2.apk", "")); },
       StatusCode::kInvalidPackage, "app set: two base APKs: base.apk, base2.apk"},
      {"split twice", [](auto& m) { m.push_back(Member("fr2.apk", "config.fr")); },
       StatusCode::kInvalidPackage, "app set: split config.fr twice: fr.apk, fr2.apk"},
      {"other package",
       [](auto& m) { m[0].facts.app = *AppId::ParseFor(Platform::kAndroid, "org.other"); },
       StatusCode::kInvalidPackage,
       "app set: split config.fr (fr.apk) is of package org.other, the base of org.example.app"},
      {"other version", [](auto& m) { m[2].facts.version = Version::Android(8); },
       StatusCode::kInvalidPackage,
       "app set: split config.arm64_v8a (arm.apk) has versionCode 8, the base 7"},
      {"other signer", [](auto& m) { m[0].facts.signer_sha256 = Signer('b'); },
       StatusCode::kSignerMismatch,
       "app set: split config.fr (fr.apk) is signed by another certificate than the base"},
      {"config split of a missing feature", [](auto& m) { m.erase(m.begin() + 3); },
       StatusCode::kInvalidPackage,
       "app set: split feature_cam.config.arm64_v8a (cam_arm.apk) configures feature split "
       "feature_cam, which the set lacks"},
      {"required split type missing",
       [](auto& m) {
         m[1].facts.required_split_types = {"language", "density"};
       },
       StatusCode::kInvalidPackage,
       "app set: required split type language (of base.apk) provided by no split of the set"},
      {"not Android", [](auto& m) { m[0].facts.platform = Platform::kIos; },
       StatusCode::kInvalidArgument, "app set: fr.apk is not an Android package"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.rule);
    std::vector<ApkSetMember> members = GoodSet();
    c.change(members);
    Result<ApkSet> set = ValidateApkSet(members);
    ASSERT_FALSE(set.ok());
    EXPECT_EQ(set.status().code(), c.code);
    EXPECT_EQ(set.status().message(), c.reason);
  }
  EXPECT_EQ(ValidateApkSet({}).status().code(), StatusCode::kInvalidArgument);
}

TEST(ApkSet, RequiredSplitTypesProvidedBySomeSplitAreMet) {
  std::vector<ApkSetMember> members = GoodSet();
  members[1].facts.required_split_types = {"language"};
  members[0].facts.split_types = {"language"};
  EXPECT_TRUE(ValidateApkSet(members).ok());
}

}  // namespace
}  // namespace appvault::pkg
