// `appvault restore` as a user meets it: a real appvaultd with a library published through
// `appvault publish`, phones backed up with `appvault backup`, and restores onto device
// folders — the same one after a reset, other ones, an iPhone — with their configuration,
// the version rules, alternatives, and what is refused.
#include <csignal>
#include <filesystem>
#include <fstream>

#include "e2e/client_restore_util.h"

namespace appvault::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ClientRestoreTest : public AnnsPhoneTest {
 protected:
  std::string Config(const std::string& device, const std::string& app) const {
    return env_->DevicePath(device) + "/data/" + app + "/config";
  }

  void Write(const std::string& path, const std::string& bytes) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  }

  // The phone gets notes 1 and memo 1, the user changes their configuration (the generated
  // settings.json of notes replaced, files added, a nested folder and binary bytes), and
  // backs everything up with its configuration.
  void BackUpConfiguredPhone() {
    env_->Sideload("phone", "notes_v1.apk");
    env_->Sideload("phone", "memo.apk");
    Write(Config("phone", kNotes) + "/settings.json", "{\"font\":\"large\",\"theme\":\"dark\"}");
    Write(Config("phone", kNotes) + "/profiles/work/signature.bin", std::string("\0\1\2\377", 4));
    Write(Config("phone", kMemo) + "/memo.txt", "remember the milk\n");
    json backup = env_->RunJson("phone", {"backup", "--all", "--with-config"}, 0);
    ASSERT_EQ(backup["items"].size(), 2u) << backup;
    notes_config_ = FolderFiles(Config("phone", kNotes));
    memo_config_ = FolderFiles(Config("phone", kMemo));
    ASSERT_EQ(notes_config_.size(), 2u);
  }

  // A restore with --json: the document, after checking the exit status.
  json Restore(const std::string& device, std::vector<std::string> args, int exit_code) {
    args.insert(args.begin(), "restore");
    return env_->RunJson(device, args, exit_code);
  }

  void ExpectInstalledWithConfig(const json& item) {
    EXPECT_EQ(item.value("outcome", ""), "installed") << item;
    EXPECT_TRUE(item.value("config_restored", false)) << item;
    EXPECT_TRUE(item.value("done", false)) << item;
    EXPECT_EQ(item.value("version_code", ""), "1") << item;
  }

  std::map<std::string, std::string> notes_config_, memo_config_;
};

TEST_F(ClientRestoreTest, SameDeviceAfterAResetGetsItsAppsAndConfigurationBack) {
  BackUpConfiguredPhone();
  fs::remove_all(env_->DevicePath("phone"));  // the phone is reset
  NewAndroidPhone(*env_, "phone", "28");
  json report = Restore("phone", {"--all"}, 0);
  ASSERT_EQ(report["items"].size(), 2u) << report;
  ExpectInstalledWithConfig(ItemFor(report, kNotes));
  ExpectInstalledWithConfig(ItemFor(report, kMemo));
  EXPECT_EQ(InstalledApps(*env_, "phone"), (std::vector<std::string>{kMemo, kNotes}));
  EXPECT_EQ(FolderFiles(Config("phone", kNotes)), notes_config_);
  EXPECT_EQ(FolderFiles(Config("phone", kMemo)), memo_config_);
  EXPECT_TRUE(fs::is_empty(env_->DevicePath("phone") + "/.appvault/partial"));  // nothing left
}

