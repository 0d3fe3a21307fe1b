// FolderDevice::InstallSet: app sets (CONTRACT §7) on real split APKs made by
// tests/fixtures/make_splits.sh with aapt and apksigner — the base and its splits installed
// together, recorded, read back and checked; every defective set refused with the device
// left byte for byte as it was.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "client/client_test_util.h"
#include "client/folder_device.h"
#include "pkg/apk_set_archive.h"

namespace appvault::client::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kApp = "org.appvault.splitdemo";

std::vector<std::string> Paths(const std::vector<std::string>& files) {
  std::vector<std::string> paths;
  for (const std::string& file : files)
    paths.push_back(SplitFixturePath(file));
  return paths;
}

class SetInstallTest : public ::testing::Test {
 protected:
  void NewDevice(const DeviceProfile& profile) {
    dir_ = tmp_.Join("device" + std::to_string(++devices_));
    device_ = MakeDevice(dir_, profile);
    ASSERT_NE(device_, nullptr);
  }
  std::string AppDir() const { return dir_ + "/apps/" + kApp; }

  // InstallSet refused with code, the message holding reason; nothing changed.
  void Refused(const std::vector<std::string>& files, StatusCode code, const std::string& reason) {
    Snapshot before = TakeSnapshot(dir_);
    Result<InstallResult> result = device_->InstallSet(Paths(files));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), code) << result.status().ToString();
    EXPECT_NE(result.status().message().find(reason), std::string::npos)
        << result.status().message();
    EXPECT_EQ(TakeSnapshot(dir_), before) << "a refused set changed the device";
  }

  InstalledApp OnlyApp() {
    Result<std::vector<InstalledApp>> apps = device_->InstalledApps();
    EXPECT_TRUE(apps.ok() && apps->size() == 1u);
    return apps.ok() && apps->size() == 1u ? (*apps)[0] : InstalledApp{};
  }

  TempDir tmp_;
  int devices_ = 0;
  std::string dir_;
  std::unique_ptr<FolderDevice> device_;
};

TEST_F(SetInstallTest, TheBaseAndItsSplitsAreInstalledAndRecordedTogether) {
  NewDevice(Android(30));
  // Any order: members are recognised by their manifests.
  Result<InstallResult> result =
      device_->InstallSet(Paths({"abi_arm64.apk", "base_fr.apk", "base.apk", "base_xxhdpi.apk"}));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->kind, InstallKind::kInstalled);
  EXPECT_EQ(result->facts.app.str(), kApp);
  EXPECT_EQ(result->facts.split, "");
  EXPECT_EQ(result->splits,
            (std::vector<std::string>{"config.arm64_v8a", "config.fr", "config.xxhdpi_v4"}));

  EXPECT_EQ(ReadFile(AppDir() + "/package.apk"), ReadFile(SplitFixturePath("base.apk")));
  EXPECT_EQ(ReadFile(AppDir() + "/split_config.fr.apk"), ReadFile(SplitFixturePath("base_fr.apk")));
  EXPECT_EQ(ReadFile(AppDir() + "/split_config.arm64_v8a.apk"),
            ReadFile(SplitFixturePath("abi_arm64.apk")));
  EXPECT_EQ(ReadFile(AppDir() + "/split_config.xxhdpi_v4.apk"),
            ReadFile(SplitFixturePath("base_xxhdpi.apk")));
  nlohmann::json record = nlohmann::json::parse(ReadFile(AppDir() + "/install.json"));
  ASSERT_EQ(record["splits"].size(), 3u) << record;
  EXPECT_EQ(record["splits"][1]["name"], "config.fr");
  EXPECT_EQ(record["splits"][1]["sha256"],
            pkg::InspectPackage(SplitFixturePath("base_fr.apk"))->sha256.Hex());

  InstalledApp app = OnlyApp();
  EXPECT_TRUE(app.healthy()) << app.problem;
  ASSERT_EQ(app.splits.size(), 3u);
  EXPECT_EQ(app.splits[0].split, "config.arm64_v8a");
  EXPECT_EQ(app.record->splits.size(), 3u);
}

