// The golden documents of src/api/golden/: each is what its type's codec reads and writes
// back unchanged, and docs/api.md shows each of them exactly — an example in the docs that
// drifts from the wire fails here. In docs/api.md a golden example is a ```json block right
// after a line `<!-- golden: NAME.json -->`.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

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

}  // namespace
}  // namespace appvault::api
