// The golden documents of src/api/golden/: each is what its type's codec reads and writes
// back unchanged, and docs/api.md shows each of them exactly — an example in the docs that
// drifts from the wire fails here. In docs/api.md a golden example is a ```json block right
// after a line `<!-- golden: NAME.json -->`.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "api/accounts.h"
#include "api/blobs.h"
#include "api/catalog.h"
#include "api/devices.h"
#include "api/restore_plans.h"
#include "api/snapshots.h"
#include "support/build_once.h"
#include "support/files.h"

namespace appvault::api {
namespace {

using nlohmann::json;

// Decodes and encodes again: the document as the type writes it, or the decode error.
using RoundTrip = std::function<Result<json>(const json&)>;

template <typename T>
RoundTrip Through(Result<T> (*decode)(const json&)) {
  return [decode](const json& document) -> Result<json> {
    Result<T> value = decode(document);
    if (!value.ok()) return value.status();
    return ToJson(*value);
  };
}

const std::map<std::string, RoundTrip>& Goldens() {
  static const std::map<std::string, RoundTrip> goldens = {
      {"account.json", Through(AccountFromJson)},
      {"session.json", Through(SessionInfoFromJson)},
      {"me.json", Through(MeFromJson)},
      {"device_request.json", Through(DeviceRequestFromJson)},
      {"device_list.json", Through(DeviceListFromJson)},
      {"stored_blob.json", Through(StoredBlobFromJson)},
      {"backup_list.json", Through(BackupListFromJson)},
      {"create_snapshot.json", Through(CreatedSnapshotFromJson)},
      {"snapshot_list.json", Through(SnapshotListFromJson)},
      {"snapshot_detail.json", Through(SnapshotDetailFromJson)},
      {"forget_request.json", Through(ForgetRequestFromJson)},
      {"forget_reply.json", Through(ForgetReplyFromJson)},
      {"restore_plan_request.json", Through(RestorePlanRequestFromJson)},
      {"restore_plan.json", Through(RestorePlanFromJson)},
      {"software_list.json", Through(SoftwareListFromJson)},
      {"software_detail.json", Through(SoftwareDetailFromJson)},
      {"vote_reply.json", Through(VoteReplyFromJson)},
      {"published_package.json", Through(PublishedPackageFromJson)},
  };
  return goldens;
}

json Golden(const std::string& name) {
  const std::string text = test::ReadFile(test::SourcePath("src/api/golden/" + name));
  EXPECT_FALSE(text.empty()) << "no golden document " << name;
  return json::parse(text, nullptr, /*allow_exceptions=*/false);
}

// The golden examples of docs/api.md: name → the JSON of its block.
std::multimap<std::string, std::string> DocumentedExamples() {
  std::multimap<std::string, std::string> examples;
  std::istringstream docs(test::ReadFile(test::SourcePath("docs/api.md")));
  const std::string marker = "<!-- golden: ";
  std::string line;
  while (std::getline(docs, line)) {
    if (line.rfind(marker, 0) != 0) continue;
    const std::string name = line.substr(marker.size(), line.find(" -->") - marker.size());
    std::string fence, block;
    std::getline(docs, fence);
    EXPECT_EQ(fence, "```json") << "the golden example " << name << " is not a ```json block";
    while (std::getline(docs, line) && line != "```")
      block += line + "\n";
    examples.emplace(name, block);
  }
  return examples;
}

TEST(GoldenJson, EachDocumentIsWhatItsTypeReadsAndWrites) {
  for (const auto& [name, round_trip] : Goldens()) {
    json document = Golden(name);
    ASSERT_FALSE(document.is_discarded()) << name << " is not JSON";
    Result<json> again = round_trip(document);
    ASSERT_TRUE(again.ok()) << name << ": " << again.status().ToString();
    EXPECT_EQ(*again, document) << name << " is not what its type writes";
  }
}

TEST(GoldenJson, DocsShowEachGoldenDocumentExactly) {
  std::multimap<std::string, std::string> examples = DocumentedExamples();
  for (const auto& [name, round_trip] : Goldens()) {
    EXPECT_EQ(examples.count(name), 1u)
        << "docs/api.md shows " << name << " " << examples.count(name) << " times, not once";
  }
  for (const auto& [name, text] : examples) {
    ASSERT_TRUE(Goldens().contains(name)) << "docs/api.md names an unknown golden " << name;
    json shown = json::parse(text, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(shown.is_discarded()) << "the example " << name << " in docs/api.md is not JSON";
    EXPECT_EQ(shown, Golden(name)) << "docs/api.md's " << name << " differs from the golden";
  }
}

// A golden document spoiled in one field is refused naming it: the check has teeth.
TEST(GoldenJson, ASpoiledDocumentIsRefusedNamingTheField) {
  json plan = Golden("restore_plan.json");
  plan["items"][0]["package"]["url"] = "https://elsewhere.example/x";
  Result<json> refused = Goldens().at("restore_plan.json")(plan);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("items[0].package.url"), std::string::npos)
      << refused.status().message();
}

// An app set's plan item (CONTRACT §7): its members base first, each fetched from its own
// blob path; a plan of an older server (no "packages") reads as the base alone.
TEST(GoldenJson, APlanItemListsItsMembersBaseFirst) {
  const json golden = Golden("restore_plan.json");
  Result<RestorePlan> plan = RestorePlanFromJson(golden);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  const RestorePlanItem& set = plan->items[1];
  ASSERT_EQ(set.packages.size(), 4u);
  EXPECT_EQ(set.packages[0].split, "");
  EXPECT_EQ(set.packages[0].sha256, set.package->package.sha256);
  EXPECT_EQ(set.packages[1].split, "config.arm64_v8a");
  ASSERT_EQ(set.package->package.splits.size(), 4u);
  EXPECT_EQ(set.package->package.splits[3].kind, SplitKind::kDensity);
  EXPECT_EQ(set.package->package.splits[3].density, 480);

  json old = golden;
  old["items"][0].erase("packages");
  Result<RestorePlan> older = RestorePlanFromJson(old);
  ASSERT_TRUE(older.ok()) << older.status().ToString();
  ASSERT_EQ(older->items[0].packages.size(), 1u);
  EXPECT_EQ(older->items[0].packages[0].sha256, older->items[0].package->package.sha256);

  for (auto [item, spoil, field] : std::vector<std::tuple<int, std::string, std::string>>{
           {1, "first_not_base", "items[1].packages"},
           {1, "url", "items[1].packages[2].url"},
           {1, "kind", "items[1].package.splits[0].kind"},
           {2, "unexpected", "items[2].packages"}}) {
    json spoiled = golden;
    json& it = spoiled["items"][item];
    if (spoil == "first_not_base") std::swap(it["packages"][0], it["packages"][1]);
    if (spoil == "url") it["packages"][2]["url"] = "https://elsewhere.example/x";
    if (spoil == "kind") it["package"]["splits"][0]["kind"] = "texture";
    if (spoil == "unexpected") it["packages"] = golden["items"][0]["packages"];
    Result<RestorePlan> refused = RestorePlanFromJson(spoiled);
    ASSERT_FALSE(refused.ok()) << spoil;
    EXPECT_EQ(refused.status().message().rfind(field + ":", 0), 0u)
        << spoil << ": " << refused.status().message();
  }
}

}  // namespace
}  // namespace appvault::api
