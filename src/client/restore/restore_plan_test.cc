#include "client/restore/restore_plan.h"

#include <gtest/gtest.h>

#include <functional>

namespace appvault::client::restore {
namespace {

using nlohmann::json;

const std::string kSha(64, 'a');
const std::string kConfig(64, 'c');
const std::string kSigner(64, '5');

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
          {"package",
           {{"sha256", kSha},
            {"size", 1234},
            {"url", "/v1/blobs/" + kSha},
            {"software_id", "notes"},
            {"platform", "android"},
            {"app", "org.example.notes"},
            {"version_code", "2"},
            {"version_name", "2.0"},
            {"min_os", "21"},
            {"max_os", nullptr},
            {"abis", json::array({"arm64-v8a"})},
            {"signer_sha256", kSigner}}},
          {"config", {{"sha256", kConfig}, {"url", "/v1/blobs/" + kConfig}}}};
}

json Plan(const json& item) {
  return {{"device_id", "d"}, {"items", json::array({item})}};
}

TEST(RestorePlanTest, ReadsEveryField) {
  Result<std::vector<PlanEntry>> plan = ParsePlan(Plan(Item()));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->size(), 1u);
  const PlanEntry& entry = plan->front();
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
  EXPECT_EQ(ParsePlan(Plan(from_snapshot))->front().snapshot_id, 7);
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
  Result<std::vector<PlanEntry>> plan = ParsePlan(Plan(item));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->front().outcome, PlanOutcome::kNotBackedUp);
  EXPECT_FALSE(plan->front().package.has_value());
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
    Result<std::vector<PlanEntry>> plan = ParsePlan(Plan(item));
    ASSERT_FALSE(plan.ok()) << c.field;
    EXPECT_EQ(plan.status().code(), StatusCode::kInternal);
    EXPECT_NE(plan.status().message().find(std::string(c.field) + ":"), std::string::npos)
        << plan.status().message();
  }
  EXPECT_FALSE(ParsePlan(json::object()).ok());
}

}  // namespace
}  // namespace appvault::client::restore
