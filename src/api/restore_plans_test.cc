#include "api/restore_plans.h"

#include <gtest/gtest.h>

#include <functional>

#include "api/wire_test_documents.h"

namespace appvault::api {
namespace {

using nlohmann::json;

const std::string& kSha = testdata::kPackageSha;
const std::string kConfig(64, 'c');
const std::string& kSigner = testdata::kPackageSigner;

json Item() {
  return {{"requested", "notes"},
          {"app", "org.example.notes"},
          {"outcome", "install"},
          {"software_id", "notes"},
          {"version_code", "2"},
          {"version_name", "2.0"},
          {"version_substituted", true},
          {"alternative_for", nullptr},
          {"reason", "the backed-up version 3 does not fit"},
          {"package", testdata::PackageDocument()},
          {"config", {{"sha256", kConfig}, {"url", "/v1/blobs/" + kConfig}}}};
}

json Plan(const json& item) {
  return {{"device_id", "d"}, {"items", json::array({item})}};
}

TEST(RestorePlanTest, ReadsEveryField) {
  Result<RestorePlan> plan = RestorePlanFromJson(Plan(Item()));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->device_id, "d");
  ASSERT_EQ(plan->items.size(), 1u);
  const RestorePlanItem& entry = plan->items.front();
  EXPECT_EQ(entry.requested, "notes");
  EXPECT_EQ(entry.outcome, PlanOutcome::kInstall);
  EXPECT_TRUE(entry.version_substituted);
  EXPECT_EQ(entry.reason, "the backed-up version 3 does not fit");
  ASSERT_TRUE(entry.package.has_value());
  EXPECT_EQ(entry.package->package.sha256.Hex(), kSha);
  EXPECT_EQ(entry.package->package.size, 1234u);
  EXPECT_EQ(entry.package->package.app.str(), "org.example.notes");
  EXPECT_EQ(entry.package->package.version.text(), "2");
  EXPECT_EQ(entry.package->package.min_os->text(), "21");
  EXPECT_FALSE(entry.package->package.max_os.has_value());
  EXPECT_EQ(entry.package->package.signer_sha256.Hex(), kSigner);
  ASSERT_TRUE(entry.config.has_value());
  EXPECT_EQ(entry.config->sha256.Hex(), kConfig);
  EXPECT_FALSE(entry.snapshot_id.has_value());
  json from_snapshot = Item();
  from_snapshot["snapshot_id"] = 7;
  EXPECT_EQ(RestorePlanFromJson(Plan(from_snapshot))->items.front().snapshot_id, 7);
  // What is read is what is written.
  json item = Item();
  item["requested"] = "notes";
  item["backup_signer_sha256"] = kSigner;
  item["snapshot_id"] = 7;
  // Written always (a plan read without it, as an older server sends it, has the base alone).
  item["packages"] = {{{"sha256", kSha},
                       {"size", 1234},
                       {"split", nullptr},
                       {"url", "/v1/blobs/" + std::string(kSha)}}};
  json document = {{"device_id", "d"},
                   {"snapshot_id", 7},
                   {"items", json::array({item})},
                   {"next_offset", 1000}};
  Result<RestorePlan> read = RestorePlanFromJson(document);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(ToJson(*read), document);
}

TEST(RestorePlanTest, VerdictsWithoutAPackage) {
  json item = {{"requested", "x"},
               {"app", "x"},
               {"outcome", "not_backed_up"},
               {"software_id", nullptr},
               {"version_code", nullptr},
               {"version_name", nullptr},
               {"reason", ""},
               {"package", nullptr},
               {"config", nullptr}};
  Result<RestorePlan> plan = RestorePlanFromJson(Plan(item));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->items.front().outcome, PlanOutcome::kNotBackedUp);
  EXPECT_FALSE(plan->items.front().package.has_value());
}

