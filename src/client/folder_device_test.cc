// FolderDevice: creating and opening a device folder, and the installed apps as read from
// their packages (CONTRACT §3).
#include "client/folder_device.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "client/client_test_util.h"

namespace appvault::client::test {
namespace {

namespace fs = std::filesystem;

TEST(FolderDeviceTest, InitWritesTheLayoutAndOpenReadsItBack) {
  TempDir tmp;
  const std::string dir = tmp.Join("device");
  ASSERT_NE(MakeDevice(dir, Android(30)), nullptr);
  for (const char* folder : {"apps", "data", ".appvault", ".appvault/tmp"}) {
    EXPECT_TRUE(fs::is_directory(dir + "/" + folder)) << folder;
  }
  nlohmann::json device = nlohmann::json::parse(ReadFile(dir + "/device.json"));
  EXPECT_EQ(device, nlohmann::json::parse(R"({"name":"test device","platform":"android",
      "os_version":"30","abis":["arm64-v8a","armeabi-v7a"],"density":420,"locales":["en-US"]})"));
  // A device.json written before density and locales reads as 420 dpi, en-US.
  {
    std::ofstream old(dir + "/device.json", std::ios::trunc);
    old << R"({"name":"test device","platform":"android","os_version":"30","abis":["x86"]})";
  }
  Result<std::unique_ptr<FolderDevice>> older = FolderDevice::Open(dir);
  ASSERT_TRUE(older.ok()) << older.status().ToString();
  EXPECT_EQ((*older)->Profile().density, 420);
  EXPECT_EQ((*older)->Profile().locales, std::vector<std::string>{"en-US"});
  {
    std::ofstream bad(dir + "/device.json", std::ios::trunc);
    bad << R"({"name":"test device","platform":"android","os_version":"30","abis":["x86"],)"
        << R"("density":0})";
  }
  EXPECT_NE(FolderDevice::Open(dir).status().message().find("density: 0 dpi"), std::string::npos);
  {
    std::ofstream again(dir + "/device.json", std::ios::trunc);
    again << R"({"name":"test device","platform":"android","os_version":"30",)"
          << R"("abis":["arm64-v8a","armeabi-v7a"]})";
  }
  Result<std::unique_ptr<FolderDevice>> opened = FolderDevice::Open(dir);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ((*opened)->Name(), "test device");
  EXPECT_EQ((*opened)->Profile().Describe(), "android API 30 (arm64-v8a, armeabi-v7a)");
  EXPECT_EQ((*opened)->StateDirectory(), dir + "/.appvault");
  Result<std::vector<InstalledApp>> apps = (*opened)->InstalledApps();
  ASSERT_TRUE(apps.ok());
  EXPECT_TRUE(apps->empty());
}

TEST(FolderDeviceTest, InitRefusesAnExistingDeviceOrAFolderWithFiles) {
  TempDir tmp;
  ASSERT_NE(MakeDevice(tmp.Join("device"), Android(30)), nullptr);
  Snapshot before = TakeSnapshot(tmp.Join("device"));
  Result<std::unique_ptr<FolderDevice>> again =
      FolderDevice::Init(tmp.Join("device"), "other", Ios("16.4"));
  EXPECT_EQ(again.status().code(), StatusCode::kConflict);
  EXPECT_EQ(TakeSnapshot(tmp.Join("device")), before);

  WriteFile(tmp.Join("photos/holiday.jpg"), "jpeg");
  Result<std::unique_ptr<FolderDevice>> over_files =
      FolderDevice::Init(tmp.Join("photos"), "phone", Android(30));
  EXPECT_EQ(over_files.status().code(), StatusCode::kConflict);
  EXPECT_NE(over_files.status().message().find("not empty"), std::string::npos);
  EXPECT_FALSE(fs::exists(tmp.Join("photos/device.json")));
}

TEST(FolderDeviceTest, InitAcceptsAFolderOfEmptyFolders) {
  TempDir tmp;
  fs::create_directories(tmp.Join("device/apps"));
  EXPECT_NE(MakeDevice(tmp.Join("device"), Ios("16.4")), nullptr);
}

TEST(FolderDeviceTest, InitRefusesAnInvalidProfileOrNameAndCreatesNothing) {
  TempDir tmp;
  const std::string dir = tmp.Join("device");
  EXPECT_EQ(FolderDevice::Init(dir, "phone", Android(30, {})).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(FolderDevice::Init(dir, "phone", Android(30, {"ARM!"})).status().code(),
            StatusCode::kInvalidArgument);
  DeviceProfile mixed = Android(30);
  mixed.os_version = *Version::Parse(Platform::kIos, "16.4");
  EXPECT_EQ(FolderDevice::Init(dir, "phone", mixed).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FolderDevice::Init(dir, "", Android(30)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FolderDevice::Init(dir, "line\nbreak", Android(30)).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(fs::exists(dir));
}

TEST(FolderDeviceTest, OpenWithoutADeviceIsNotFound) {
  TempDir tmp;
  Result<std::unique_ptr<FolderDevice>> device = FolderDevice::Open(tmp.Join("nothing"));
  EXPECT_EQ(device.status().code(), StatusCode::kNotFound);
  EXPECT_NE(device.status().message().find("no device"), std::string::npos);
}

TEST(FolderDeviceTest, OpenRefusesAnInvalidDeviceJson) {
  TempDir tmp;
  for (const char* text :
       {"not json", R"({"name":"x","platform":"windows","os_version":"1","abis":["x86"]})",
        R"({"name":"x","platform":"ios","os_version":"sixteen","abis":["arm64"]})",
        R"({"name":"x","platform":"android","os_version":"30","abis":[]})",
        R"({"platform":"android","os_version":"30","abis":["x86"]})"}) {
    WriteFile(tmp.Join("device/device.json"), text);
    Result<std::unique_ptr<FolderDevice>> device = FolderDevice::Open(tmp.Join("device"));
    EXPECT_EQ(device.status().code(), StatusCode::kInvalidArgument) << text;
  }
}

TEST(InstalledAppsTest, FactsComeFromTheInstalledPackage) {
  TempDir tmp;
  std::unique_ptr<FolderDevice> device = MakeDevice(tmp.Join("device"), Android(30));
  ASSERT_TRUE(device->Install(FixturePath("v2_rsa.apk")).ok());
  ASSERT_TRUE(device->Install(FixturePath("v123_rsa.apk")).ok());
  Result<std::vector<InstalledApp>> apps = device->InstalledApps();
  ASSERT_TRUE(apps.ok());
  ASSERT_EQ(apps->size(), 2u);
  const InstalledApp& full = (*apps)[0];
  EXPECT_EQ(full.app.str(), "org.appvault.full");
  EXPECT_TRUE(full.healthy()) << full.problem;
  ASSERT_TRUE(full.package.has_value());
  EXPECT_EQ(full.package->version.text(), "5");
  EXPECT_EQ(full.package->version_name, "1.5");
  EXPECT_EQ(
      full.package->signer_sha256->Hex(),
      pkg::test_fixtures::Apksigner(pkg::test_fixtures::Fixture("v123_rsa.apk")).signer_sha256);
  ASSERT_TRUE(full.record.has_value());
  EXPECT_EQ(full.record->installed_at, "2024-05-01T12:00:00Z");
  EXPECT_EQ(full.record->package_sha256, full.package->sha256.Hex());
  EXPECT_EQ((*apps)[1].app.str(), "org.appvault.v2rsa");
}

// The app's entry after a change to its folder.
InstalledApp AfterTampering(const std::function<void(const std::string& app_dir)>& tamper) {
  TempDir tmp;
  std::unique_ptr<FolderDevice> device = MakeDevice(tmp.Join("device"), Android(30));
  EXPECT_TRUE(device->Install(FixturePath("v2_rsa.apk")).ok());
  tamper(tmp.Join("device/apps/org.appvault.v2rsa"));
  Result<std::vector<InstalledApp>> apps = device->InstalledApps();
  EXPECT_TRUE(apps.ok() && apps->size() == 1u);
  return apps.ok() && !apps->empty() ? (*apps)[0] : InstalledApp{};
}

TEST(InstalledAppsTest, ReportsATamperedPackage) {
  InstalledApp app = AfterTampering(
      [](const std::string& dir) { FlipEntryByte(dir + "/package.apk", "assets/blob.bin"); });
  EXPECT_FALSE(app.healthy());
  EXPECT_FALSE(app.package.has_value());
  EXPECT_NE(app.problem.find("no longer verifies"), std::string::npos) << app.problem;
  ASSERT_TRUE(app.record.has_value());
  EXPECT_EQ(app.record->version_code, "3");
}

TEST(InstalledAppsTest, ReportsAnInstallJsonThatDisagrees) {
  InstalledApp app = AfterTampering([](const std::string& dir) {
    nlohmann::json record = nlohmann::json::parse(ReadFile(dir + "/install.json"));
    record["version_code"] = "99";
    WriteFile(dir + "/install.json", record.dump());
  });
  EXPECT_FALSE(app.healthy());
  ASSERT_TRUE(app.package.has_value());
  EXPECT_EQ(app.package->version.text(), "3");  // the package's word, not the record's
  EXPECT_NE(app.problem.find("version_code \"99\" vs \"3\""), std::string::npos) << app.problem;
}

TEST(InstalledAppsTest, ReportsAMissingPackageOrRecord) {
  InstalledApp no_package =
      AfterTampering([](const std::string& dir) { fs::remove(dir + "/package.apk"); });
  EXPECT_NE(no_package.problem.find("package is missing"), std::string::npos);
  InstalledApp no_record =
      AfterTampering([](const std::string& dir) { fs::remove(dir + "/install.json"); });
  EXPECT_NE(no_record.problem.find("install.json"), std::string::npos);
  EXPECT_TRUE(no_record.package.has_value());
}

TEST(InstalledAppsTest, ReportsAPackageOfAnotherApp) {
  InstalledApp app = AfterTampering([](const std::string& dir) {
    fs::copy_file(FixturePath("v2_ec.apk"), dir + "/package.apk",
                  fs::copy_options::overwrite_existing);
  });
  EXPECT_NE(app.problem.find("the installed package is org.appvault.v2ec"), std::string::npos)
      << app.problem;
}

}  // namespace
}  // namespace appvault::client::test
