// InstallApks against the project's phone emulator through Debian's real adb: an app set in
// one PackageInstaller session, and the phone's refusals as clear per-app reasons, the phone
// left as it was.
#include "client/adb/adb_install.h"

#include <gtest/gtest.h>

#include <fstream>

#include "client/adb/adb_phone.h"
#include "client/adb/adb_test_phone.h"
#include "client/client_test_util.h"

namespace appvault::client::adb {
namespace {

class AdbInstallTest : public AdbPhoneTestBase {
 protected:
  // The installed version code of app, or -1 when the phone does not have it.
  std::int64_t VersionOf(const std::string& app) {
    auto apps = AdbPhone(*runner_).UserPackages();
    EXPECT_TRUE(apps.ok()) << apps.status().ToString();
    for (const ListedPackage& listed : apps.ok() ? *apps : std::vector<ListedPackage>{}) {
      if (listed.package == app) return listed.version_code.value_or(0);
    }
    return -1;
  }

  void SetUp() override {
    AdbPhoneTestBase::SetUp();
    runner_ = std::make_unique<AdbRunner>(Connect({"--sdk", "34", "--abis", "arm64-v8a"}));
  }

  std::unique_ptr<AdbRunner> runner_;
};

TEST_F(AdbInstallTest, AnAppSetGoesInOneSession) {
  Status installed =
      InstallApks(*runner_,
                  {test::SplitFixturePath("base.apk"), test::SplitFixturePath("base_fr.apk"),
                   test::SplitFixturePath("abi_arm64.apk")},
                  34);
  ASSERT_TRUE(installed.ok()) << installed.ToString();
  auto paths = AdbPhone(*runner_).PackagePaths("org.appvault.splitdemo");
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  EXPECT_EQ(paths->size(), 3u);
  EXPECT_EQ(VersionOf("org.appvault.splitdemo"), 3);
}

TEST_F(AdbInstallTest, ThePhonesRefusalsAreClearReasonsAndChangeNothing) {
  ASSERT_TRUE(InstallApks(*runner_, {test::UpdateApkPath("v2rsa_v4_rsa.apk")}, 34).ok());
  ASSERT_EQ(VersionOf("org.appvault.v2rsa"), 4);

  Status other_signer = InstallApks(*runner_, {test::UpdateApkPath("v2rsa_v4_rsa2.apk")}, 34);
  // Android checks the signer before the version: another signer is refused even at the same
  // version.
  EXPECT_EQ(other_signer.code(), StatusCode::kSignerMismatch) << other_signer.ToString();
  Status downgrade = InstallApks(*runner_, {test::FixturePath("v2_rsa.apk")}, 34);
  EXPECT_EQ(downgrade.code(), StatusCode::kConflict) << downgrade.ToString();
  EXPECT_NE(downgrade.message().find("INSTALL_FAILED_VERSION_DOWNGRADE"), std::string::npos)
      << downgrade.message();
  Status split_alone = InstallApks(*runner_, {test::SplitFixturePath("base_de.apk")}, 34);
  EXPECT_EQ(split_alone.code(), StatusCode::kInvalidPackage) << split_alone.ToString();
  EXPECT_EQ(VersionOf("org.appvault.v2rsa"), 4);
  EXPECT_EQ(VersionOf("org.appvault.splitdemo"), -1);
}

TEST_F(AdbInstallTest, AnUpdateByAnotherSignerIsASignerMismatch) {
  ASSERT_TRUE(InstallApks(*runner_, {test::FixturePath("v2_rsa.apk")}, 34).ok());
  Status refused = InstallApks(*runner_, {test::UpdateApkPath("v2rsa_v4_rsa2.apk")}, 34);
  EXPECT_EQ(refused.code(), StatusCode::kSignerMismatch) << refused.ToString();
  EXPECT_NE(
      refused.message().find("the phone refused the install: INSTALL_FAILED_UPDATE_INCOMPATIBLE"),
      std::string::npos)
      << refused.message();
  EXPECT_EQ(VersionOf("org.appvault.v2rsa"), 3);
}

TEST_F(AdbInstallTest, BytesThatAreNoApkAreRefusedAndNothingIsInstalled) {
  const std::string junk = (dir_ / "junk.apk").string();
  std::ofstream(junk) << "not a zip at all";
  Status refused = InstallApks(*runner_, {junk}, 34);
  EXPECT_EQ(refused.code(), StatusCode::kInvalidPackage) << refused.ToString();
  auto apps = AdbPhone(*runner_).UserPackages();
  ASSERT_TRUE(apps.ok());
  EXPECT_TRUE(apps->empty());
  EXPECT_EQ(InstallApks(*runner_, {(dir_ / "missing.apk").string()}, 34).code(),
            StatusCode::kNotFound);
}

TEST(AdbRefusalTest, EveryCodeHasItsStatus) {
  EXPECT_EQ(RefusalStatus("INSTALL_FAILED_UPDATE_INCOMPATIBLE: x").code(),
            StatusCode::kSignerMismatch);
  EXPECT_EQ(RefusalStatus("INSTALL_FAILED_VERSION_DOWNGRADE: x").code(), StatusCode::kConflict);
  EXPECT_EQ(RefusalStatus("INSTALL_FAILED_MISSING_SPLIT: x").code(), StatusCode::kInvalidPackage);
  EXPECT_EQ(RefusalStatus("INSTALL_PARSE_FAILED_NO_CERTIFICATES: x").code(),
            StatusCode::kInvalidPackage);
  EXPECT_EQ(RefusalStatus("INSTALL_FAILED_INSUFFICIENT_STORAGE: x").code(),
            StatusCode::kQuotaExceeded);
  EXPECT_EQ(RefusalStatus("INSTALL_FAILED_INTERNAL_ERROR").code(), StatusCode::kUnavailable);
  EXPECT_EQ(RefusalStatus("INSTALL_FAILED_OLDER_SDK: Requires newer sdk").message(),
            "the phone refused the install: INSTALL_FAILED_OLDER_SDK: Requires newer sdk");
}

}  // namespace
}  // namespace appvault::client::adb
