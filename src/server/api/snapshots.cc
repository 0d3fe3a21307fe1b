// The snapshot routes of CONTRACT §6: POST /v1/snapshots (a backup run), GET /v1/snapshots,
// GET and DELETE /v1/snapshots/{id}, POST /v1/snapshots/forget (retention).
#include <algorithm>
#include <charconv>
#include <limits>
#include <map>

#include "core/retention.h"
#include "server/api/backup_run.h"
#include "server/api/errors.h"
#include "server/api/handlers.h"
#include "server/api/query.h"
#include "server/api/views.h"
#include "server/api/wire.h"

namespace appvault::server::api {

namespace http = boost::beast::http;
namespace wire = appvault::api;

namespace {

// device id → name, for the caller's devices.
Result<std::map<std::string, std::string>> DeviceNames(const Call& call) {
  Result<std::vector<store::Device>> devices = call.services.store->ListDevices(call.user->id);
  if (!devices.ok()) return devices.status();
  std::map<std::string, std::string> names;
  for (const store::Device& device : *devices)
    names[device.id] = device.name;
  return names;
}

wire::SnapshotSummary Summary(const store::SnapshotRecord& snapshot,
                              const std::map<std::string, std::string>& names) {
  auto name = names.find(snapshot.device_id);
  return {.snapshot_id = snapshot.id,
          .device_id = snapshot.device_id,
          .device_name = name == names.end() ? std::string() : name->second,
          .platform = snapshot.platform,
          .created_at = snapshot.created_at,
          .apps = snapshot.apps,
          .with_config = snapshot.with_config};
}

wire::SnapshotApp App(const BackupRecord& backup) {
  return {.app = backup.app.str(),
          .platform = backup.platform,
          .software_id = backup.software_id,
          .version_code = backup.version.text(),
          .version_name = backup.version_name,
          .signer_sha256 = backup.signer_sha256,
          .config_sha256 = backup.config_sha256};
}

// The {id} of the path, or kNotFound (as for an id that is not the caller's).
Result<std::int64_t> SnapshotIdParam(const Call& call) {
  std::string_view text = call.request.Param("id");
  std::int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return Status(StatusCode::kNotFound, "no snapshot " + std::string(text));
  }
  return id;
}

// The caller's device `device_id`, or kNotFound naming it.
Status CheckDevice(const Call& call, const std::string& device_id) {
  Result<store::Device> device = call.services.store->FindDevice(call.user->id, device_id);
  return device.ok() ? Status::Ok() : NotFoundAs(device.status(), DeviceNotFound(device_id));
}

// Whether `policy` keeps each of `snapshots` (of any devices), applied per device.
std::vector<bool> Verdicts(const std::vector<store::SnapshotRecord>& snapshots,
                           const RetentionPolicy& policy) {
  std::map<std::string, std::vector<std::size_t>> by_device;
  for (std::size_t i = 0; i < snapshots.size(); ++i)
    by_device[snapshots[i].device_id].push_back(i);
  std::vector<bool> keep(snapshots.size(), false);
  for (auto& [device, indexes] : by_device) {
    // Newest first by time; of two at one second, the higher id is the newer.
    std::sort(indexes.begin(), indexes.end(), [&](std::size_t a, std::size_t b) {
      if (snapshots[a].created_at != snapshots[b].created_at)
        return snapshots[a].created_at > snapshots[b].created_at;
      return snapshots[a].id > snapshots[b].id;
    });
    std::vector<SnapshotTime> times;
    for (std::size_t i : indexes)
      times.push_back({snapshots[i].created_at});
    std::vector<RetentionVerdict> verdicts = ApplyRetention(times, policy);
    for (std::size_t k = 0; k < indexes.size(); ++k)
      keep[indexes[k]] = verdicts[k].keep;
  }
  return keep;
}

}  // namespace

Result<server::Reply> CreateSnapshot(const Call& call) {
  Result<wire::CreatedSnapshot> created = RecordBackupRun(call);
  if (!created.ok()) return created.status();
  return JsonReply(created->snapshot_id == 0 ? http::status::ok : http::status::created,
                   wire::ToJson(*created));
}

