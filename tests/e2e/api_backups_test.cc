// Devices and backups through the real appvaultd: batches, replacement, listing,
// forgetting, apps the library does not have, and other users' devices and blobs.
#include <gtest/gtest.h>

#include "e2e/api_test_util.h"

namespace appvault::test {
namespace {

using nlohmann::json;

class ApiBackupsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = ApiServer::Start();
    ASSERT_NE(server_, nullptr);
    ann_ = server_->NewUser("ann");
    phone_ = server_->NewDevice(ann_, "android", "30", {"arm64-v8a", "armeabi-v7a"});
    ASSERT_FALSE(phone_.empty());
  }

  ApiReply Backup(const std::string& token, const std::string& device, const json& apps) {
    return server_->Backup(token, device, apps);
  }

  std::unique_ptr<ApiServer> server_;
  std::string ann_;
  std::string phone_;
};

TEST_F(ApiBackupsTest, DevicesAreListedWithTheirProfiles) {
  std::string tablet = server_->NewDevice(ann_, "ios", "16.4", {"arm64"});
  ApiReply list = server_->Call("GET", "/v1/devices", ann_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json["items"].size(), 2u);
  EXPECT_EQ(list.json["items"][0]["device_id"], phone_);
  EXPECT_EQ(list.json["items"][0]["platform"], "android");
  EXPECT_EQ(list.json["items"][0]["os_version"], "30");
  EXPECT_EQ(list.json["items"][0]["abis"], json({"arm64-v8a", "armeabi-v7a"}));
  EXPECT_EQ(list.json["items"][1]["device_id"], tablet);
  EXPECT_EQ(list.json["items"][1]["os_version"], "16.4");
  // Another user sees none of them.
  std::string bob = server_->NewUser("bob");
  EXPECT_EQ(server_->Call("GET", "/v1/devices", bob).json["items"].size(), 0u);
}

TEST_F(ApiBackupsTest, BadDevicesAre400NamingTheField) {
  auto create = [&](const json& body) { return server_->Json("POST", "/v1/devices", ann_, body); };
  EXPECT_EQ(
      create({{"platform", "symbian"}, {"os_version", "9"}, {"abis", {"arm"}}}).ErrorMessage(),
      "platform: expected \"android\" or \"ios\"");
  EXPECT_EQ(create({{"platform", "android"}, {"abis", {"arm64-v8a"}}}).ErrorMessage(),
            "os_version: missing");
  EXPECT_EQ(create({{"platform", "android"}, {"os_version", "30"}, {"abis", json::array()}})
                .ErrorMessage(),
            "abis: expected 1 to 16 ABIs");
  EXPECT_EQ(create({{"platform", "android"}, {"os_version", "30"}, {"abis", {1}}}).ErrorMessage(),
            "abis[0]: expected a string, got a number");
  EXPECT_EQ(server_->Call("GET", "/v1/devices", ann_).json["items"].size(), 1u);
}

TEST_F(ApiBackupsTest, BatchReplaceListAndForget) {
  ApiReply first =
      Backup(ann_, phone_,
             {{{"app", "org.example.notes"}, {"version_code", 3}, {"version_name", "3.0"}},
              {{"app", "org.example.memo"}, {"version_code", "7"}}});
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(first.json["items"].size(), 2u);
  EXPECT_EQ(first.json["items"][0]["status"], "backed_up");
  EXPECT_EQ(first.json["items"][1]["status"], "backed_up");

  // The same app again replaces the record.
  std::string signer(64, 'a');
  ASSERT_EQ(Backup(ann_, phone_,
                   {{{"app", "org.example.notes"}, {"version_code", 4}, {"signer_sha256", signer}}})
                .status,
            200);
  ApiReply list = server_->Call("GET", "/v1/backups", ann_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json["items"].size(), 2u);
  json memo = list.json["items"][0];
  json notes = list.json["items"][1];
  EXPECT_EQ(memo["app"], "org.example.memo");
  EXPECT_EQ(notes["app"], "org.example.notes");
  EXPECT_EQ(notes["version_code"], "4");
  EXPECT_EQ(notes["signer_sha256"], signer);
  EXPECT_EQ(notes["platform"], "android");
  EXPECT_EQ(notes["device_id"], phone_);
  EXPECT_GT(notes["backed_up_at"].get<std::int64_t>(), 0);
  // Not in the library: recorded all the same, with no software.
  EXPECT_TRUE(notes["software_id"].is_null());
  EXPECT_TRUE(notes["config_sha256"].is_null());

  ApiReply forgotten = server_->Call("DELETE", "/v1/backups/org.example.memo", ann_);
  EXPECT_EQ(forgotten.status, 200) << forgotten.body;
  EXPECT_EQ(server_->Call("DELETE", "/v1/backups/org.example.memo", ann_).status, 404);
  EXPECT_EQ(server_->Call("GET", "/v1/backups", ann_).json["items"].size(), 1u);
}

