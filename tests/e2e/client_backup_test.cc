// `appvault backup | backups | forget` as a user meets them: the facts of each app read from
// its installed package, configuration packed and uploaded once (not again while it is
// unchanged), one report per app, damaged or missing apps reported failed (exit 1), and the
// backup records listed and forgotten.
#include <filesystem>
#include <fstream>

#include "e2e/client_e2e_util.h"

namespace appvault::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kNotes = "org.example.notes";
constexpr const char* kMemo = "org.example.memo";

class ClientBackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = ClientEnv::Start();
    ASSERT_NE(env_, nullptr);
    env_->InitDevice("phone", "android", "30", "arm64-v8a,armeabi-v7a");
    env_->Sideload("phone", "notes_v1.apk");  // carries a generated configuration
    env_->Sideload("phone", "memo.apk");      // has none: config/installed.json
    env_->RegisterAndLogin("phone", "ann");
  }

  std::string ConfigDir(const std::string& app) const {
    return env_->DevicePath("phone") + "/data/" + app + "/config";
  }

  // The item of document["items"] for app (a failure when there is none).
  static json Item(const json& document, const std::string& app) {
    for (const json& item : document.value("items", json::array())) {
      if (item.value("app", "") == app) return item;
    }
    ADD_FAILURE() << "no item for " << app << " in " << document;
    return json::object();
  }

  std::unique_ptr<ClientEnv> env_;
};

TEST_F(ClientBackupTest, ConfigurationIsUploadedOnceWhileUnchanged) {
  json first = env_->RunJson("phone", {"backup", "--all", "--with-config"}, 0);
  ASSERT_EQ(first["items"].size(), 2u) << first;
  for (const char* app : {kNotes, kMemo}) {
    json item = Item(first, app);
    EXPECT_EQ(item.value("status", ""), "backed_up") << item;
    EXPECT_EQ(item.value("version_code", ""), "1");
    EXPECT_TRUE(item["config_sha256"].is_string()) << item;
    EXPECT_TRUE(item.value("config_uploaded", false)) << item;
  }

  json second = env_->RunJson("phone", {"backup", "--all", "--with-config"}, 0);
  for (const char* app : {kNotes, kMemo}) {
    EXPECT_EQ(Item(second, app)["config_sha256"], Item(first, app)["config_sha256"]);
    EXPECT_FALSE(Item(second, app).value("config_uploaded", true))
        << "an unchanged configuration was uploaded again: " << second;
  }

  // The user changes a setting of notes: only that configuration goes up again.
  std::ofstream(ConfigDir(kNotes) + "/settings.json") << "{\"font\":\"large\"}\n";
  CommandResult third = env_->Run("phone", {"backup", "--all", "--with-config"});
  ASSERT_EQ(third.status.code, 0) << third.err;
  EXPECT_NE(third.out.find("backed up org.example.notes version 1 (1.0), configuration "),
            std::string::npos);
  EXPECT_NE(third.out.find(" uploaded ("), std::string::npos) << third.out;
  EXPECT_NE(third.out.find("unchanged (already on the server)"), std::string::npos) << third.out;
  EXPECT_NE(third.out.find("backed up 2 of 2 apps"), std::string::npos) << third.out;

  json backups = env_->RunJson("phone", {"backups"}, 0);
  ASSERT_EQ(backups["items"].size(), 2u) << backups;
  EXPECT_NE(Item(backups, kNotes)["config_sha256"], Item(first, kNotes)["config_sha256"]);
  EXPECT_EQ(Item(backups, kMemo)["config_sha256"], Item(first, kMemo)["config_sha256"]);
}

TEST_F(ClientBackupTest, StoredSettingDecidesUnlessAFlagIsGiven) {
  json without = env_->RunJson("phone", {"backup", kNotes}, 0);
  EXPECT_TRUE(Item(without, kNotes)["config_sha256"].is_null()) << "backup_config defaults to off";

  ASSERT_EQ(env_->Run("phone", {"prefs", "set", "backup_config=true"}).status.code, 0);
  json with = env_->RunJson("phone", {"backup", kNotes}, 0);
  EXPECT_TRUE(Item(with, kNotes)["config_sha256"].is_string()) << with;

  json overridden = env_->RunJson("phone", {"backup", kNotes, "--without-config"}, 0);
  EXPECT_TRUE(Item(overridden, kNotes)["config_sha256"].is_null()) << overridden;
  json backups = env_->RunJson("phone", {"backups"}, 0);
  EXPECT_TRUE(Item(backups, kNotes)["config_sha256"].is_null()) << backups;
}

