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
    return InspectedPackage{path, facts.ok() ? *facts : pkg::PackageFacts{}, may_move, ""};
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

// Several packages installed together: each is decided on its own — one refused leaves the
// others installed — and each result is in the order of the packages.
TEST_F(InstallInspectedTest, InstallsSeveralTogetherAndRefusesOnlyTheBadOne) {
  ASSERT_TRUE(device_->Install(UpdateApkPath("v2rsa_v4_rsa.apk")).ok());
  const std::vector<InspectedPackage> packages = {
      Downloaded(FixturePath("v123_rsa.apk"), "full", true),
      Downloaded(FixturePath("v2_rsa.apk"), "older", true),  // a downgrade
      Downloaded(FixturePath("v2_ec.apk"), "ec", true)};
  std::vector<Result<InstallResult>> results = device_->InstallInspectedAll(packages);
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0].ok()) << results[0].status().ToString();
  EXPECT_EQ(results[0]->facts.app.str(), "org.appvault.full");
  ASSERT_FALSE(results[1].ok());
  EXPECT_EQ(results[1].status().code(), StatusCode::kConflict);
  EXPECT_NE(results[1].status().message().find("never downgraded"), std::string::npos)
      << results[1].status().message();
  ASSERT_TRUE(results[2].ok()) << results[2].status().ToString();
  EXPECT_EQ(results[2]->facts.app.str(), "org.appvault.v2ec");

  Result<std::vector<InstalledApp>> apps = device_->InstalledApps();
  ASSERT_TRUE(apps.ok());
  ASSERT_EQ(apps->size(), 3u);
  for (const InstalledApp& app : *apps) {
    EXPECT_TRUE(app.healthy()) << app.app.str() << ": " << app.problem;
    if (app.app.str() == "org.appvault.v2rsa") {
      EXPECT_EQ(app.package->version.text(), "4");
    }
  }
  EXPECT_EQ(ReadFile(dir_ + "/apps/org.appvault.v2ec/package.apk"),
            ReadFile(FixturePath("v2_ec.apk")));
  EXPECT_TRUE(fs::is_empty(dir_ + "/.appvault/tmp"));
}

// The same app twice in one call: the second package is decided over the first's install,
// as if installed one after the other.
TEST_F(InstallInspectedTest, TheSameAppTwiceIsInstalledInTurn) {
  std::vector<Result<InstallResult>> results = device_->InstallInspectedAll(
      {Downloaded(FixturePath("v2_rsa.apk"), "v2", true),
       Downloaded(UpdateApkPath("v2rsa_v4_rsa.apk"), "v4", true),
       Downloaded(UpdateApkPath("v2rsa_v4_rsa.apk"), "v4-again", false)});
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0].ok()) << results[0].status().ToString();
  EXPECT_EQ(results[0]->kind, InstallKind::kInstalled);
  ASSERT_TRUE(results[1].ok()) << results[1].status().ToString();
  EXPECT_EQ(results[1]->kind, InstallKind::kUpdated);
  ASSERT_FALSE(results[2].ok());
  EXPECT_NE(results[2].status().message().find("already installed"), std::string::npos)
      << results[2].status().message();
  EXPECT_EQ(ReadFile(dir_ + "/apps/org.appvault.v2rsa/package.apk"),
            ReadFile(UpdateApkPath("v2rsa_v4_rsa.apk")));
}

// A package refused after its folders were staged (its generated configuration over the
// limits) leaves nothing of itself in the shared transaction; the others are installed.
TEST_F(InstallInspectedTest, APackageRefusedWhileStagedLeavesTheOthersWhole) {
  FolderDeviceOptions options = FixedOptions();
  options.config_limits.max_file_size = 20;  // v123_rsa's settings.json has 43 bytes
  dir_ = tmp_.Join("limited");
  device_ = MakeDevice(dir_, Android(30), options);
  ASSERT_NE(device_, nullptr);
  std::vector<Result<InstallResult>> results =
      device_->InstallInspectedAll({Downloaded(FixturePath("v2_ec.apk"), "ec", true),
                                    Downloaded(FixturePath("v123_rsa.apk"), "full", true),
                                    Downloaded(FixturePath("v2_rsa.apk"), "rsa", true)});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok()) << results[0].status().ToString();
  ASSERT_FALSE(results[1].ok());
  EXPECT_EQ(results[1].status().code(), StatusCode::kInvalidPackage)
      << results[1].status().ToString();
  EXPECT_TRUE(results[2].ok()) << results[2].status().ToString();
  EXPECT_FALSE(fs::exists(dir_ + "/apps/org.appvault.full"));
  EXPECT_FALSE(fs::exists(dir_ + "/data/org.appvault.full"));
  Result<std::vector<InstalledApp>> apps = device_->InstalledApps();
  ASSERT_TRUE(apps.ok());
  ASSERT_EQ(apps->size(), 2u);
  for (const InstalledApp& app : *apps)
    EXPECT_TRUE(app.healthy()) << app.app.str() << ": " << app.problem;
  EXPECT_TRUE(fs::is_empty(dir_ + "/.appvault/tmp"));
}