Result<server::Reply> ListSnapshots(const Call& call) {
  Result<QueryParams> params = ParseQuery(call.request.query, {"device_id"});
  if (!params.ok()) return params.status();
  std::optional<std::string> device_id;
  if (auto it = params->find("device_id"); it != params->end()) {
    device_id = it->second;
    Status known = CheckDevice(call, *device_id);
    if (!known.ok()) return known;
  }
  Result<std::vector<store::SnapshotRecord>> snapshots =
      call.services.store->ListSnapshots(call.user->id, device_id);
  if (!snapshots.ok()) return snapshots.status();
  Result<std::map<std::string, std::string>> names = DeviceNames(call);
  if (!names.ok()) return names.status();
  wire::SnapshotList list;
  for (const store::SnapshotRecord& snapshot : *snapshots)
    list.items.push_back(Summary(snapshot, *names));
  return JsonReply(http::status::ok, wire::ToJson(list));
}

Result<server::Reply> GetSnapshot(const Call& call) {
  Result<std::int64_t> id = SnapshotIdParam(call);
  if (!id.ok()) return id.status();
  store::MetadataStore& store = *call.services.store;
  Result<store::SnapshotRecord> snapshot = store.FindSnapshot(call.user->id, *id);
  if (!snapshot.ok()) return snapshot.status();
  Result<std::vector<BackupRecord>> apps = store.ListSnapshotApps(call.user->id, *id);
  if (!apps.ok()) return apps.status();
  Result<std::map<std::string, std::string>> names = DeviceNames(call);
  if (!names.ok()) return names.status();
  wire::SnapshotDetail detail{Summary(*snapshot, *names), {}};
  for (const BackupRecord& app : *apps)
    detail.items.push_back(App(app));
  return JsonReply(http::status::ok, wire::ToJson(detail));
}

Result<server::Reply> DeleteSnapshot(const Call& call) {
  Result<std::int64_t> id = SnapshotIdParam(call);
  if (!id.ok()) return id.status();
  store::MetadataStore& store = *call.services.store;
  Result<store::SnapshotRecord> snapshot = store.FindSnapshot(call.user->id, *id);
  if (!snapshot.ok()) return snapshot.status();
  Status deleted = store.DeleteSnapshots(call.user->id, {*id});
  if (!deleted.ok()) return deleted;
  Result<std::map<std::string, std::string>> names = DeviceNames(call);
  if (!names.ok()) return names.status();
  wire::ForgetReply reply;
  reply.removed.push_back(Summary(*snapshot, *names));
  return JsonReply(http::status::ok, wire::ToJson(reply));
}

Result<server::Reply> ForgetSnapshots(const Call& call) {
  Result<nlohmann::json> body = ParseJsonObject(call.request.message.body());
  if (!body.ok()) return body.status();
  Result<wire::ForgetRequest> request = wire::ForgetRequestFromJson(*body);
  if (!request.ok()) return request.status();
  const RetentionPolicy policy{.keep_last = static_cast<int>(request->keep_last),
                               .keep_daily = static_cast<int>(request->keep_daily),
                               .keep_weekly = static_cast<int>(request->keep_weekly),
                               .keep_monthly = static_cast<int>(request->keep_monthly)};
  Status valid = ValidateRetentionPolicy(policy);
  if (!valid.ok()) return valid;
  if (request->device_id.has_value()) {
    Status known = CheckDevice(call, *request->device_id);
    if (!known.ok()) return known;
  }
  store::MetadataStore& store = *call.services.store;
  Result<std::vector<store::SnapshotRecord>> snapshots =
      store.ListSnapshots(call.user->id, request->device_id);
  if (!snapshots.ok()) return snapshots.status();
  Result<std::map<std::string, std::string>> names = DeviceNames(call);
  if (!names.ok()) return names.status();

  const std::vector<bool> keep = Verdicts(*snapshots, policy);
  wire::ForgetReply reply;
  reply.dry_run = request->dry_run;
  std::vector<std::int64_t> removed;
  for (std::size_t i = 0; i < snapshots->size(); ++i) {
    (keep[i] ? reply.kept : reply.removed).push_back(Summary((*snapshots)[i], *names));
    if (!keep[i]) removed.push_back((*snapshots)[i].id);
  }
  if (!request->dry_run && !removed.empty()) {
    Status deleted = store.DeleteSnapshots(call.user->id, removed);
    if (!deleted.ok()) return deleted;
  }
  return JsonReply(http::status::ok, wire::ToJson(reply));
}

}  // namespace appvault::server::api
