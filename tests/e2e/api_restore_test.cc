// The install decision of CONTRACT §4, every rule through the real appvaultd: a library of
// real packages, a user's backups and devices, and POST /v1/restore-plans.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "e2e/api_test_util.h"

namespace appvault::test {
namespace {

using nlohmann::json;

class ApiRestoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = ApiServer::Start();
    ASSERT_NE(server_, nullptr);
    PublishLibrary();
    ann_ = server_->NewUser("ann");
    phone_ = server_->NewDevice(ann_, "android", "28", {"arm64-v8a", "armeabi-v7a"});
    iphone_ = server_->NewDevice(ann_, "ios", "16.4", {"arm64"});
    config_ = server_->UploadSha(ann_, "{\"font\":\"large\"}");
    ASSERT_FALSE(config_.empty());
    ApiReply backup = server_->Backup(
        ann_, phone_,
        {{{"app", "org.example.notes"}, {"version_code", 1}, {"config_sha256", config_}},
         {{"app", "org.example.legacy"}, {"version_code", 1}, {"config_sha256", config_}},
         {{"app", "org.example.nowhere"}, {"version_code", 5}}});
    ASSERT_EQ(backup.status, 200) << backup.body;
    Vote("memo", 2);
    Vote("jot", 1);
  }

  // The library: notes 1, 2 (API 21+) and 3 (API 30+) for Android and 2.0 for iOS; memo, jot
  // and legacy (API 16-19) in the same category.
  void PublishLibrary() {
    const std::string alice = server_->NewUser("alice", "publisher");
    struct Item {
      const char* file;
      const char* query;
    } items[] = {
        {"notes_v1.apk", "software=notes&name=Notes&category=productivity"},
        {"notes_v2.apk", "software=notes"},
        {"notes_v3.apk", "software=notes"},
        {"notes_ios.ipa", "software=notes"},
        {"memo.apk", "software=memo&category=productivity"},
        {"jot.apk", "software=jot&category=productivity"},
        {"legacy.apk", "software=legacy&category=productivity"},
    };
    for (const Item& item : items) {
      ApiReply reply = server_->Publish(alice, item.file, item.query);
      ASSERT_EQ(reply.status, 201) << item.file << ": " << reply.body;
      sha_[item.file] = reply.json["sha256"];
    }
  }

  // `count` new users vote for the software.
  void Vote(const std::string& software, int count) {
    for (int i = 0; i < count; ++i) {
      std::string voter = server_->NewUser("voter" + std::to_string(voters_++));
      ASSERT_EQ(server_->Call("POST", "/v1/catalog/software/" + software + "/votes", voter).status,
                201);
    }
  }

  // The plan's items for `apps` on `device`, with `preferences` sent when not null.
  json Plan(const std::string& device, const json& apps, const json& preferences = nullptr) {
    json body = {{"device_id", device}, {"apps", apps}};
    if (!preferences.is_null()) body["preferences"] = preferences;
    ApiReply reply = server_->Json("POST", "/v1/restore-plans", ann_, body);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json["items"];
  }
  json PlanOne(const std::string& app, const json& preferences = nullptr) {
    json items = Plan(phone_, {app}, preferences);
    return items.size() == 1 ? items[0] : json();
  }
  void Store(const json& preferences) {
    ASSERT_EQ(server_->Json("PUT", "/v1/me/preferences", ann_, preferences).status, 200);
  }

  std::unique_ptr<ApiServer> server_;
  std::map<std::string, std::string> sha_;  // package file -> sha256
  std::string ann_, phone_, iphone_, config_;
  int voters_ = 0;
};

TEST_F(ApiRestoreTest, NotBackedUpAndNotInCatalog) {
  json items = Plan(phone_, {"org.example.unknown", "org.example.nowhere", "no such thing!"});
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["outcome"], "not_backed_up");
  EXPECT_TRUE(items[0]["package"].is_null());
  EXPECT_EQ(items[1]["outcome"], "not_in_catalog");
  EXPECT_TRUE(items[1]["software_id"].is_null());
  EXPECT_TRUE(items[1]["package"].is_null());
  EXPECT_EQ(items[2]["outcome"], "not_backed_up");
  EXPECT_EQ(items[2]["app"], "no such thing!");
}

