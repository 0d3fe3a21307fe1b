// FolderDevice::Install: the install rules of CONTRACT §3 on real, signed packages. Every
// refusal leaves the device folder byte for byte as it was.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "client/client_test_util.h"
#include "client/folder_device.h"

namespace appvault::client::test {
namespace {

namespace fs = std::filesystem;

class InstallTest : public ::testing::Test {
 protected:
  // A new device (in a new folder) becomes the device under test.
  void NewDevice(const DeviceProfile& profile, FolderDeviceOptions options = FixedOptions()) {
    dir_ = tmp_.Join("device" + std::to_string(++devices_));
    device_ = MakeDevice(dir_, profile, std::move(options));
    ASSERT_NE(device_, nullptr);
  }
  const std::string& dir() const { return dir_; }

  void Installs(const std::string& package) {
    Result<InstallResult> result = device_->Install(package);
    ASSERT_TRUE(result.ok()) << package << ": " << result.status().ToString();
  }

  // Install refused with code, the message holding `reason`; nothing changed.
  void Refused(const std::string& package, StatusCode code, const std::string& reason) {
    Snapshot before = TakeSnapshot(dir());
    Result<InstallResult> result = device_->Install(package);
    ASSERT_FALSE(result.ok()) << package;
    EXPECT_EQ(result.status().code(), code) << result.status().ToString();
    EXPECT_NE(result.status().message().find(reason), std::string::npos)
        << result.status().message();
    EXPECT_EQ(TakeSnapshot(dir()), before) << "a refused install changed the device";
  }

