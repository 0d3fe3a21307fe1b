#include "server/api/backup_run.h"

#include <limits>
#include <set>

#include "server/api/errors.h"
#include "server/api/wire.h"

namespace appvault::server::api {

using appvault::api::BackupReportItem;
using appvault::api::CreatedSnapshot;
using nlohmann::json;

namespace {

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

BackupReportItem ReportItem(const BackupRecord& backup, const std::string& failure) {
  return {.app = backup.app.str(),
          .backed_up = failure.empty(),
          .software_id = backup.software_id,
          .version_code = backup.version.text(),
          .config_sha256 = backup.config_sha256,
          .reason = failure};
}

}  // namespace

Result<CreatedSnapshot> RecordBackupRun(const Call& call) {
  Result<json> body = ParseJsonObject(call.request.message.body());
  if (!body.ok()) return body.status();
  FieldReader reader(*body, "");
  std::string device_id = reader.String("device_id", 64);
  const json* apps = reader.Array("apps", appvault::api::kMaxAppsPerBackup);
  std::optional<std::int64_t> append_to =
      reader.OptionalInteger("snapshot_id", 1, std::numeric_limits<std::int64_t>::max());
  reader.RejectUnknown({"device_id", "apps", "snapshot_id"});
  if (!reader.status().ok()) return reader.status();

  store::MetadataStore& store = *call.services.store;
  Result<store::Device> device = store.FindDevice(call.user->id, device_id);
  if (!device.ok()) return NotFoundAs(device.status(), DeviceNotFound(device_id));
  Result<std::vector<BackupRecord>> backups = ReadBackupItems(*apps, *device);
  if (!backups.ok()) return backups.status();

  if (append_to.has_value()) {
    // A snapshot's device never changes, so this check holds when the apps are added.
    Result<store::SnapshotRecord> target = store.FindSnapshot(call.user->id, *append_to);
    if (!target.ok()) return target.status();
    if (target->device_id != device->id) {
      return Status(StatusCode::kInvalidArgument, "snapshot_id: snapshot " +
                                                      std::to_string(*append_to) +
                                                      " is not of device \"" + device->id + "\"");
    }
  }

  CreatedSnapshot created;
  std::vector<BackupRecord> accepted;
  for (BackupRecord& backup : *backups) {
    Result<std::string> failure = Resolve(store, call.user->id, backup);
    if (!failure.ok()) return failure.status();
    created.items.push_back(ReportItem(backup, *failure));
    if (failure->empty()) accepted.push_back(backup);
  }
  if (accepted.empty() && !backups->empty()) return created;

  const ApiOptions& options = call.services.options;
  const store::SnapshotLimits limits{
      .per_device = options.max_snapshots_per_device,
      .per_user = options.max_snapshots_per_user,
      .backed_up_apps = static_cast<std::int64_t>(options.max_backups_per_user)};
  const std::int64_t now = call.services.clock();
  Result<store::SnapshotRecord> snapshot =
      append_to.has_value()
          ? store.AppendToSnapshot(call.user->id, *append_to, now, accepted, limits)
          : store.CreateSnapshot(call.user->id, device->id, now, accepted, limits);
  if (!snapshot.ok()) return snapshot.status();
  created.snapshot_id = snapshot->id;
  return created;
}

}  // namespace appvault::server::api