TEST_F(ClientRestoreTest, AnotherDeviceGetsTheAppsByNameWithTheirConfiguration) {
  BackUpConfiguredPhone();
  NewAndroidPhone(*env_, "tablet", "30");
  CommandResult run = env_->Run("tablet", {"restore", kNotes, "memo"});  // app id, software id
  EXPECT_EQ(run.status.code, 0) << run.err;
  // Not a terminal: one plain line per app, then the summary; nothing on stderr.
  EXPECT_NE(run.out.find("org.example.notes: installed version 1 (1.0), configuration restored\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("\nrestored 2 of 2 apps; downloaded "), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(InstalledApps(*env_, "tablet"), (std::vector<std::string>{kMemo, kNotes}));
  EXPECT_EQ(FolderFiles(Config("tablet", kNotes)), notes_config_);
  EXPECT_EQ(FolderFiles(Config("tablet", kMemo)), memo_config_);
  EXPECT_EQ(FolderFiles(Config("phone", kNotes)), notes_config_);  // the phone is untouched
}

// The backed-up configuration replaces the generated one entirely: a file the package
// generates but the user deleted does not come back.
TEST_F(ClientRestoreTest, ConfigurationIsRestoredByteForByteAndTheGeneratedOneIsGone) {
  env_->Sideload("phone", "notes_v1.apk");
  ASSERT_TRUE(fs::exists(Config("phone", kNotes) + "/settings.json"));  // generated
  fs::remove(Config("phone", kNotes) + "/settings.json");
  std::string binary;
  for (int i = 0; i < 70000; ++i)
    binary += static_cast<char>(i * 7919 % 256);
  Write(Config("phone", kNotes) + "/a/b/c/deep.bin", binary);
  Write(Config("phone", kNotes) + "/empty.txt", "");
  env_->RunJson("phone", {"backup", kNotes, "--with-config"}, 0);
  const auto backed_up = FolderFiles(Config("phone", kNotes));

  NewAndroidPhone(*env_, "other", "28");
  json report = Restore("other", {kNotes}, 0);
  ExpectInstalledWithConfig(ItemFor(report, kNotes));
  EXPECT_EQ(FolderFiles(Config("other", kNotes)), backed_up);
  EXPECT_FALSE(fs::exists(Config("other", kNotes) + "/settings.json"));
}

// install_latest: unset → the backed-up version; --latest or the stored setting → the
// highest that fits (2: version 3 needs API 30); --backed-up wins over the stored setting.
TEST_F(ClientRestoreTest, LatestOrBackedUpVersionByStoredSettingAndByFlag) {
  env_->Sideload("phone", "notes_v1.apk");
  env_->RunJson("phone", {"backup", kNotes}, 0);
  struct Case {
    const char* device;
    std::vector<std::string> flags;
    const char* version;
  };
  auto check = [&](const Case& c) {
    NewAndroidPhone(*env_, c.device, "28");
    std::vector<std::string> args = {kNotes};
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    json item = ItemFor(Restore(c.device, args, 0), kNotes);
    EXPECT_EQ(item.value("outcome", ""), "installed") << c.device << item;
    EXPECT_EQ(item.value("version_code", ""), c.version) << c.device << item;
    json apps = env_->RunJson(c.device, {"apps"}, 0);
    EXPECT_EQ(apps["items"][0].value("version_code", ""), c.version) << c.device;
  };
  check({"default", {}, "1"});
  check({"flag-latest", {"--latest"}, "2"});
  CommandResult prefs = env_->Run("phone", {"prefs", "set", "install_latest=true"});
  ASSERT_EQ(prefs.status.code, 0) << prefs.err;
  check({"stored-latest", {}, "2"});
  check({"flag-backed-up", {"--backed-up"}, "1"});
}

// legacy fits only API 16-19. On API 28, with alternatives accepted (by flag or stored
// setting) the related app with the most votes (memo) is installed; without, nothing is,
// and the reason names the device's OS.
TEST_F(ClientRestoreTest, OsTooOldForEveryVersionInstallsTheAlternativeOnlyWhenAccepted) {
  NewAndroidPhone(*env_, "old", "19");
  env_->Sideload("old", "legacy.apk");
  env_->RunJson("old", {"backup", kLegacy}, 0);

  NewAndroidPhone(*env_, "accepting", "28");
  json item = ItemFor(Restore("accepting", {kLegacy, "--accept-alternatives"}, 0), kLegacy);
  EXPECT_EQ(item.value("outcome", ""), "installed_alternative") << item;
  EXPECT_EQ(item.value("installed_app", ""), kMemo) << item;
  EXPECT_EQ(item.value("software_id", ""), "memo") << item;
  EXPECT_EQ(item.value("alternative_for", ""), "legacy") << item;
  EXPECT_FALSE(item.value("config_restored", true)) << item;
  EXPECT_EQ(InstalledApps(*env_, "accepting"), std::vector<std::string>{kMemo});

  ASSERT_EQ(env_->Run("phone", {"prefs", "set", "accept_alternatives=true"}).status.code, 0);
  NewAndroidPhone(*env_, "stored", "28");
  EXPECT_EQ(ItemFor(Restore("stored", {kLegacy}, 0), kLegacy).value("installed_app", ""), kMemo);

  NewAndroidPhone(*env_, "refusing", "28");
  item = ItemFor(Restore("refusing", {kLegacy, "--no-alternatives"}, 1), kLegacy);
  EXPECT_EQ(item.value("outcome", ""), "no_compatible_package") << item;
  EXPECT_NE(item.value("reason", "").find("android API 28"), std::string::npos) << item;
  EXPECT_FALSE(item.value("done", true));
  EXPECT_TRUE(InstalledApps(*env_, "refusing").empty());
}

// Backed up on Android, published for both: the iPhone gets the iOS package of the same
// software, and the Android phone's configuration with it.
TEST_F(ClientRestoreTest, IphoneRestoresSoftwareBackedUpOnAndroid) {
  BackUpConfiguredPhone();
  env_->InitDevice("iphone", "ios", "16.4", "arm64");
  env_->Login("iphone", "ann");
  json item = ItemFor(Restore("iphone", {kNotes}, 0), kNotes);
  EXPECT_EQ(item.value("outcome", ""), "installed") << item;
  EXPECT_EQ(item.value("installed_app", ""), kNotesIos) << item;
  EXPECT_EQ(item.value("version_code", ""), "2.0") << item;
  EXPECT_TRUE(item.value("version_substituted", false)) << item;
  EXPECT_TRUE(item.value("config_restored", false)) << item;
  EXPECT_EQ(InstalledApps(*env_, "iphone"), std::vector<std::string>{kNotesIos});
  EXPECT_TRUE(fs::exists(env_->DevicePath("iphone") + "/apps/" + kNotesIos + "/package.ipa"));
  EXPECT_EQ(FolderFiles(Config("iphone", kNotesIos)), notes_config_);
}

TEST_F(ClientRestoreTest, AnAppNeverBackedUpInstallsNothing) {
  env_->Sideload("phone", "memo.apk");
  env_->RunJson("phone", {"backup", "--all"}, 0);
  NewAndroidPhone(*env_, "fresh", "28");
  json report = Restore("fresh", {kJot}, 1);
  json item = ItemFor(report, kJot);
  EXPECT_EQ(item.value("outcome", ""), "not_backed_up") << item;
  EXPECT_FALSE(item.value("done", true));
  EXPECT_EQ(item.value("bytes_downloaded", 1), 0);
  EXPECT_TRUE(InstalledApps(*env_, "fresh").empty());
  CommandResult text = env_->Run("fresh", {"restore", kJot});
  EXPECT_EQ(text.status.code, 1);
  EXPECT_NE(text.out.find("org.example.jot: not_backed_up"), std::string::npos) << text.out;
}

// The device has notes signed by another certificate (key b, version 4): the backed-up
// notes (key a) is refused before any download, and the device stays byte for byte.
TEST_F(ClientRestoreTest, AnAppSignedByAnotherCertificateIsRefusedAndTheDeviceUnchanged) {
  env_->Sideload("phone", "notes_v1.apk");
  env_->RunJson("phone", {"backup", kNotes, "--with-config"}, 0);
  NewAndroidPhone(*env_, "other", "28");
  env_->Sideload("other", "notes_v4_b.apk");
  const auto apps_before = FolderFiles(env_->DevicePath("other") + "/apps");
  const auto data_before = FolderFiles(env_->DevicePath("other") + "/data");
  const long long served_before = BlobBytesServed(env_->server());

  json item = ItemFor(Restore("other", {kNotes}, 1), kNotes);
  EXPECT_EQ(item.value("outcome", ""), "failed") << item;
  EXPECT_NE(item.value("reason", "").find("signed by"), std::string::npos) << item;
  EXPECT_EQ(item.value("bytes_downloaded", 1), 0);
  EXPECT_EQ(FolderFiles(env_->DevicePath("other") + "/apps"), apps_before);
  EXPECT_EQ(FolderFiles(env_->DevicePath("other") + "/data"), data_before);
  EXPECT_EQ(BlobBytesServed(env_->server()), served_before);
}

// A restored device restored again: everything is already installed, not a byte is fetched.
TEST_F(ClientRestoreTest, RestoreAllAgainDownloadsNothing) {
  BackUpConfiguredPhone();
  NewAndroidPhone(*env_, "tablet", "28");
  Restore("tablet", {"--all", "--parallel", "2"}, 0);
  const long long served = BlobBytesServed(env_->server(), 1);
  json again = Restore("tablet", {"--all"}, 0);
  ASSERT_EQ(again["items"].size(), 2u);
  for (const json& item : again["items"]) {
    EXPECT_EQ(item.value("outcome", ""), "already_installed") << item;
    EXPECT_TRUE(item.value("done", false)) << item;
    EXPECT_EQ(item.value("bytes_downloaded", 1), 0) << item;
  }
  EXPECT_EQ(BlobBytesServed(env_->server()), served);
  EXPECT_EQ(FolderFiles(Config("tablet", kNotes)), notes_config_);
}

// Issue 14, finding 9: the server plans `all: true` 1 000 apps a request; the client asks for
// every page, so a restore --all of a larger backup still covers every app.
TEST_F(ClientRestoreTest, RestoreAllOfMoreThanAThousandAppsAsksForEveryPage) {
  const std::string token = env_->server().Login("ann", kTestPassword);
  const std::string old_phone = env_->server().NewDevice(token, "android", "28", {"arm64-v8a"});
  json apps = json::array();
  for (int i = 0; i < 1001; ++i)
    apps.push_back({{"app", "org.gone.app" + std::to_string(10000 + i)}, {"version_code", 1}});
  ASSERT_EQ(env_->server().BackupRun(token, old_phone, apps, 600).status, 201);
  json restored = Restore("phone", {"--all"}, 1);  // none of them is in the library
  ASSERT_EQ(restored["items"].size(), 1001u);
  EXPECT_EQ(restored["items"][0].value("app", ""), "org.gone.app10000");
  EXPECT_EQ(restored["items"][1000].value("app", ""), "org.gone.app11000");
  for (const json& item : restored["items"])
    EXPECT_EQ(item.value("outcome", ""), "not_in_catalog") << item;
}

TEST_F(ClientRestoreTest, UsageErrorsAndNoSession) {
  ExpectFailure(env_->Run("phone", {"restore"}), 2, "name the apps to restore, or --all");
  ExpectFailure(env_->Run("phone", {"restore", kNotes, "--all"}), 2, "not both");
  ExpectFailure(env_->Run("phone", {"restore", "--all", "--parallel", "17"}), 2, "--parallel");
  ExpectFailure(env_->Run("phone", {"restore", "--all", "--latest", "--backed-up"}), 2);
  env_->InitDevice("stranger", "android", "28", "arm64-v8a");
  ExpectFailure(env_->Run("stranger", {"restore", "--all"}), 3, "not logged in");
  json error = env_->RunJson("stranger", {"restore", "--all"}, 3);
  EXPECT_EQ(error["error"].value("code", ""), "unauthenticated") << error;
  // The plan request cannot be made: exit 4, nothing installed.
  env_->server().process().Signal(SIGKILL);
  env_->server().process().Wait();
  ExpectFailure(env_->Run("phone", {"restore", "--all"}), 4, "cannot reach the server");
  EXPECT_TRUE(InstalledApps(*env_, "phone").empty());
}

}  // namespace
}  // namespace appvault::test
