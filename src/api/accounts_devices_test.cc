// The account, device, blob and backup-list codecs refuse what is wrong, naming the field
// (their round trips are the golden documents' test, golden_test.cc).
#include <gtest/gtest.h>

#include "api/accounts.h"
#include "api/blobs.h"
#include "api/devices.h"
#include "api/snapshots.h"

namespace appvault::api {
namespace {

using nlohmann::json;

template <typename T>
void ExpectRefused(Result<T> (*decode)(const json&), const json& document,
                   const std::string& field) {
  Result<T> refused = decode(document);
  ASSERT_FALSE(refused.ok()) << document;
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().message().rfind(field + ":", 0), 0u) << refused.status().message();
}

TEST(AccountWire, RefusesNamingTheField) {
  ExpectRefused(CredentialsFromJson, {{"username", "ann"}}, "password");
  ExpectRefused(CredentialsFromJson, {{"username", "ann"}, {"password", "x"}, {"admin", true}},
                "admin");
  ExpectRefused(AccountFromJson, {{"username", "ann"}, {"role", "root"}, {"created_at", 1}},
                "role");
  ExpectRefused(SessionInfoFromJson,
                {{"token", ""}, {"expires_at", 1}, {"username", "ann"}, {"role", "user"}}, "token");
  ExpectRefused(MeFromJson,
                {{"username", "ann"},
                 {"role", "user"},
                 {"created_at", 1},
                 {"preferences", {{"install_latest", "yes"}}}},
                "preferences.install_latest");
  ExpectRefused(PreferencesReplyFromJson, json::object(), "preferences");
  ExpectRefused(SignedOutFromJson, {{"signed_out", 1}}, "signed_out");
}

TEST(DeviceWire, RefusesNamingTheField) {
  const json good = {{"platform", "android"}, {"os_version", "30"}, {"abis", {"arm64-v8a"}}};
  ASSERT_TRUE(DeviceRequestFromJson(good).ok());
  json bad = good;
  bad["platform"] = "symbian";
  ExpectRefused(DeviceRequestFromJson, bad, "platform");
  bad = good;
  bad["os_version"] = "16.4";
  ExpectRefused(DeviceRequestFromJson, bad, "os_version");
  bad = good;
  bad["abis"] = json::array();
  ExpectRefused(DeviceRequestFromJson, bad, "abis");
  bad = good;
  bad["colour"] = "blue";
  ExpectRefused(DeviceRequestFromJson, bad, "colour");
  bad = good;
  bad["density"] = 0;
  ExpectRefused(DeviceRequestFromJson, bad, "density");
  bad["density"] = 10001;
  ExpectRefused(DeviceRequestFromJson, bad, "density");
  bad = good;
  bad["locales"] = {"en_US"};
  ExpectRefused(DeviceRequestFromJson, bad, "locales");
  bad["locales"] = json::array();
  ExpectRefused(DeviceRequestFromJson, bad, "locales");
  // A client older than density and locales meant the defaults.
  EXPECT_EQ(DeviceRequestFromJson(good)->profile.density, 420);
  EXPECT_EQ(DeviceRequestFromJson(good)->profile.locales, std::vector<std::string>{"en-US"});
  json device = good;
  device["device_id"] = "d1";
  device["name"] = "pixel";
  device["created_at"] = -1;
  ExpectRefused(DeviceListFromJson, {{"items", json::array({device})}}, "items[0].created_at");
}

TEST(BlobAndBackupWire, RefusesNamingTheField) {
  const std::string sha(64, 'a');
  ExpectRefused(StoredBlobFromJson, {{"sha256", sha}, {"size", 3}, {"url", "/v1/blobs/other"}},
                "url");
  ExpectRefused(StoredBlobFromJson, {{"size", 3}, {"url", "/v1/blobs/" + sha}}, "sha256");
  json item = {{"app", "org.example.notes"}, {"platform", "android"}, {"software_id", nullptr},
               {"version_code", "3"},        {"version_name", "1"},   {"signer_sha256", nullptr},
               {"config_sha256", "zz"},      {"device_id", "d1"},     {"backed_up_at", 1}};
  ExpectRefused(BackupListFromJson, {{"items", json::array({item})}}, "items[0].config_sha256");
  ExpectRefused(ForgottenAppFromJson, {{"app", "x"}}, "deleted");
}

}  // namespace
}  // namespace appvault::api