// CONTRACT §6: records are keyed by platform and app id — an iPhone's app never replaces
// the Android app of the same id, and each device's plan takes its own platform's record.
TEST_F(ApiBackupsTest, AnAndroidAndAnIosAppOfOneIdBothSurvive) {
  const std::string iphone = server_->NewDevice(ann_, "ios", "16.4", {"arm64"});
  ASSERT_EQ(Backup(ann_, phone_, {{{"app", "org.example.notes"}, {"version_code", 3}}}).status,
            200);
  ASSERT_EQ(Backup(ann_, iphone, {{{"app", "org.example.notes"}, {"version_code", "2.1"}}}).status,
            200);
  json items = server_->Call("GET", "/v1/backups", ann_).json["items"];
  ASSERT_EQ(items.size(), 2u) << items;
  EXPECT_EQ(items[0]["platform"], "android");
  EXPECT_EQ(items[0]["version_code"], "3");
  EXPECT_EQ(items[1]["platform"], "ios");
  EXPECT_EQ(items[1]["version_code"], "2.1");
  json snapshots = server_->Call("GET", "/v1/snapshots", ann_).json["items"];
  ASSERT_EQ(snapshots.size(), 2u);
  EXPECT_EQ(snapshots[0]["platform"], "ios");  // newest first
  EXPECT_EQ(snapshots[0]["device_id"], iphone);
  EXPECT_EQ(snapshots[1]["platform"], "android");
  for (const auto& [device, snapshot] : {std::pair{phone_, snapshots[1]["snapshot_id"]},
                                         std::pair{iphone, snapshots[0]["snapshot_id"]}}) {
    ApiReply plan = server_->Json("POST", "/v1/restore-plans", ann_,
                                  {{"device_id", device}, {"apps", {"org.example.notes"}}});
    ASSERT_EQ(plan.status, 200) << plan.body;
    EXPECT_EQ(plan.json["items"][0]["snapshot_id"], snapshot) << plan.body;
  }
}

TEST_F(ApiBackupsTest, MalformedItemsAre400AndStoreNothing) {
  auto expect_refused = [&](const json& apps, const std::string& message) {
    ApiReply reply = Backup(ann_, phone_, apps);
    EXPECT_EQ(reply.status, 400) << reply.body;
    EXPECT_EQ(reply.ErrorMessage(), message);
  };
  json good = {{"app", "org.example.notes"}, {"version_code", 1}};
  expect_refused({good, {{"version_code", 1}}}, "apps[1].app: missing");
  expect_refused({good, {{"app", "org.example.memo"}, {"version_code", true}}},
                 "apps[1].version_code: expected a non-negative integer or a version string, got "
                 "a boolean");
  expect_refused(
      {good, {{"app", "org.example.memo"}, {"version_code", 1}, {"config_sha256", "xy"}}},
      "apps[1].config_sha256: expected 64 hex digits");
  expect_refused({good, good}, "apps[1].app: \"org.example.notes\" is listed twice");
  expect_refused({good, "org.example.memo"}, "apps[1]: expected an object");
  ApiReply no_apps = server_->Json("POST", "/v1/backups", ann_, {{"device_id", phone_}});
  EXPECT_EQ(no_apps.ErrorMessage(), "apps: missing");
  EXPECT_EQ(server_->Call("GET", "/v1/backups", ann_).json["items"].size(), 0u);
}

TEST_F(ApiBackupsTest, AnotherUsersDeviceIs404) {
  std::string bob = server_->NewUser("bob");
  ApiReply reply = Backup(bob, phone_, {{{"app", "org.example.notes"}, {"version_code", 1}}});
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.ErrorCode(), "not_found");
  EXPECT_EQ(server_->Call("GET", "/v1/backups", bob).json["items"].size(), 0u);
  ApiReply plan =
      server_->Json("POST", "/v1/restore-plans", bob, {{"device_id", phone_}, {"all", true}});
  EXPECT_EQ(plan.status, 404);
}

TEST_F(ApiBackupsTest, ConfigurationMustBeTheCallersPrivateBlob) {
  ApiReply mine = server_->Upload(ann_, "font=large\n");
  ASSERT_EQ(mine.status, 201) << mine.body;
  const std::string own_sha = mine.json["sha256"];
  std::string bob = server_->NewUser("bob");
  ApiReply theirs = server_->Upload(bob, "bob's settings\n");
  ASSERT_EQ(theirs.status, 201);
  const std::string bob_sha = theirs.json["sha256"];

  ApiReply report = Backup(
      ann_, phone_,
      {{{"app", "org.example.notes"}, {"version_code", 1}, {"config_sha256", own_sha}},
       {{"app", "org.example.memo"}, {"version_code", 1}, {"config_sha256", bob_sha}},
       {{"app", "org.example.jot"}, {"version_code", 1}, {"config_sha256", std::string(64, '0')}}});
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(report.json["items"][0]["status"], "backed_up");
  EXPECT_EQ(report.json["items"][1]["status"], "failed");
  EXPECT_NE(report.json["items"][1]["reason"].get<std::string>().find("not one of your uploads"),
            std::string::npos);
  EXPECT_EQ(report.json["items"][2]["status"], "failed");
  json items = server_->Call("GET", "/v1/backups", ann_).json["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["config_sha256"], own_sha);
}

TEST_F(ApiBackupsTest, PrivateBlobsAreTheirOwnersOnly) {
  ApiReply uploaded = server_->Upload(ann_, "ann's secret settings");
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const std::string url = uploaded.json["url"];
  EXPECT_EQ(uploaded.json["size"], 21);
  ApiReply own = server_->Call("GET", url, ann_);
  EXPECT_EQ(own.status, 200);
  EXPECT_EQ(own.body, "ann's secret settings");
  std::string bob = server_->NewUser("bob");
  ApiReply other = server_->Call("GET", url, bob);
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.ErrorCode(), "not_found");
  // The same answer as for a blob that does not exist at all.
  ApiReply none = server_->Call("GET", "/v1/blobs/" + std::string(64, '1'), bob);
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(other.ErrorMessage().size(), none.ErrorMessage().size());
}

TEST_F(ApiBackupsTest, EmptyUploadIs400) {
  ApiReply empty = server_->Upload(ann_, "");
  EXPECT_EQ(empty.status, 400) << empty.body;
}

}  // namespace
}  // namespace appvault::test