TEST_F(ClientBackupTest, DamagedAppIsReportedFailedAndNotBackedUp) {
  {
    std::ofstream package(env_->DevicePath("phone") + "/apps/" + kMemo + "/package.apk",
                          std::ios::app | std::ios::binary);
    package << "tampered";
  }
  CommandResult text = env_->Run("phone", {"backup", "--all", "--with-config"});
  ExpectFailure(text, 1, "cannot back up org.example.memo: the installed app is damaged");
  EXPECT_NE(text.out.find("backed up 1 of 2 apps"), std::string::npos) << text.out;

  json report = env_->RunJson("phone", {"backup", "--all"}, 1);
  EXPECT_EQ(Item(report, kMemo).value("status", ""), "failed");
  EXPECT_NE(Item(report, kMemo).value("reason", "").find("damaged"), std::string::npos);
  EXPECT_EQ(Item(report, kNotes).value("status", ""), "backed_up");

  json backups = env_->RunJson("phone", {"backups"}, 0);
  ASSERT_EQ(backups["items"].size(), 1u) << backups;
  EXPECT_EQ(backups["items"][0].value("app", ""), kNotes);
}

TEST_F(ClientBackupTest, AppNotInstalledFailsTheOthersAreDone) {
  json report = env_->RunJson("phone", {"backup", kNotes, "org.example.absent"}, 1);
  EXPECT_EQ(Item(report, kNotes).value("status", ""), "backed_up");
  EXPECT_EQ(Item(report, "org.example.absent").value("status", ""), "failed");
  EXPECT_EQ(Item(report, "org.example.absent").value("reason", ""), "not installed on this device");
}

TEST_F(ClientBackupTest, UsageErrorsExit2) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"backup"},
        {"backup", "--all", kNotes},
        {"backup", "--with-config", "--without-config", "--all"},
        {"backup", "not an id"}}) {
    SCOPED_TRACE(args.back());
    ExpectFailure(env_->Run("phone", args), 2);
  }
  json backups = env_->RunJson("phone", {"backups"}, 0);
  EXPECT_TRUE(backups["items"].empty()) << backups;
}

TEST_F(ClientBackupTest, BackupsListAndForgetRemoves) {
  env_->Publish("notes_v1.apk", {"--software", "notes"});
  ASSERT_EQ(env_->Run("phone", {"backup", "--all", "--with-config"}).status.code, 0);

  CommandResult listed = env_->Run("phone", {"backups"});
  ASSERT_EQ(listed.status.code, 0) << listed.err;
  EXPECT_EQ(listed.out.rfind("APP", 0), 0u) << listed.out;
  EXPECT_NE(listed.out.find("org.example.notes  1 (1.0)  notes"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("phone"), std::string::npos) << "the device's name";
  EXPECT_NE(listed.out.find("yes"), std::string::npos) << listed.out;

  json document = env_->RunJson("phone", {"backups"}, 0);
  EXPECT_EQ(Item(document, kNotes).value("software_id", ""), "notes");
  EXPECT_TRUE(Item(document, kMemo)["software_id"].is_null()) << "memo is not in the library";
  EXPECT_EQ(Item(document, kNotes).value("device_name", ""), "phone");

  CommandResult forget = env_->Run("phone", {"forget", kNotes, "org.example.never"});
  ExpectFailure(forget, 1, "cannot forget org.example.never: no backup");
  EXPECT_NE(forget.out.find("forgot the backup of org.example.notes"), std::string::npos);

  json after = env_->RunJson("phone", {"backups"}, 0);
  ASSERT_EQ(after["items"].size(), 1u) << after;
  EXPECT_EQ(after["items"][0].value("app", ""), kMemo);
}

TEST_F(ClientBackupTest, TheDeviceIsRegisteredOnce) {
  ASSERT_EQ(env_->Run("phone", {"backup", "--all"}).status.code, 0);
  ASSERT_EQ(env_->Run("phone", {"backup", kNotes}).status.code, 0);
  const std::string session = ReadBytes(env_->DevicePath("phone") + "/.appvault/session.json");
  const std::string token = json::parse(session, nullptr, false).value("token", "");
  ApiReply devices = env_->server().Call("GET", "/v1/devices", token);
  ASSERT_EQ(devices.status, 200) << devices.body;
  ASSERT_EQ(devices.json["items"].size(), 1u) << devices.body;
  EXPECT_EQ(devices.json["items"][0].value("name", ""), "phone");
  EXPECT_EQ(devices.json["items"][0].value("os_version", ""), "30");

  // An id the server does not know (another server's, a reset database): registered again.
  const std::string ids = env_->DevicePath("phone") + "/.appvault/device_ids.json";
  json stored = json::parse(ReadBytes(ids), nullptr, false);
  ASSERT_TRUE(stored.is_object()) << ReadBytes(ids);
  stored["devices"][0]["device_id"] = "00000000000000000000000000000000";
  std::ofstream(ids) << stored.dump();
  json report = env_->RunJson("phone", {"backup", kNotes}, 0);
  EXPECT_EQ(Item(report, kNotes).value("status", ""), "backed_up") << report;
  ApiReply after = env_->server().Call("GET", "/v1/devices", token);
  EXPECT_EQ(after.json["items"].size(), 2u) << after.body;
}

}  // namespace
}  // namespace appvault::test