// A configuration bundle given with the package is the app's configuration from the
// install on: the generated one never appears.
TEST_F(InstallInspectedTest, ABundleGivenWithThePackageIsItsConfiguration) {
  InspectedPackage package = Downloaded(FixturePath("v123_rsa.apk"), "full", true);
  package.config_bundle =
      MakeTar(tmp_.Join("bundle.tar"), {"file:restored.json:{}", "dir:sub", "file:sub/x:1"});
  std::vector<Result<InstallResult>> results = device_->InstallInspectedAll({package});
  ASSERT_TRUE(results[0].ok()) << results[0].status().ToString();
  EXPECT_EQ(results[0]->config, ConfigSource::kBundle);
  EXPECT_EQ(results[0]->config_refused, "");
  EXPECT_EQ(ReadTree(dir_ + "/data/org.appvault.full/config"),
            (std::map<std::string, std::string>{{"restored.json", "{}"}, {"sub/x", "1"}}));
  EXPECT_TRUE(fs::is_empty(dir_ + "/.appvault/tmp"));
}

// A bundle that cannot be used does not stop the install: the app gets its generated
// configuration, and the result says why the bundle was not used.
TEST_F(InstallInspectedTest, ARefusedBundleLeavesTheGeneratedConfiguration) {
  InspectedPackage package = Downloaded(FixturePath("v123_rsa.apk"), "full", true);
  package.config_bundle = MakeTar(tmp_.Join("evil.tar"), {"file:ok.txt:1", "file:../evil:x"});
  std::vector<Result<InstallResult>> results = device_->InstallInspectedAll({package});
  ASSERT_TRUE(results[0].ok()) << results[0].status().ToString();
  EXPECT_EQ(results[0]->config, ConfigSource::kPackage);
  EXPECT_NE(results[0]->config_refused.find("../evil"), std::string::npos)
      << results[0]->config_refused;
  EXPECT_EQ(ReadTree(dir_ + "/data/org.appvault.full/config").size(), 2u);  // generated
  EXPECT_FALSE(fs::exists(dir_ + "/data/org.appvault.full/config/ok.txt"));
  EXPECT_FALSE(fs::exists(dir_ + "/data/evil"));
  EXPECT_TRUE(fs::is_empty(dir_ + "/.appvault/tmp"));
}

// An update keeps the app's data and puts the bundle in place of its configuration only; a
// refused bundle leaves the configuration as it was.
TEST_F(InstallInspectedTest, AnUpdateTakesTheBundleAndKeepsTheRestOfTheData) {
  for (bool usable : {true, false}) {
    SCOPED_TRACE(usable ? "usable bundle" : "refused bundle");
    dir_ = tmp_.Join(usable ? "usable" : "refused");
    device_ = MakeDevice(dir_, Android(30));
    ASSERT_NE(device_, nullptr);
    ASSERT_TRUE(device_->Install(FixturePath("v2_rsa.apk")).ok());
    const std::string data = dir_ + "/data/org.appvault.v2rsa";
    WriteFile(data + "/notes.txt", "the user's");
    const std::map<std::string, std::string> before = ReadTree(data + "/config");

    InspectedPackage package = Downloaded(UpdateApkPath("v2rsa_v4_rsa.apk"), "v4", true);
    package.config_bundle = MakeTar(tmp_.Join(usable ? "ok.tar" : "evil.tar"),
                                    {usable ? "file:restored.json:{}" : "file:../evil:x"});
    std::vector<Result<InstallResult>> results = device_->InstallInspectedAll({package});
    ASSERT_TRUE(results[0].ok()) << results[0].status().ToString();
    EXPECT_EQ(results[0]->kind, InstallKind::kUpdated);
    EXPECT_EQ(results[0]->config, usable ? ConfigSource::kBundle : ConfigSource::kKept);
    EXPECT_EQ(results[0]->config_refused.empty(), usable) << results[0]->config_refused;
    const std::map<std::string, std::string> restored = {{"restored.json", "{}"}};
    EXPECT_EQ(ReadTree(data + "/config"), usable ? restored : before);
    EXPECT_EQ(ReadFile(data + "/notes.txt"), "the user's");
    EXPECT_EQ(ReadFile(dir_ + "/apps/org.appvault.v2rsa/package.apk"),
              ReadFile(UpdateApkPath("v2rsa_v4_rsa.apk")));
    EXPECT_TRUE(fs::is_empty(dir_ + "/.appvault/tmp"));
  }
}

}  // namespace
}  // namespace appvault::client::test