TEST_F(ApiRestoreTest, BackedUpVersionWithItsConfiguration) {
  json item = PlanOne("org.example.notes");
  EXPECT_EQ(item["outcome"], "install");
  EXPECT_EQ(item["app"], "org.example.notes");
  EXPECT_EQ(item["software_id"], "notes");
  EXPECT_EQ(item["version_code"], "1");
  EXPECT_EQ(item["version_substituted"], false);
  EXPECT_EQ(item["package"]["sha256"], sha_["notes_v1.apk"]);
  EXPECT_EQ(item["config"]["sha256"], config_);
  // Both downloads work and give the bytes.
  ApiReply package = server_->Call("GET", item["package"]["url"].get<std::string>(), ann_);
  EXPECT_EQ(package.status, 200);
  EXPECT_EQ(package.body, ReadBytes(PackagePath("notes_v1.apk")));
  EXPECT_EQ(server_->Call("GET", item["config"]["url"].get<std::string>(), ann_).body,
            "{\"font\":\"large\"}");
}

TEST_F(ApiRestoreTest, LatestByStoredSettingAndBySentSetting) {
  Store({{"install_latest", true}});
  json latest = PlanOne("org.example.notes");
  EXPECT_EQ(latest["version_code"], "2");  // 3 needs API 30
  EXPECT_EQ(latest["package"]["sha256"], sha_["notes_v2.apk"]);
  EXPECT_EQ(PlanOne("org.example.notes", {{"install_latest", false}})["version_code"], "1");
  Store({{"install_latest", nullptr}});
  EXPECT_EQ(PlanOne("org.example.notes")["version_code"], "1");
  EXPECT_EQ(PlanOne("org.example.notes", {{"install_latest", true}})["version_code"], "2");
}

TEST_F(ApiRestoreTest, UnfittingOrMissingBackedUpVersionIsSubstitutedWithAReason) {
  for (int backed_up : {3, 9}) {
    ASSERT_EQ(server_
                  ->Json("POST", "/v1/backups", ann_,
                         {{"device_id", phone_},
                          {"apps", {{{"app", "org.example.notes"}, {"version_code", backed_up}}}}})
                  .status,
              200);
    json item = PlanOne("org.example.notes");
    EXPECT_EQ(item["outcome"], "install") << backed_up;
    EXPECT_EQ(item["version_code"], "2") << backed_up;
    EXPECT_EQ(item["version_substituted"], true) << backed_up;
    EXPECT_FALSE(item["reason"].get<std::string>().empty()) << backed_up;
  }
}

TEST_F(ApiRestoreTest, AlternativesByVotesOnlyWhenAccepted) {
  json off = PlanOne("org.example.legacy");
  EXPECT_EQ(off["outcome"], "no_compatible_package");
  EXPECT_NE(off["reason"].get<std::string>().find("android API 28"), std::string::npos)
      << off["reason"];
  EXPECT_TRUE(off["package"].is_null());

  json on = PlanOne("org.example.legacy", {{"accept_alternatives", true}});
  EXPECT_EQ(on["outcome"], "alternative");
  EXPECT_EQ(on["software_id"], "memo");  // 2 votes, jot 1, notes 0
  EXPECT_EQ(on["alternative_for"], "legacy");
  EXPECT_EQ(on["package"]["app"], "org.example.memo");
  EXPECT_TRUE(on["config"].is_null());  // never with an alternative

  Vote("jot", 2);
  Store({{"accept_alternatives", true}});
  EXPECT_EQ(PlanOne("org.example.legacy")["software_id"], "jot");
  EXPECT_EQ(PlanOne("org.example.legacy", {{"accept_alternatives", false}})["outcome"],
            "no_compatible_package");
}

TEST_F(ApiRestoreTest, IosDeviceGetsTheIosPackageOfAnAndroidBackup) {
  json items = Plan(iphone_, {"org.example.notes"});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["outcome"], "install");
  EXPECT_EQ(items[0]["package"]["platform"], "ios");
  EXPECT_EQ(items[0]["package"]["app"], "org.example.notes.ios");
  EXPECT_EQ(items[0]["package"]["sha256"], sha_["notes_ios.ipa"]);
  EXPECT_EQ(items[0]["version_code"], "2.0");
  EXPECT_EQ(items[0]["version_substituted"], true);
  EXPECT_EQ(items[0]["config"]["sha256"], config_);  // same software
}

TEST_F(ApiRestoreTest, SoftwareIdNamesTheBackedUpApp) {
  json by_software = PlanOne("notes");
  json by_app = PlanOne("org.example.notes");
  EXPECT_EQ(by_software["requested"], "notes");
  by_software.erase("requested");
  by_app.erase("requested");
  EXPECT_EQ(by_software, by_app);  // the same backup, the same decision
}

