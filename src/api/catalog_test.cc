#include "api/catalog.h"

#include <gtest/gtest.h>

#include "api/wire_test_documents.h"

namespace appvault::api {
namespace {

using nlohmann::json;

const std::string& kSha = testdata::kPackageSha;

json SoftwareObject() {
  return {{"id", "notes"},
          {"name", "Notes"},
          {"publisher", "Example Labs"},
          {"published_by", "alice"},
          {"category", ""},
          {"description", "Take notes"},
          {"votes", 2}};
}

json PackageObject() {
  json out = testdata::PackageDocument();
  out["signer_subject"] = "CN=Publisher A";
  out["published_at"] = 1700000000;
  return out;
}

json Summary() {
  json out = SoftwareObject();
  out["versions"] =
      json::array({{{"platform", "android"}, {"version_code", "2"}, {"version_name", "2.0"}},
                   {{"platform", "ios"}, {"version_code", "1.2"}, {"version_name", ""}}});
  return out;
}

json Published() {
  json out = PackageObject();
  out["schemes"] = json::array({"v2", "v3"});
  out["label"] = "Notes";
  out["software"] = SoftwareObject();
  return out;
}

json Detail() {
  json out = SoftwareObject();
  out["created_at"] = 1690000000;
  out["packages"] = json::array({PackageObject()});
  return out;
}

// The decode error's message for `document` read by `decode`.
template <typename T>
std::string Refusal(Result<T> (*decode)(const json&), const json& document) {
  Result<T> value = decode(document);
  EXPECT_FALSE(value.ok()) << document;
  if (value.ok()) return "";
  EXPECT_EQ(value.status().code(), StatusCode::kInvalidArgument);
  return value.status().message();
}

TEST(CatalogCodecTest, SoftwareListReadsEveryFieldAndWritesItBack) {
  json document = {{"items", json::array({Summary()})}};
  Result<SoftwareList> list = SoftwareListFromJson(document);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->items.size(), 1u);
  const SoftwareSummary& summary = list->items.front();
  EXPECT_EQ(summary.software.software.id, "notes");
  EXPECT_EQ(summary.software.software.publisher, "Example Labs");
  EXPECT_EQ(summary.software.published_by, "alice");
  EXPECT_EQ(summary.software.software.category, "");
  EXPECT_EQ(summary.software.software.votes, 2);
  ASSERT_EQ(summary.versions.size(), 2u);
  EXPECT_EQ(summary.versions[1].platform, Platform::kIos);
  EXPECT_EQ(summary.versions[1].version_code, "1.2");
  EXPECT_EQ(ToJson(*list), document);
  EXPECT_EQ(ToJson(*SoftwareListFromJson({{"items", json::array()}})),
            json({{"items", json::array()}}));
}

TEST(CatalogCodecTest, SoftwareDetailReadsItsPackages) {
  Result<SoftwareDetail> detail = SoftwareDetailFromJson(Detail());
  ASSERT_TRUE(detail.ok()) << detail.status().ToString();
  EXPECT_EQ(detail->created_at, 1690000000);
  ASSERT_EQ(detail->packages.size(), 1u);
  const CatalogPackage& package = detail->packages.front();
  EXPECT_EQ(package.package.package.app.str(), "org.example.notes");
  EXPECT_EQ(package.package.package.version.text(), "2");
  EXPECT_EQ(package.package.url, "/v1/blobs/" + kSha);
  EXPECT_EQ(package.signer_subject, "CN=Publisher A");
  EXPECT_EQ(package.published_at, 1700000000);
  EXPECT_EQ(ToJson(*detail), Detail());
}

TEST(CatalogCodecTest, PublishedPackageAndVoteReplyRoundTrip) {
  Result<PublishedPackage> published = PublishedPackageFromJson(Published());
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  EXPECT_EQ(published->schemes, (std::vector<std::string>{"v2", "v3"}));
  EXPECT_EQ(published->label, "Notes");
  EXPECT_EQ(published->software.software.name, "Notes");
  EXPECT_EQ(ToJson(*published), Published());
  json ios = Published();
  ios["schemes"] = json::array();  // an IPA's signature is not verified
  EXPECT_EQ(ToJson(*PublishedPackageFromJson(ios)), ios);

  json vote = {{"software_id", "notes"}, {"votes", 3}};
  Result<VoteReply> reply = VoteReplyFromJson(vote);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->votes, 3);
  EXPECT_EQ(ToJson(*reply), vote);
}

TEST(CatalogCodecTest, AnswersMayCarryFieldsANewerServerAdds) {
  json document = Published();
  document["mirrors"] = json::array();
  document["software"]["icon"] = "x";
  EXPECT_TRUE(PublishedPackageFromJson(document).ok());
}

TEST(CatalogCodecTest, RefusalsNameTheField) {
  json list = {{"items", json::array({Summary(), Summary()})}};
  list["items"][1]["versions"][0]["platform"] = "windows";
  EXPECT_NE(Refusal(SoftwareListFromJson, list).find("items[1].versions[0].platform"),
            std::string::npos);
  list = {{"items", json::array({Summary()})}};
  list["items"][0].erase("published_by");
  EXPECT_EQ(Refusal(SoftwareListFromJson, list), "items[0].published_by: missing");
  list["items"] = json::object();
  EXPECT_NE(Refusal(SoftwareListFromJson, list).find("items"), std::string::npos);

  json detail = Detail();
  detail["packages"][0]["url"] = "https://elsewhere.example/x";
  EXPECT_NE(Refusal(SoftwareDetailFromJson, detail).find("packages[0].url"), std::string::npos);
  detail = Detail();
  detail["packages"][0]["published_at"] = -1;
  EXPECT_NE(Refusal(SoftwareDetailFromJson, detail).find("packages[0].published_at"),
            std::string::npos);
  detail = Detail();
  detail.erase("created_at");
  EXPECT_EQ(Refusal(SoftwareDetailFromJson, detail), "created_at: missing");

  json published = Published();
  published["software"]["votes"] = "many";
  EXPECT_NE(Refusal(PublishedPackageFromJson, published).find("software.votes"), std::string::npos);
  published = Published();
  published.erase("software");
  EXPECT_EQ(Refusal(PublishedPackageFromJson, published), "software: missing");
  published = Published();
  published["signer_sha256"] = "beef";
  EXPECT_NE(Refusal(PublishedPackageFromJson, published).find("signer_sha256"), std::string::npos);
  published = Published();
  published["schemes"] = json::array({7});
  EXPECT_NE(Refusal(PublishedPackageFromJson, published).find("schemes[0]"), std::string::npos);

  EXPECT_NE(
      Refusal(VoteReplyFromJson, json({{"software_id", "notes"}, {"votes", -1}})).find("votes"),
      std::string::npos);
  EXPECT_EQ(Refusal(VoteReplyFromJson, json({{"votes", 1}})), "software_id: missing");
  EXPECT_NE(Refusal(VoteReplyFromJson, json::array()).find("expected an object"),
            std::string::npos);
}

}  // namespace
}  // namespace appvault::api
