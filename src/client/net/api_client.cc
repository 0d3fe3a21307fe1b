#include "client/net/api_client.h"

#include "api/restore_plans.h"
#include "client/net/curl_handle.h"

namespace appvault::client {
namespace {

using nlohmann::json;

// decode(*answer), or the answer's own failure, or kUnavailable naming the route.
template <typename T>
Result<T> Decode(const Result<json>& answer, Result<T> (*decode)(const json&),
                 std::string_view route) {
  if (!answer.ok()) return answer.status();
  Result<T> value = decode(*answer);
  if (value.ok()) return value;
  return Status(StatusCode::kUnavailable, "the server's answer to " + std::string(route) +
                                              " does not parse: " + value.status().message());
}

// "&key=value" (value percent-encoded), or "" for an empty value.
std::string Parameter(const char* key, const std::string& value) {
  return value.empty() ? "" : std::string("&") + key + "=" + UrlEscape(value);
}

// The parameters as a query string: "?a=1&b=2", or "" for none.
std::string Query(std::string parameters) {
  if (!parameters.empty()) parameters[0] = '?';
  return parameters;
}

std::string SnapshotPath(std::int64_t id) {
  return "/v1/snapshots/" + std::to_string(id);
}

}  // namespace

std::string ApiClient::BlobPath(const Sha256& sha256) {
  return api::BlobPath(sha256);
}

Result<api::Account> ApiClient::Register(const api::Credentials& credentials) const {
  json body = api::ToJson(credentials);
  return Decode(server_.Call("POST", "/v1/accounts", &body), api::AccountFromJson,
                "POST /v1/accounts");
}

Result<api::SessionInfo> ApiClient::Login(const api::Credentials& credentials) const {
  json body = api::ToJson(credentials);
  return Decode(server_.Call("POST", "/v1/sessions", &body), api::SessionInfoFromJson,
                "POST /v1/sessions");
}

Result<api::SignedOut> ApiClient::Logout() const {
  return Decode(server_.Call("DELETE", "/v1/sessions/current"), api::SignedOutFromJson,
                "DELETE /v1/sessions/current");
}

Result<api::Me> ApiClient::Me() const {
  return Decode(server_.Call("GET", "/v1/me"), api::MeFromJson, "GET /v1/me");
}

Result<api::PreferencesReply> ApiClient::SetPreferences(const json& settings) const {
  return Decode(server_.Call("PUT", "/v1/me/preferences", &settings), api::PreferencesReplyFromJson,
                "PUT /v1/me/preferences");
}

Result<api::DeviceList> ApiClient::ListDevices() const {
  return Decode(server_.Call("GET", "/v1/devices"), api::DeviceListFromJson, "GET /v1/devices");
}

Result<api::DeviceInfo> ApiClient::RegisterDevice(const api::DeviceRequest& device) const {
  json body = api::ToJson(device);
  return Decode(server_.Call("POST", "/v1/devices", &body), api::DeviceInfoFromJson,
                "POST /v1/devices");
}

Result<api::SoftwareList> ApiClient::SearchSoftware(const SoftwareSearch& search) const {
  const std::string query =
      Query(Parameter("limit", std::to_string(search.limit)) +
            Parameter("offset", std::to_string(search.offset)) + Parameter("q", search.text) +
            Parameter("category", search.category));
  return Decode(server_.Call("GET", "/v1/catalog/software" + query), api::SoftwareListFromJson,
                "GET /v1/catalog/software");
}

Result<api::VoteReply> ApiClient::Vote(const std::string& software_id) const {
  return Decode(server_.Call("POST", "/v1/catalog/software/" + UrlEscape(software_id) + "/votes"),
                api::VoteReplyFromJson, "POST /v1/catalog/software/{id}/votes");
}

Result<api::PublishedPackage> ApiClient::Publish(const PublishTarget& target,
                                                 const std::string& file) const {
  const std::string query =
      Query(Parameter("software", target.software) + Parameter("name", target.name) +
            Parameter("publisher", target.publisher) + Parameter("category", target.category) +
            Parameter("description", target.description));
  return Decode(server_.UploadFile("/v1/catalog/packages" + query, file),
                api::PublishedPackageFromJson, "POST /v1/catalog/packages");
}

Result<bool> ApiClient::HasBlob(const Sha256& sha256) const {
  Result<int> status = server_.Head(BlobPath(sha256));
  if (!status.ok()) return status.status();
  return *status == 200;
}

Result<api::StoredBlob> ApiClient::UploadBlob(const std::string& file) const {
  return Decode(server_.UploadFile("/v1/blobs", file), api::StoredBlobFromJson, "POST /v1/blobs");
}

Result<api::BackupList> ApiClient::ListBackups() const {
  return Decode(server_.Call("GET", "/v1/backups"), api::BackupListFromJson, "GET /v1/backups");
}

Result<api::ForgottenApp> ApiClient::ForgetApp(const std::string& app) const {
  return Decode(server_.Call("DELETE", "/v1/backups/" + UrlEscape(app)), api::ForgottenAppFromJson,
                "DELETE /v1/backups/{app}");
}

Result<api::CreatedSnapshot> ApiClient::CreateSnapshot(
    const std::string& device_id, const json& apps, std::optional<std::int64_t> snapshot_id) const {
  json body = {{"device_id", device_id}, {"apps", apps}};
  if (snapshot_id.has_value()) body["snapshot_id"] = *snapshot_id;
  return Decode(server_.Call("POST", "/v1/snapshots", &body), api::CreatedSnapshotFromJson,
                "POST /v1/snapshots");
}

Result<api::SnapshotList> ApiClient::ListSnapshots(
    const std::optional<std::string>& device_id) const {
  const std::string path =
      "/v1/snapshots" + (device_id ? "?device_id=" + UrlEscape(*device_id) : std::string());
  return Decode(server_.Call("GET", path), api::SnapshotListFromJson, "GET /v1/snapshots");
}

Result<api::SnapshotDetail> ApiClient::GetSnapshot(std::int64_t id) const {
  return Decode(server_.Call("GET", SnapshotPath(id)), api::SnapshotDetailFromJson,
                "GET /v1/snapshots/{id}");
}

Result<api::ForgetReply> ApiClient::DeleteSnapshot(std::int64_t id) const {
  return Decode(server_.Call("DELETE", SnapshotPath(id)), api::ForgetReplyFromJson,
                "DELETE /v1/snapshots/{id}");
}

Result<api::ForgetReply> ApiClient::ForgetSnapshots(const api::ForgetRequest& request) const {
  json body = api::ToJson(request);
  return Decode(server_.Call("POST", "/v1/snapshots/forget", &body), api::ForgetReplyFromJson,
                "POST /v1/snapshots/forget");
}

Result<api::RestorePlan> ApiClient::PlanRestore(const api::RestorePlanRequest& request) const {
  json body = api::ToJson(request);
  Result<json> answer = server_.Call("POST", "/v1/restore-plans", &body);
  if (!answer.ok()) return answer.status();
  Result<api::RestorePlan> plan = api::RestorePlanFromJson(*answer);
  if (plan.ok()) return plan;
  return Status(StatusCode::kInternal,
                "the server's restore plan is not understood: " + plan.status().message());
}

}  // namespace appvault::client
