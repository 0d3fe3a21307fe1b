// Tests of the small value types: AppId, Sha256, DeviceProfile, Preferences, Status.
#include <gtest/gtest.h>

#include "core/app_id.h"
#include "core/device.h"
#include "core/package.h"
#include "core/preferences.h"
#include "core/sha256.h"
#include "core/status.h"

namespace appvault {
namespace {

TEST(AppIdTest, AcceptsPackageNamesAndBundleIds) {
  EXPECT_TRUE(AppId::ParseFor(Platform::kAndroid, "com.example.notes").ok());
  EXPECT_TRUE(AppId::ParseFor(Platform::kAndroid, "org.a_b.c9").ok());
  EXPECT_TRUE(AppId::ParseFor(Platform::kIos, "com.example.my-app").ok());
  EXPECT_TRUE(AppId::ParseFor(Platform::kIos, "single").ok());
}

TEST(AppIdTest, RefusesUnsafeOrMalformed) {
  for (const char* bad :
       {"", ".", "..", "a..b", ".a", "a.", "a/b", "a\\b", "a b", "../x", "com.ex\xc3\xa9"}) {
    EXPECT_FALSE(AppId::Parse(bad).ok()) << bad;
  }
  EXPECT_FALSE(AppId::Parse(std::string(256, 'a')).ok());
  EXPECT_TRUE(AppId::Parse(std::string(255, 'a')).ok());
  EXPECT_FALSE(AppId::ParseFor(Platform::kAndroid, "notes").ok());
  EXPECT_FALSE(AppId::ParseFor(Platform::kAndroid, "com.1example").ok());
  EXPECT_FALSE(AppId::ParseFor(Platform::kAndroid, "com.my-app").ok());
}

TEST(Sha256Test, HexRoundTrip) {
  const std::string hex = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
  Result<Sha256> digest = Sha256::ParseHex(hex);
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(digest->Hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(digest->Short(), "e3b0c44298fc");
  EXPECT_EQ(digest->bytes()[0], 0xe3);
  EXPECT_EQ(digest->bytes()[31], 0x55);
}

TEST(Sha256Test, RefusesMalformedHex) {
  EXPECT_FALSE(Sha256::ParseHex("abc").ok());
  EXPECT_FALSE(Sha256::ParseHex(std::string(64, 'g')).ok());
  EXPECT_FALSE(Sha256::ParseHex(std::string(65, 'a')).ok());
}

TEST(DeviceProfileTest, Validates) {
  DeviceProfile ok{Platform::kAndroid, Version::Android(30), {"arm64-v8a"}};
  EXPECT_TRUE(ok.Validate().ok());
  DeviceProfile no_abis = ok;
  no_abis.abis.clear();
  EXPECT_FALSE(no_abis.Validate().ok());
  DeviceProfile repeated = ok;
  repeated.abis = {"x86", "x86"};
  EXPECT_FALSE(repeated.Validate().ok());
  DeviceProfile bad_abi = ok;
  bad_abi.abis = {"ARM/64"};
  EXPECT_FALSE(bad_abi.Validate().ok());
  DeviceProfile wrong_os = ok;
  wrong_os.platform = Platform::kIos;
  EXPECT_FALSE(wrong_os.Validate().ok());
  EXPECT_EQ(ok.Describe(), "android API 30 (arm64-v8a)");
}

TEST(FitTest, ExplainsWhyAPackageDoesNotFit) {
  DeviceProfile device{Platform::kAndroid, Version::Android(23), {"arm64-v8a"}};
  Package p;
  p.min_os = Version::Android(26);
  EXPECT_EQ(FitProblem(p, device).value_or(""), "needs android API 26 or newer");
  p.min_os.reset();
  p.max_os = Version::Android(22);
  EXPECT_EQ(FitProblem(p, device).value_or(""), "supports android API 22 at most");
  p.max_os.reset();
  p.abis = {"x86", "x86_64"};
  EXPECT_EQ(FitProblem(p, device).value_or(""), "has native code only for x86, x86_64");
  p.abis = {"x86", "arm64-v8a"};
  EXPECT_FALSE(FitProblem(p, device).has_value());
  p.platform = Platform::kIos;
  EXPECT_EQ(FitProblem(p, device).value_or(""), "is a package for ios");
}

TEST(PreferencesTest, SentThenStoredThenDefault) {
  Preferences sent, stored;
  EXPECT_FALSE(Resolve(sent, stored).install_latest);
  EXPECT_FALSE(Resolve(sent, stored).accept_alternatives);
  EXPECT_FALSE(Resolve(sent, stored).backup_config);
  stored.install_latest = true;
  stored.backup_config = true;
  EXPECT_TRUE(Resolve(sent, stored).install_latest);
  EXPECT_TRUE(Resolve(sent, stored).backup_config);
  sent.install_latest = false;
  sent.accept_alternatives = true;
  ResolvedPreferences r = Resolve(sent, stored);
  EXPECT_FALSE(r.install_latest);
  EXPECT_TRUE(r.accept_alternatives);
  EXPECT_TRUE(r.backup_config);
}

TEST(StatusTest, CodeNamesMatchTheApi) {
  EXPECT_EQ(CodeName(StatusCode::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(CodeName(StatusCode::kPayloadTooLarge), "payload_too_large");
  EXPECT_EQ(CodeName(StatusCode::kSignerMismatch), "signer_mismatch");
  EXPECT_EQ(CodeName(StatusCode::kVersionExists), "version_exists");
  EXPECT_EQ(CodeName(StatusCode::kRateLimited), "rate_limited");
  EXPECT_EQ(CodeName(StatusCode::kQuotaExceeded), "quota_exceeded");
  Status s(StatusCode::kNotFound, "no such app");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ToString(), "not_found: no such app");
  EXPECT_TRUE(Status::Ok().ok());
  Result<int> r = Status(StatusCode::kInternal, "x");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
  Result<int> v = 4;
  EXPECT_EQ(*v, 4);
}

}  // namespace
}  // namespace appvault
