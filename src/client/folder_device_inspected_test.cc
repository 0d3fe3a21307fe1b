// FolderDevice::InstallInspected: a package the caller has inspected (a restore's verified
// download, kept in the device's state folder) is installed on its facts, moved rather than
// copied; the install rules of CONTRACT §3 still hold, and a file anywhere else is read again.
#include <gtest/gtest.h>

#include <filesystem>

#include "client/client_test_util.h"
#include "client/folder_device.h"

namespace appvault::client::test {
namespace {

namespace fs = std::filesystem;

// The apps and data of the device in dir (what an install changes): its state folder left out.
Snapshot AppsOf(const std::string& dir) {
  Snapshot all = TakeSnapshot(dir);
  std::erase_if(all, [](const auto& entry) { return entry.first.starts_with(".appvault"); });
  return all;
}

class InstallInspectedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.Join("device");
    device_ = MakeDevice(dir_, Android(30));
    ASSERT_NE(device_, nullptr);
  }

  // A copy of package at DIR/.appvault/partial/NAME and its facts, as a restore has them.
  InspectedPackage Downloaded(const std::string& package, const std::string& name, bool may_move) {
    const std::string path = dir_ + "/.appvault/partial/" + name;
    fs::create_directories(fs::path(path).parent_path());
    fs::copy_file(package, path, fs::copy_options::overwrite_existing);
    Result<pkg::PackageFacts> facts = pkg::InspectPackage(path);
    EXPECT_TRUE(facts.ok()) << facts.status().ToString();
    return InspectedPackage{path, facts.ok() ? *facts : pkg::PackageFacts{}, may_move};
  }

  Snapshot Apps() const { return AppsOf(dir_); }

  // InstallInspected refused with code, the message holding `reason`; apps and data unchanged.
  void Refused(const InspectedPackage& package, StatusCode code, const std::string& reason) {
    const Snapshot before = Apps();
    Result<InstallResult> result = device_->InstallInspected(package);
    ASSERT_FALSE(result.ok()) << package.path;
    EXPECT_EQ(result.status().code(), code) << result.status().ToString();
    EXPECT_NE(result.status().message().find(reason), std::string::npos)
        << result.status().message();
    EXPECT_EQ(Apps(), before) << "a refused install changed the device";
    EXPECT_TRUE(fs::is_empty(dir_ + "/.appvault/tmp"));
  }

  TempDir tmp_;
  std::string dir_;
  std::unique_ptr<FolderDevice> device_;
};

TEST_F(InstallInspectedTest, MovesTheFileInAndInstallsAsInstallDoes) {
  const InspectedPackage package = Downloaded(FixturePath("v123_rsa.apk"), "full", true);
  Result<InstallResult> result = device_->InstallInspected(package);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->kind, InstallKind::kInstalled);
  EXPECT_EQ(result->config, ConfigSource::kPackage);
  EXPECT_FALSE(fs::exists(package.path)) << "moved, not copied";
  EXPECT_EQ(ReadFile(dir_ + "/apps/org.appvault.full/package.apk"),
            ReadFile(FixturePath("v123_rsa.apk")));
  EXPECT_EQ(ReadTree(dir_ + "/data/org.appvault.full/config").size(), 2u);
  EXPECT_TRUE(fs::is_empty(dir_ + "/.appvault/tmp"));

  // The same device state as Install of the same file.
  TempDir other;
  std::unique_ptr<FolderDevice> twin = MakeDevice(other.Join("device"), Android(30));
  ASSERT_NE(twin, nullptr);
  ASSERT_TRUE(twin->Install(FixturePath("v123_rsa.apk")).ok());
  EXPECT_EQ(Apps(), AppsOf(other.Join("device")));
}

TEST_F(InstallInspectedTest, CopiesAFileAnotherItemStillNeeds) {
  const InspectedPackage package = Downloaded(FixturePath("v2_rsa.apk"), "shared", false);
  Result<InstallResult> result = device_->InstallInspected(package);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(ReadFile(package.path), ReadFile(FixturePath("v2_rsa.apk")));
  EXPECT_EQ(ReadFile(dir_ + "/apps/org.appvault.v2rsa/package.apk"), ReadFile(package.path));
}

TEST_F(InstallInspectedTest, TheInstallRulesHoldOnTheFacts) {
  ASSERT_TRUE(device_->Install(UpdateApkPath("v2rsa_v4_rsa.apk")).ok());
  Refused(Downloaded(FixturePath("v2_rsa.apk"), "older", true), StatusCode::kConflict,
          "never downgraded");
  Refused(Downloaded(UpdateApkPath("v2rsa_v4_rsa2.apk"), "other-signer", true),
          StatusCode::kSignerMismatch, "installed signed by certificate");
  Refused(Downloaded(UpdateApkPath("v2rsa_v4_rsa.apk"), "same", false), StatusCode::kConflict,
          "already installed");
  std::unique_ptr<FolderDevice> old = MakeDevice(tmp_.Join("old"), Android(24));
  ASSERT_NE(old, nullptr);
  device_ = std::move(old);
  dir_ = tmp_.Join("old");
  Refused(Downloaded(FixturePath("v123_ec.apk"), "new-os", true), StatusCode::kConflict,
          "needs android API 26 or newer");
}

TEST_F(InstallInspectedTest, AFileOutsideTheStateFolderIsInspectedAgain) {
  // Facts that lie about the file: outside the state folder they are not trusted.
  InspectedPackage lie = Downloaded(FixturePath("v2_rsa.apk"), "v2", true);
  lie.path = FixturePath("v123_rsa.apk");
  Result<InstallResult> result = device_->InstallInspected(lie);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->facts.app.str(), "org.appvault.full");
  EXPECT_TRUE(fs::exists(FixturePath("v123_rsa.apk"))) << "a file outside is never moved";
  EXPECT_FALSE(fs::exists(dir_ + "/apps/org.appvault.v2rsa"));

  // A path that only looks inside.
  const std::string outside = tmp_.Join("outside.apk");
  fs::copy_file(FixturePath("unsigned.apk"), outside);
  lie.path = dir_ + "/.appvault/../../outside.apk";
  Refused(lie, StatusCode::kUnsigned, "");
}

TEST_F(InstallInspectedTest, AFileThatChangedSinceItWasInspectedIsRefused) {
  InspectedPackage package = Downloaded(FixturePath("v2_rsa.apk"), "v2", true);
  WriteFile(package.path, ReadFile(package.path) + "appended");
  Refused(package, StatusCode::kDataLoss, "changed after it was inspected");
  EXPECT_FALSE(fs::exists(dir_ + "/apps/org.appvault.v2rsa"));
}

}  // namespace
}  // namespace appvault::client::test