TEST_F(ApiRestoreTest, AllPlansEveryBackup) {
  ApiReply reply =
      server_->Json("POST", "/v1/restore-plans", ann_, {{"device_id", phone_}, {"all", true}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  json items = reply.json["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["app"], "org.example.legacy");
  EXPECT_EQ(items[1]["app"], "org.example.notes");
  EXPECT_EQ(items[1]["outcome"], "install");
  EXPECT_EQ(items[2]["app"], "org.example.nowhere");
  EXPECT_EQ(items[2]["outcome"], "not_in_catalog");
}

// The server keeps a plan's answer for the same session asking again (ReplyCache): the
// answer asked again must still follow every change and end with the session.
TEST_F(ApiRestoreTest, APlanAskedAgainFollowsEveryChangeAndEndsWithTheSession) {
  const json request = {{"device_id", phone_}, {"apps", {"org.example.notes"}}};
  ApiReply first = server_->Json("POST", "/v1/restore-plans", ann_, request);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json["items"][0]["version_code"], "1");
  ApiReply again = server_->Json("POST", "/v1/restore-plans", ann_, request);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);

  ASSERT_EQ(
      server_->Backup(ann_, phone_, {{{"app", "org.example.notes"}, {"version_code", 2}}}).status,
      200);
  ApiReply after_backup = server_->Json("POST", "/v1/restore-plans", ann_, request);
  EXPECT_EQ(after_backup.json["items"][0]["version_code"], "2") << after_backup.body;
  EXPECT_TRUE(after_backup.json["items"][0]["config"].is_null()) << after_backup.body;

  const std::string bob = server_->NewUser("bob");
  ApiReply as_bob = server_->Json("POST", "/v1/restore-plans", bob, request);
  EXPECT_EQ(as_bob.status, 404) << as_bob.body;
  EXPECT_EQ(as_bob.ErrorCode(), "not_found");

  ASSERT_EQ(server_->Call("DELETE", "/v1/sessions/current", ann_).status, 200);
  ApiReply signed_out = server_->Json("POST", "/v1/restore-plans", ann_, request);
  EXPECT_EQ(signed_out.status, 401) << signed_out.body;
  EXPECT_EQ(signed_out.ErrorMessage(), "the session token is not valid; sign in again");
}

TEST(ApiRestoreCacheTest, APlanAskedAgainIsRefusedOnceTheSessionExpires) {
  auto server = ApiServer::Start({"--session-ttl-seconds", "2"});
  ASSERT_NE(server, nullptr);
  const std::string ann = server->NewUser("ann");
  const std::string phone = server->NewDevice(ann, "android", "28", {"arm64-v8a"});
  const json request = {{"device_id", phone}, {"apps", {"org.example.notes"}}};
  for (int i = 0; i < 2; ++i) {
    ApiReply plan = server->Json("POST", "/v1/restore-plans", ann, request);
    ASSERT_EQ(plan.status, 200) << plan.body;
    EXPECT_EQ(plan.json["items"][0]["outcome"], "not_backed_up");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(3100));
  ApiReply expired = server->Json("POST", "/v1/restore-plans", ann, request);
  EXPECT_EQ(expired.status, 401) << expired.body;
  EXPECT_EQ(expired.ErrorMessage(), "the session has expired; sign in again");
}

TEST_F(ApiRestoreTest, MalformedPlanRequestsAre400NamingTheField) {
  auto refused = [&](const json& body) {
    ApiReply reply = server_->Json("POST", "/v1/restore-plans", ann_, body);
    EXPECT_EQ(reply.status, 400) << reply.body;
    return reply.ErrorMessage();
  };
  EXPECT_EQ(refused({{"device_id", phone_}, {"apps", "org.example.notes"}}),
            "apps: expected an array, got a string");
  EXPECT_EQ(refused({{"device_id", phone_}}), "apps: missing");
  EXPECT_EQ(refused({{"device_id", phone_}, {"apps", {"a.b"}}, {"all", true}}),
            "all: give either apps or all: true");
  EXPECT_EQ(
      refused({{"device_id", phone_}, {"apps", {"a.b"}}, {"preferences", {{"install_latest", 1}}}}),
      "preferences.install_latest: expected true, false or null, got a number");
  EXPECT_EQ(refused({{"apps", {"a.b"}}}), "device_id: missing");
}

}  // namespace
}  // namespace appvault::test
