// POST /v1/restore-plans: the install decision of CONTRACT §4 for each app asked for.
#include <algorithm>
#include <limits>

#include "server/api/errors.h"
#include "server/api/handlers.h"
#include "server/api/restore_planner.h"
#include "server/api/views.h"
#include "server/api/wire.h"

namespace appvault::server::api {

namespace http = boost::beast::http;
using nlohmann::json;

namespace {

using appvault::api::kMaxAppsPerPlan;

struct PlanRequest {
  std::string device_id;
  std::vector<std::string> apps;  // empty with `all`
  bool all = false;
  std::size_t offset = 0;  // with `all`: the first backup (by app id) of this page
  Preferences sent;
  // The source (CONTRACT §6): one snapshot, or a device's newest; neither: the newest
  // record of each app (for `all`: the newest snapshot of the platform's latest device).
  std::optional<std::int64_t> snapshot_id;
  std::optional<std::string> source_device_id;
};

Result<PlanRequest> ReadPlanRequest(std::string_view body) {
  Result<json> object = ParseJsonObject(body);
  if (!object.ok()) return object.status();
  FieldReader reader(*object, "");
  PlanRequest request;
  request.device_id = reader.String("device_id", 64);
  request.all = reader.OptionalBool("all").value_or(false);
  if (reader.Has("apps") || !request.all)
    request.apps = reader.StringArray("apps", kMaxAppsPerPlan);
  if (request.all && !request.apps.empty()) reader.Fail("all", "give either apps or all: true");
  if (reader.Has("offset")) {
    if (!request.all) reader.Fail("offset", "only with all: true");
    const json& offset = (*object)["offset"];
    if (offset.is_number_unsigned()) {
      request.offset = offset.get<std::size_t>();
    } else {
      reader.Fail("offset", "expected a non-negative integer");
    }
  }
  if (const json* preferences = reader.OptionalObject("preferences")) {
    FieldReader nested(*preferences, "preferences");
    request.sent = ReadPreferences(nested);
    reader.Record(nested.status());
  }
  request.snapshot_id =
      reader.OptionalInteger("snapshot_id", 1, std::numeric_limits<std::int64_t>::max());
  request.source_device_id = reader.OptionalString("source_device_id", 64);
  if (request.snapshot_id && request.source_device_id) {
    reader.Fail("source_device_id", "give either snapshot_id or source_device_id");
  }
  reader.RejectUnknown(
      {"device_id", "apps", "all", "offset", "preferences", "snapshot_id", "source_device_id"});
  if (!reader.status().ok()) return reader.status();
  return request;
}

json PlannedJson(const PlannedApp& planned) {
  json out = PlanItemJson(planned.item);
  out["app"] = planned.app;
  out["requested"] = planned.requested;
  out["snapshot_id"] = OrNull(planned.snapshot_id);
  return out;
}

// The records a plan chooses from, and the snapshot they all come from (when one does).
struct PlanSource {
  std::vector<BackupRecord> backups;
  std::optional<std::int64_t> snapshot_id;
};

Result<PlanSource> SnapshotSource(store::MetadataStore& store, std::int64_t user_id,
                                  const store::SnapshotRecord& snapshot) {
  Result<std::vector<BackupRecord>> apps = store.ListSnapshotApps(user_id, snapshot.id);
  if (!apps.ok()) return apps.status();
  // By app id, then platform, as ListBackups orders them (`all` pages over this order).
  std::stable_sort(apps->begin(), apps->end(), [](const BackupRecord& a, const BackupRecord& b) {
    return a.app.str() < b.app.str();
  });
  return PlanSource{std::move(apps).value(), snapshot.id};
}

// What the request restores from (CONTRACT §6 "default sources").
Result<PlanSource> ChooseSource(store::MetadataStore& store, std::int64_t user_id,
                                const PlanRequest& request, Platform platform) {
  if (request.snapshot_id) {
    Result<store::SnapshotRecord> snapshot = store.FindSnapshot(user_id, *request.snapshot_id);
    if (!snapshot.ok()) {
      return NotFoundAs(snapshot.status(),
                        Status(StatusCode::kNotFound, "snapshot_id: you have no snapshot " +
                                                          std::to_string(*request.snapshot_id)));
    }
    return SnapshotSource(store, user_id, *snapshot);
  }
  if (request.source_device_id) {
    Result<store::Device> source = store.FindDevice(user_id, *request.source_device_id);
    if (!source.ok()) {
      Status not_found(StatusCode::kNotFound, "source_device_id: you have no device \"" +
                                                  *request.source_device_id + "\"");
      return NotFoundAs(source.status(), not_found);
    }
    Result<std::vector<store::SnapshotRecord>> snapshots =
        store.ListSnapshots(user_id, std::string_view(source->id));
    if (!snapshots.ok()) return snapshots.status();
    if (snapshots->empty()) {
      return Status(StatusCode::kNotFound, "source_device_id: device \"" + source->id +
                                               "\" has no snapshot to restore from");
    }
    return SnapshotSource(store, user_id, snapshots->front());
  }
  if (request.all) {
    // The apps of the newest snapshot of this platform (else of any platform): an app
    // uninstalled before that backup is not reinstalled.
    Result<store::SnapshotRecord> newest = store.FindNewestSnapshot(user_id, platform);
    if (!newest.ok() && newest.status().code() == StatusCode::kNotFound) {
      newest = store.FindNewestSnapshot(user_id, std::nullopt);
    }
    if (newest.ok()) return SnapshotSource(store, user_id, *newest);
    if (newest.status().code() != StatusCode::kNotFound) return newest.status();
    return PlanSource{};
  }
  Result<std::vector<BackupRecord>> backups = store.ListBackups(user_id);
  if (!backups.ok()) return backups.status();
  return PlanSource{std::move(backups).value(), std::nullopt};
}

}  // namespace

Result<server::Reply> CreateRestorePlan(const Call& call) {
  Result<PlanRequest> request = ReadPlanRequest(call.request.message.body());
  if (!request.ok()) return request.status();
  store::MetadataStore& store = *call.services.store;
  Result<store::Device> device = store.FindDevice(call.user->id, request->device_id);
  if (!device.ok()) return NotFoundAs(device.status(), DeviceNotFound(request->device_id));
  Result<PlanSource> source =
      ChooseSource(store, call.user->id, *request, device->profile.platform);
  if (!source.ok()) return source.status();

  RestorePlanner planner(store, *call.user, device->profile, request->sent,
                         std::move(source->backups));
  std::vector<std::string> apps = request->apps;
  json next_offset = nullptr;
  if (request->all) {
    const std::vector<BackupRecord>& all = planner.backups();
    const std::size_t end = std::min(all.size(), request->offset + kMaxAppsPerPlan);
    for (std::size_t i = request->offset; i < end; ++i) {
      // An id backed up on both platforms is one app to restore (its records are adjacent).
      if (i > 0 && all[i - 1].app.str() == all[i].app.str()) continue;
      apps.push_back(all[i].app.str());
    }
    if (end < all.size()) next_offset = end;
  }
  json items = json::array();
  for (const std::string& app : apps) {
    Result<PlannedApp> planned = planner.Plan(app);
    if (!planned.ok()) return planned.status();
    items.push_back(PlannedJson(*planned));
  }
  return JsonReply(http::status::ok, {{"device_id", device->id},
                                      {"snapshot_id", OrNull(source->snapshot_id)},
                                      {"items", std::move(items)},
                                      {"next_offset", std::move(next_offset)}});
}

}  // namespace appvault::server::api
