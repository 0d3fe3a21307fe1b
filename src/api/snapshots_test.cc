// Round trips of every snapshot wire type, and decoders that name the wrong field.
#include "api/snapshots.h"

#include <gtest/gtest.h>

namespace appvault::api {
namespace {

using nlohmann::json;

Sha256 Digest(char fill) {
  return *Sha256::ParseHex(std::string(64, fill));
}

SnapshotSummary Summary() {
  return {.snapshot_id = 7,
          .device_id = "dev-1",
          .device_name = "Pixel 8",
          .platform = Platform::kIos,
          .created_at = 1764800000,
          .apps = 2,
          .with_config = true};
}

SnapshotApp App() {
  return {.app = "org.example.notes",
          .platform = Platform::kAndroid,
          .software_id = "notes",
          .version_code = "42",
          .version_name = "4.2",
          .signer_sha256 = Digest('a'),
          .config_sha256 = Digest('b')};
}

void ExpectSame(const SnapshotSummary& a, const SnapshotSummary& b) {
  EXPECT_EQ(ToJson(a), ToJson(b));
}

TEST(SnapshotWireTest, SummaryRoundTrips) {
  Result<SnapshotSummary> back = SnapshotSummaryFromJson(ToJson(Summary()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->snapshot_id, 7);
  EXPECT_EQ(back->device_name, "Pixel 8");
  EXPECT_EQ(back->platform, Platform::kIos);
  EXPECT_TRUE(back->with_config);
  ExpectSame(*back, Summary());
}

TEST(SnapshotWireTest, DetailRoundTripsWithAndWithoutOptionalFields) {
  SnapshotApp bare = App();
  bare.software_id.reset();
  bare.signer_sha256.reset();
  bare.config_sha256.reset();
  SnapshotDetail detail{Summary(), {App(), bare}};
  Result<SnapshotDetail> back = SnapshotDetailFromJson(ToJson(detail));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->items.size(), 2u);
  EXPECT_EQ(back->items[0].config_sha256, Digest('b'));
  EXPECT_FALSE(back->items[1].software_id.has_value());
  EXPECT_EQ(ToJson(*back), ToJson(detail));
  EXPECT_EQ(ToJson(detail)["items"][1]["config_sha256"], nullptr);
}

TEST(SnapshotWireTest, ListAndForgetReplyRoundTrip) {
  SnapshotList list{{Summary(), Summary()}};
  Result<SnapshotList> back = SnapshotListFromJson(ToJson(list));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(ToJson(*back), ToJson(list));

  ForgetReply reply{{Summary()}, {}, true};
  Result<ForgetReply> forgot = ForgetReplyFromJson(ToJson(reply));
  ASSERT_TRUE(forgot.ok()) << forgot.status().ToString();
  EXPECT_EQ(forgot->removed.size(), 1u);
  EXPECT_TRUE(forgot->dry_run);
  EXPECT_EQ(ToJson(*forgot), ToJson(reply));
}

TEST(SnapshotWireTest, CreatedSnapshotRoundTripsAndZeroIsNull) {
  CreatedSnapshot created{12,
                          {{"a.b", true, "ab", "3", Digest('c'), ""},
                           {"c.d", false, std::nullopt, "1", std::nullopt, "why"}}};
  Result<CreatedSnapshot> back = CreatedSnapshotFromJson(ToJson(created));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->snapshot_id, 12);
  EXPECT_FALSE(back->items[1].backed_up);
  EXPECT_EQ(back->items[1].reason, "why");
  EXPECT_EQ(ToJson(*back), ToJson(created));

  CreatedSnapshot none;
  EXPECT_EQ(ToJson(none)["snapshot_id"], nullptr);
  EXPECT_EQ(CreatedSnapshotFromJson(ToJson(none))->snapshot_id, 0);
}

TEST(SnapshotWireTest, ForgetRequestRoundTripsAndNeedsARule) {
  ForgetRequest request{.keep_last = 1, .keep_weekly = 4, .device_id = "dev-1", .dry_run = true};
  Result<ForgetRequest> back = ForgetRequestFromJson(ToJson(request));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->keep_weekly, 4);
  EXPECT_EQ(back->device_id, "dev-1");
  EXPECT_EQ(ToJson(*back), ToJson(request));

  Result<ForgetRequest> none = ForgetRequestFromJson(json{{"dry_run", true}});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("keep_last"), std::string::npos);
}

TEST(SnapshotWireTest, DecodersNameTheWrongField) {
  json bad = ToJson(SnapshotDetail{Summary(), {App(), App()}});
  bad["items"][1]["config_sha256"] = "xyz";
  Result<SnapshotDetail> detail = SnapshotDetailFromJson(bad);
  ASSERT_FALSE(detail.ok());
  EXPECT_EQ(detail.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(detail.status().message(), "items[1].config_sha256: expected 64 hex digits");

  json no_id = ToJson(Summary());
  no_id.erase("snapshot_id");
  EXPECT_EQ(SnapshotSummaryFromJson(no_id).status().message(), "snapshot_id: missing");

  json platform = ToJson(Summary());
  platform["platform"] = "symbian";
  EXPECT_EQ(SnapshotSummaryFromJson(platform).status().message().rfind("platform: ", 0), 0u);

  EXPECT_FALSE(SnapshotListFromJson(json::array()).ok());
  EXPECT_FALSE(ForgetRequestFromJson(json{{"keep_last", -1}}).ok());
  EXPECT_FALSE(ForgetRequestFromJson(json{{"keep_last", 1}, {"keep_hourly", 1}}).ok());
}

}  // namespace
}  // namespace appvault::api