// Each malformed plan is refused with a message naming the field.
TEST(RestorePlanTest, RefusesMalformedPlansNamingTheField) {
  struct Case {
    const char* field;
    std::function<void(json&)> spoil;
  } cases[] = {
      {"items[0].outcome", [](json& i) { i["outcome"] = "reinstall"; }},
      {"items[0].package", [](json& i) { i["package"] = nullptr; }},
      {"items[0].package.sha256", [](json& i) { i["package"]["sha256"] = "abc"; }},
      {"items[0].package.size", [](json& i) { i["package"]["size"] = -1; }},
      // Another URL would send the session token elsewhere: never fetched.
      {"items[0].package.url", [](json& i) { i["package"]["url"] = "http://evil/v1/blobs/x"; }},
      {"items[0].package.url", [](json& i) { i["package"]["url"] = "/v1/blobs/" + kConfig; }},
      {"items[0].package.platform", [](json& i) { i["package"]["platform"] = "symbian"; }},
      {"items[0].package.app", [](json& i) { i["package"]["app"] = "../etc"; }},
      {"items[0].package.version_code", [](json& i) { i["package"]["version_code"] = "1.2"; }},
      {"items[0].package.signer_sha256", [](json& i) { i["package"].erase("signer_sha256"); }},
      {"items[0].config.url", [](json& i) { i["config"]["url"] = "/v1/blobs/" + kSha; }},
      {"items[0].requested", [](json& i) { i["requested"] = 3; }},
      // A configuration never goes with an alternative (CONTRACT §4 rule 5).
      {"items[0].config", [](json& i) { i["outcome"] = "alternative"; }},
      {"items[0].backup_signer_sha256", [](json& i) { i["backup_signer_sha256"] = "zz"; }},
      {"items[0].snapshot_id", [](json& i) { i["snapshot_id"] = 0; }},
      {"items[0].snapshot_id", [](json& i) { i["snapshot_id"] = "7"; }},
  };
  for (const Case& c : cases) {
    json item = Item();
    c.spoil(item);
    Result<RestorePlan> plan = RestorePlanFromJson(Plan(item));
    ASSERT_FALSE(plan.ok()) << c.field;
    EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(plan.status().message().find(std::string(c.field) + ":"), std::string::npos)
        << plan.status().message();
  }
  EXPECT_FALSE(RestorePlanFromJson(json::object()).ok());
}

TEST(RestorePlanRequestTest, RoundTripsAndRefusesWhatTheServerCannotPlan) {
  RestorePlanRequest request;
  request.device_id = "d1";
  request.all = true;
  request.offset = 1000;
  request.preferences.install_latest = true;
  request.snapshot_id = 3;
  Result<RestorePlanRequest> read = RestorePlanRequestFromJson(ToJson(request));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(ToJson(*read), ToJson(request));
  EXPECT_EQ(read->offset, 1000u);
  EXPECT_EQ(read->preferences.install_latest, true);
  EXPECT_FALSE(read->preferences.accept_alternatives.has_value());

  struct Case {
    const char* message;
    json body;
  } cases[] = {
      {"all: give either apps or all: true",
       {{"device_id", "d"}, {"all", true}, {"apps", json::array({"a"})}}},
      {"offset: only with all: true",
       {{"device_id", "d"}, {"apps", json::array({"a"})}, {"offset", 1}}},
      {"source_device_id: give either snapshot_id or source_device_id",
       {{"device_id", "d"}, {"all", true}, {"snapshot_id", 1}, {"source_device_id", "x"}}},
      {"surprise", {{"device_id", "d"}, {"all", true}, {"surprise", 1}}},
      {"device_id", {{"all", true}}},
      {"preferences.install_latest",
       {{"device_id", "d"}, {"all", true}, {"preferences", {{"install_latest", "yes"}}}}},
  };
  for (const Case& c : cases) {
    Result<RestorePlanRequest> refused = RestorePlanRequestFromJson(c.body);
    ASSERT_FALSE(refused.ok()) << c.body;
    EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(refused.status().message().find(c.message), std::string::npos)
        << refused.status().message();
  }
}

}  // namespace
}  // namespace appvault::api