TEST_F(SetInstallTest, TheSameVersionAgainIsAlreadyInstalled) {
  NewDevice(Android(30));
  ASSERT_TRUE(device_->InstallSet(Paths({"base.apk", "base_de.apk"})).ok());
  Refused({"base.apk", "base_fr.apk"}, StatusCode::kConflict, "is already installed");
  Refused({"single.apk"}, StatusCode::kConflict, "is already installed");
}

TEST_F(SetInstallTest, ADefectiveSetIsRefusedWhole) {
  NewDevice(Android(30));
  Refused({"base.apk", "bad_other_signer.apk"}, StatusCode::kSignerMismatch, "another certificate");
  Refused({"base.apk", "bad_other_version.apk"}, StatusCode::kInvalidPackage, "versionCode 4");
  Refused({"base.apk", "bad_other_package.apk"}, StatusCode::kInvalidPackage, "is of package");
  Refused({"base.apk", "orphan_config.apk"}, StatusCode::kInvalidPackage, "feature_missing");
  Refused({"base.apk", "single.apk"}, StatusCode::kInvalidPackage, "two base APKs");
  Refused({"base.apk", "base_fr.apk", "base_fr.apk"}, StatusCode::kInvalidPackage,
          "config.fr twice");
  Refused({"feature_abi.apk", "base.apk"}, StatusCode::kInvalidPackage, "feature_camera");
  EXPECT_FALSE(fs::exists(AppDir()));
}

TEST_F(SetInstallTest, ASplitAloneIsNoApp) {
  NewDevice(Android(30));
  Snapshot before = TakeSnapshot(dir_);
  Result<InstallResult> result = device_->Install(SplitFixturePath("base_fr.apk"));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("no base APK"), std::string::npos)
      << result.status().message();
  EXPECT_EQ(TakeSnapshot(dir_), before);
}

TEST_F(SetInstallTest, TheSetsNativeCodeMustFitTheDevice) {
  NewDevice(Android(30, {"x86_64"}));
  Refused({"base.apk", "abi_arm64.apk"}, StatusCode::kConflict, "does not fit this device");
  Result<InstallResult> result =
      device_->InstallSet(Paths({"base.apk", "abi_arm64.apk", "abi_x86_64.apk"}));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
}

TEST_F(SetInstallTest, AMissingOrSwappedSplitMakesTheAppDamaged) {
  NewDevice(Android(30));
  ASSERT_TRUE(device_->InstallSet(Paths({"base.apk", "base_fr.apk", "base_de.apk"})).ok());
  fs::remove(AppDir() + "/split_config.de.apk");
  EXPECT_NE(OnlyApp().problem.find("install.json records other split APKs"), std::string::npos)
      << OnlyApp().problem;
  fs::copy_file(SplitFixturePath("base_fr.apk"), AppDir() + "/split_config.de.apk");
  EXPECT_NE(OnlyApp().problem.find("split_config.de.apk is not that split"), std::string::npos)
      << OnlyApp().problem;
}

TEST_F(SetInstallTest, AnApksArchiveUnpacksToItsMembers) {
  NewDevice(Android(30));
  const std::string dir = tmp_.Join("unpacked");
  fs::create_directories(dir);
  Result<std::vector<pkg::UnpackedMember>> members =
      pkg::UnpackApksArchive(SplitFixturePath("set.apks"), dir, 200);
  ASSERT_TRUE(members.ok()) << members.status().ToString();
  std::vector<std::string> paths;
  for (const pkg::UnpackedMember& member : *members)
    paths.push_back(member.path);
  Result<InstallResult> result = device_->InstallSet(paths);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_GE(result->splits.size(), 4u);
}

}  // namespace
}  // namespace appvault::client::test
