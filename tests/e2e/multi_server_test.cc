// Several servers, one truth (CONTRACT §9): two appvaultd on one PostgreSQL database (a
// schema of this test's own on the test services' server) and one S3 bucket prefix. What
// one acknowledged, the other answers at once — a publish, a backup, a vote — and its reply
// cache never answers from before a write the other acknowledged, however the writes and
// reads alternate between them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

#include "e2e/api_test_util.h"
#include "store/postgres_test_schema.h"
#include "support/test_services.h"

namespace appvault::test {
namespace {

using nlohmann::json;

class MultiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("AWS_ACCESS_KEY_ID", LoadTestServices().access_key.c_str(), 1);
    ::setenv("AWS_SECRET_ACCESS_KEY", LoadTestServices().secret_key.c_str(), 1);
    schema_ = std::make_unique<store::pg::TestSchema>(LoadTestServices().database);
    Result<std::string> url = schema_->Url();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    database_ = {"--database", *url};
    std::vector<std::string> args = database_;
    args.insert(args.end(), {"--blobs", FreshBlobsUrl("multi")});
    a_ = ApiServer::Start(args);
    ASSERT_NE(a_, nullptr);
    b_ = ApiServer::Start(args);
    ASSERT_NE(b_, nullptr);
  }

  // A user made with `appvaultd user add` on the shared database; logged in through A.
  std::string NewUser(const std::string& name, const std::string& role) {
    AddUserWith(a_->data_dir(), database_, name, role, kTestPassword);
    return a_->Login(name, kTestPassword);
  }

  // The outcome of app in a restore plan of device asked of server.
  static std::string PlanOutcome(ApiServer& server, const std::string& token,
                                 const std::string& device, const std::string& app) {
    ApiReply plan =
        server.Json("POST", "/v1/restore-plans", token, {{"device_id", device}, {"apps", {app}}});
    EXPECT_EQ(plan.status, 200) << plan.body;
    return plan.status == 200 ? plan.json["items"][0].value("outcome", "") : "";
  }

  std::unique_ptr<store::pg::TestSchema> schema_;
  std::vector<std::string> database_;
  std::unique_ptr<ApiServer> a_, b_;
};

TEST_F(MultiServerTest, AWriteOnOneIsNeverAnsweredStaleByTheOther) {
  const std::string ann = NewUser("ann", "user");
  const std::string device = a_->NewDevice(ann, "android", "30", {"arm64-v8a"});
  ASSERT_FALSE(device.empty());
  for (int i = 0; i < 12; ++i) {
    // The roles swap each round: write on one, read (twice: the second from its cache) on the
    // other.
    ApiServer& writer = i % 2 == 0 ? *a_ : *b_;
    ApiServer& reader = i % 2 == 0 ? *b_ : *a_;
    const std::string app = "org.example.app" + std::to_string(i);
    ASSERT_EQ(PlanOutcome(reader, ann, device, app), "not_backed_up");
    ASSERT_EQ(PlanOutcome(reader, ann, device, app), "not_backed_up");
    ApiReply backup = writer.Backup(ann, device, {{{"app", app}, {"version_code", "1"}}});
    ASSERT_EQ(backup.status, 200) << backup.body;
    EXPECT_EQ(PlanOutcome(reader, ann, device, app), "not_in_catalog")
        << "round " << i << ": a stale answer";
  }
}

TEST_F(MultiServerTest, WhatIsPublishedOnOneIsDownloadedFromTheOtherAtOnce) {
  const std::string publisher = NewUser("pub", "publisher");
  const std::string ann = NewUser("ann", "user");
  const std::string device = a_->NewDevice(ann, "android", "30", {"arm64-v8a"});
  // b answers a plan first (kept in its cache), then a publishes and ann backs up through a.
  ASSERT_EQ(PlanOutcome(*b_, ann, device, "org.example.notes"), "not_backed_up");
  ApiReply published = a_->Publish(publisher, "notes_v1.apk", "software=notes");
  ASSERT_EQ(published.status, 201) << published.body;
  ApiReply detail = b_->Call("GET", "/v1/catalog/software/notes", ann);
  ASSERT_EQ(detail.status, 200) << detail.body;
  ApiReply backup =
      a_->Backup(ann, device, {{{"app", "org.example.notes"}, {"version_code", "1"}}});
  ASSERT_EQ(backup.status, 200) << backup.body;
  ApiReply plan = b_->Json("POST", "/v1/restore-plans", ann,
                           {{"device_id", device}, {"apps", {"org.example.notes"}}});
  ASSERT_EQ(plan.status, 200) << plan.body;
  const json& item = plan.json["items"][0];
  ASSERT_EQ(item.value("outcome", ""), "install") << item;
  // The package's bytes come from the bucket through b, which never had them.
  ApiReply blob = b_->Call("GET", item["package"]["url"], ann);
  ASSERT_EQ(blob.status, 200);
  EXPECT_EQ(blob.body, ReadBytes(PackagePath("notes_v1.apk")));
  // A vote through b is counted at once by a.
  ASSERT_EQ(b_->Call("POST", "/v1/catalog/software/notes/votes", ann).status, 201);
  EXPECT_EQ(a_->Call("GET", "/v1/catalog/software/notes", ann).json.value("votes", -1), 1);
}

}  // namespace
}  // namespace appvault::test
