// GET /v1/backups, POST /v1/backups (many apps, a report per app), DELETE /v1/backups/{app}.
#include <set>

#include "server/api/errors.h"
#include "server/api/handlers.h"
#include "server/api/json_util.h"
#include "server/api/views.h"

namespace appvault::server::api {

namespace http = boost::beast::http;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxAppsPerBackup = 1000;

// apps[i] as a record of the device's platform; errors are recorded in `reader`.
BackupRecord ReadBackupItem(FieldReader& reader, const store::Device& device) {
  BackupRecord backup;
  backup.platform = device.profile.platform;
  backup.device_id = device.id;
  std::string app = reader.String("app", 255);
  std::string version = reader.VersionText("version_code");
  backup.version_name = reader.OptionalString("version_name", 256).value_or("");
  backup.signer_sha256 = reader.OptionalSha256("signer_sha256");
  backup.config_sha256 = reader.OptionalSha256("config_sha256");
  reader.RejectUnknown({"app", "version_code", "version_name", "signer_sha256", "config_sha256"});
  if (!reader.status().ok()) return backup;
  Result<AppId> app_id = AppId::ParseFor(backup.platform, app);
  if (!app_id.ok()) {
    reader.Fail("app", app_id.status().message());
    return backup;
  }
  backup.app = *app_id;
  Result<Version> parsed = Version::Parse(backup.platform, version);
  if (parsed.ok()) backup.version = *parsed;
  if (!parsed.ok()) reader.Fail("version_code", parsed.status().message());
  return backup;
}

// Every item of `apps`, or kInvalidArgument naming the first bad field.
Result<std::vector<BackupRecord>> ReadBackupItems(const json& apps, const store::Device& device) {
  std::vector<BackupRecord> out;
  std::set<AppId> seen;
  for (std::size_t i = 0; i < apps.size(); ++i) {
    const std::string path = "apps[" + std::to_string(i) + "]";
    if (!apps[i].is_object()) {
      return Status(StatusCode::kInvalidArgument, path + ": expected an object");
    }
    FieldReader reader(apps[i], path);
    BackupRecord backup = ReadBackupItem(reader, device);
    if (!reader.status().ok()) return reader.status();
    if (!seen.insert(backup.app).second) {
      return Status(StatusCode::kInvalidArgument,
                    path + ".app: \"" + backup.app.str() + "\" is listed twice");
    }
    out.push_back(std::move(backup));
  }
  return out;
}

// Fills the library's software id (when the app is in the library) and checks that the
// configuration blob is the caller's. Returns why the item cannot be backed up, or "".
Result<std::string> Resolve(store::MetadataStore& store, std::int64_t user_id,
                            BackupRecord& backup) {
  Result<std::string> software = store.FindSoftwareIdByApp(backup.platform, backup.app);
  if (software.ok()) {
    backup.software_id = *software;
  } else if (software.status().code() != StatusCode::kNotFound) {
    return software.status();
  }
  if (!backup.config_sha256.has_value()) return std::string();
  Result<bool> owner = store.IsBlobOwner(*backup.config_sha256, user_id);
  if (!owner.ok()) return owner.status();
  if (*owner) return std::string();
  return "configuration blob " + backup.config_sha256->Short() +
         " is not one of your uploads (POST /v1/blobs first)";
}

json ReportItem(const BackupRecord& backup, const std::string& failure) {
  return {{"app", backup.app.str()},
          {"status", failure.empty() ? "backed_up" : "failed"},
          {"software_id", OrNull(backup.software_id)},
          {"version_code", backup.version.text()},
          {"config_sha256", DigestOrNull(backup.config_sha256)},
          {"reason", failure}};
}

}  // namespace

Result<server::Reply> PutBackups(const Call& call) {
  Result<json> body = ParseJsonObject(call.request.message.body());
  if (!body.ok()) return body.status();
  FieldReader reader(*body, "");
  std::string device_id = reader.String("device_id", 64);
  const json* apps = reader.Array("apps", kMaxAppsPerBackup);
  reader.RejectUnknown({"device_id", "apps"});
  if (!reader.status().ok()) return reader.status();

  store::MetadataStore& store = *call.services.store;
  Result<store::Device> device = store.FindDevice(call.user->id, device_id);
  if (!device.ok()) return NotFoundAs(device.status(), DeviceNotFound(device_id));
  Result<std::vector<BackupRecord>> backups = ReadBackupItems(*apps, *device);
  if (!backups.ok()) return backups.status();

  const std::int64_t now = call.services.clock();
  std::vector<BackupRecord> accepted;
  json report = json::array();
  for (BackupRecord& backup : *backups) {
    backup.backed_up_at = now;
    Result<std::string> failure = Resolve(store, call.user->id, backup);
    if (!failure.ok()) return failure.status();
    report.push_back(ReportItem(backup, *failure));
    if (failure->empty()) accepted.push_back(backup);
  }
  Status stored =
      store.PutBackups(call.user->id, accepted, call.services.options.max_backups_per_user);
  if (!stored.ok()) return stored;
  return JsonReply(http::status::ok, {{"items", report}});
}

Result<server::Reply> ListBackups(const Call& call) {
  Result<std::vector<BackupRecord>> backups = call.services.store->ListBackups(call.user->id);
  if (!backups.ok()) return backups.status();
  json items = json::array();
  for (const BackupRecord& backup : *backups)
    items.push_back(BackupJson(backup));
  return JsonReply(http::status::ok, {{"items", items}});
}

Result<server::Reply> DeleteBackup(const Call& call) {
  std::string_view app_text = call.request.Param("app");
  const Status not_found(StatusCode::kNotFound,
                         "you have no backup of \"" + std::string(app_text) + "\"");
  Result<AppId> app = AppId::Parse(app_text);
  if (!app.ok()) return not_found;
  Status deleted = call.services.store->DeleteBackup(call.user->id, *app);
  if (!deleted.ok()) return NotFoundAs(deleted, not_found);
  return JsonReply(http::status::ok, {{"app", app->str()}, {"deleted", true}});
}

}  // namespace appvault::server::api