  TempDir tmp_;
  int devices_ = 0;
  std::string dir_;
  std::unique_ptr<FolderDevice> device_;
};

TEST_F(InstallTest, InstallsThePackageItsRecordAndItsGeneratedConfig) {
  NewDevice(Android(30));
  Result<InstallResult> result = device_->Install(FixturePath("v123_rsa.apk"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->kind, InstallKind::kInstalled);
  EXPECT_EQ(result->config, ConfigSource::kPackage);
  const std::string app = dir() + "/apps/org.appvault.full";
  EXPECT_EQ(ReadFile(app + "/package.apk"), ReadFile(FixturePath("v123_rsa.apk")));
  nlohmann::json record = nlohmann::json::parse(ReadFile(app + "/install.json"));
  EXPECT_EQ(record["app"], "org.appvault.full");
  EXPECT_EQ(record["version_code"], "5");
  EXPECT_EQ(record["version_name"], "1.5");
  EXPECT_EQ(record["signer_sha256"], result->facts.signer_sha256->Hex());
  EXPECT_EQ(record["package_sha256"], result->facts.sha256.Hex());
  EXPECT_EQ(record["installed_at"], "2024-05-01T12:00:00Z");
  std::map<std::string, std::string> config = {
      {"settings.json", "{\"app\":\"org.appvault.full\",\"theme\":\"dark\"}\n"},
      {"profiles/default.txt", "default profile\n"}};
  EXPECT_EQ(ReadTree(dir() + "/data/org.appvault.full/config"), config);
  EXPECT_TRUE(fs::is_empty(dir() + "/.appvault/tmp"));
}

TEST_F(InstallTest, APackageWithoutConfigGetsInstalledJson) {
  NewDevice(Android(30));
  Result<InstallResult> result = device_->Install(FixturePath("v2_rsa.apk"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->config, ConfigSource::kInstalledJson);
  std::map<std::string, std::string> config = ReadTree(dir() + "/data/org.appvault.v2rsa/config");
  ASSERT_EQ(config.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(config["installed.json"]),
            nlohmann::json::parse(
                R"({"app":"org.appvault.v2rsa","version_code":"3","version_name":"1.3"})"));
}

TEST_F(InstallTest, RefusesAPackageThatNeedsANewerOs) {
  NewDevice(Android(24));
  Refused(FixturePath("v123_ec.apk"), StatusCode::kConflict, "needs android API 26 or newer");
  Refused(FixturePath("v123_ec.apk"), StatusCode::kConflict, "android API 24");
}

TEST_F(InstallTest, RefusesAPackageWhoseMaximumOsIsOlder) {
  NewDevice(Android(34));
  Refused(FixturePath("v123_ec.apk"), StatusCode::kConflict, "supports android API 33 at most");
}

TEST_F(InstallTest, RefusesNativeCodeWithoutTheDevicesAbi) {
  NewDevice(Android(30, {"x86_64"}));
  Refused(FixturePath("v2_rsa.apk"), StatusCode::kConflict, "native code only for arm64-v8a");
  NewDevice(Android(30, {"arm64-v8a"}));
  Refused(FixturePath("v1_ec.apk"), StatusCode::kConflict, "native code only for x86_64");
}

TEST_F(InstallTest, NativeCodeForOneOfTheDevicesAbisOrNoneFits) {
  NewDevice(Android(30, {"x86_64"}));
  Installs(FixturePath("v123_rsa.apk"));  // arm64-v8a, armeabi-v7a, x86_64
  Installs(FixturePath("v123_ec.apk"));   // no native code
}

TEST_F(InstallTest, RefusesAPackageForAnotherPlatform) {
  NewDevice(Ios("16.4"));
  Refused(FixturePath("v2_rsa.apk"), StatusCode::kConflict, "is a package for android");
}

TEST_F(InstallTest, RefusalsOfThePackageKeepTheirCode) {
  NewDevice(Android(30));
  Installs(FixturePath("v2_ec.apk"));
  Refused(FixturePath("bad_entry_v2.apk"), StatusCode::kBadSignature, "digest");
  Refused(FixturePath("wrong_key_v2.apk"), StatusCode::kBadSignature, "");
  Refused(FixturePath("unsigned.apk"), StatusCode::kUnsigned, "");
  Refused(FixturePath("not_zip.apk"), StatusCode::kInvalidPackage, "");
  Refused(FixturePath("truncated.apk"), StatusCode::kInvalidPackage, "");
  Refused(FixturePath("zip_slip.apk"), StatusCode::kInvalidPackage, "..");
  Refused(tmp_.Join("missing.apk"), StatusCode::kNotFound, "missing.apk");
}

TEST_F(InstallTest, UpdatesWithTheSameSignerAndAHigherVersionKeepingTheData) {
  NewDevice(Android(30));
  Installs(FixturePath("v2_rsa.apk"));
  const std::string config = dir() + "/data/org.appvault.v2rsa/config";
  WriteFile(config + "/bookmarks.txt", "the user's own");
  Result<InstallResult> update = device_->Install(UpdateApkPath("v2rsa_v4_rsa.apk"));
  ASSERT_TRUE(update.ok()) << update.status().ToString();
  EXPECT_EQ(update->kind, InstallKind::kUpdated);
  EXPECT_EQ(update->replaced_version, "3");
  EXPECT_EQ(update->config, ConfigSource::kKept);
  EXPECT_EQ(ReadFile(dir() + "/apps/org.appvault.v2rsa/package.apk"),
            ReadFile(UpdateApkPath("v2rsa_v4_rsa.apk")));
  EXPECT_EQ(ReadFile(config + "/bookmarks.txt"), "the user's own");
  Result<std::vector<InstalledApp>> apps = device_->InstalledApps();
  ASSERT_TRUE(apps.ok() && apps->size() == 1u);
  EXPECT_TRUE((*apps)[0].healthy()) << (*apps)[0].problem;
  EXPECT_EQ((*apps)[0].package->version.text(), "4");
}

TEST_F(InstallTest, RefusesAnUpdateByAnotherSigner) {
  NewDevice(Android(30));
  Installs(FixturePath("v2_rsa.apk"));
  Refused(UpdateApkPath("v2rsa_v4_rsa2.apk"), StatusCode::kSignerMismatch,
          "org.appvault.v2rsa is installed signed by certificate");
}

TEST_F(InstallTest, NeverDowngrades) {
  NewDevice(Android(30));
  Installs(UpdateApkPath("v2rsa_v4_rsa.apk"));
  Refused(FixturePath("v2_rsa.apk"), StatusCode::kConflict, "never downgraded");
}

TEST_F(InstallTest, RefusesTheSameVersionAsAlreadyInstalled) {
  NewDevice(Android(30));
  Installs(FixturePath("v1_rsa_sha1.apk"));
  Refused(FixturePath("v1_rsa_sha1.apk"), StatusCode::kConflict, "already installed");
  // Other bytes (a per-section v1 signature), same app, version and signer: still refused.
  Refused(FixturePath("v1_per_section.apk"), StatusCode::kConflict, "already installed");
}

TEST_F(InstallTest, TheSameVersionRepairsADamagedInstall) {
  NewDevice(Android(30));
  Installs(FixturePath("v2_rsa.apk"));
  const std::string config = dir() + "/data/org.appvault.v2rsa/config";
  WriteFile(config + "/bookmarks.txt", "kept");
  FlipEntryByte(dir() + "/apps/org.appvault.v2rsa/package.apk", "assets/blob.bin");
  Result<InstallResult> repair = device_->Install(FixturePath("v2_rsa.apk"));
  ASSERT_TRUE(repair.ok()) << repair.status().ToString();
  EXPECT_EQ(repair->kind, InstallKind::kRepaired);
  EXPECT_EQ(ReadFile(config + "/bookmarks.txt"), "kept");
  Result<std::vector<InstalledApp>> apps = device_->InstalledApps();
  ASSERT_TRUE(apps.ok() && apps->size() == 1u);
  EXPECT_TRUE((*apps)[0].healthy()) << (*apps)[0].problem;
}

TEST_F(InstallTest, RefusesGeneratedConfigOverTheLimits) {
  FolderDeviceOptions options = FixedOptions();
  options.config_limits.max_file_size = 20;  // settings.json has 43 bytes
  NewDevice(Android(30), options);
  Refused(FixturePath("v123_rsa.apk"), StatusCode::kInvalidPackage, "settings.json");
  options.config_limits = ConfigLimits{};
  options.config_limits.max_entries = 2;  // settings.json, profiles/, profiles/default.txt
  NewDevice(Android(30), options);
  Refused(FixturePath("v123_rsa.apk"), StatusCode::kInvalidPackage, "generated configuration");
}

// An IPA made here with plistutil and zip: Payload/Notes.app with Info.plist and, when
// with_config, appvault/config/ files.
std::string MakeIpa(const TempDir& tmp, const std::string& min_os, bool with_config) {
  const std::string root = tmp.Join("ipa-" + min_os);
  const std::string app = root + "/Payload/Notes.app";
  WriteFile(root + "/Info.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>CFBundleIdentifier</key><string>org.appvault.notes</string>
<key>CFBundleVersion</key><string>2.10.1</string>
<key>CFBundleShortVersionString</key><string>2.10</string>
<key>MinimumOSVersion</key><string>)" +
                                    min_os + R"(</string>
</dict></plist>)");
  WriteFile(app + "/Notes", "binary");
  if (with_config) {
    WriteFile(app + "/appvault/config/prefs.json", "{\"font\":14}\n");
    WriteFile(app + "/appvault/config/themes/night.css", "body{}\n");
  }
  std::string output;
  EXPECT_EQ(RunShell("plistutil -i " + ShellQuote(root + "/Info.xml") + " -o " +
                         ShellQuote(app + "/Info.plist") + " -f bin && cd " + ShellQuote(root) +
                         " && zip -qr notes.ipa Payload",
                     &output),
            0)
      << output;
  return root + "/notes.ipa";
}

TEST_F(InstallTest, InstallsAnIpaWithTheConfigOfItsAppBundle) {
  NewDevice(Ios("16.4"));
  Result<InstallResult> result = device_->Install(MakeIpa(tmp_, "15.0", true));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->config, ConfigSource::kPackage);
  EXPECT_TRUE(fs::is_regular_file(dir() + "/apps/org.appvault.notes/package.ipa"));
  std::map<std::string, std::string> config = {{"prefs.json", "{\"font\":14}\n"},
                                               {"themes/night.css", "body{}\n"}};
  EXPECT_EQ(ReadTree(dir() + "/data/org.appvault.notes/config"), config);
  Result<std::vector<InstalledApp>> apps = device_->InstalledApps();
  ASSERT_TRUE(apps.ok() && apps->size() == 1u);
  EXPECT_TRUE((*apps)[0].healthy()) << (*apps)[0].problem;
  EXPECT_EQ((*apps)[0].package->version.text(), "2.10.1");
}

TEST_F(InstallTest, RefusesAnIpaNeedingANewerIos) {
  NewDevice(Ios("16.4"));
  Refused(MakeIpa(tmp_, "17.0", false), StatusCode::kConflict, "needs ios 17.0 or newer");
  Refused(MakeIpa(tmp_, "17.0", false), StatusCode::kConflict, "ios 16.4 (arm64)");
}

}  // namespace
}  // namespace appvault::client::test
