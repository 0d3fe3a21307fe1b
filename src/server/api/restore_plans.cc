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

using appvault::api::RestorePlanItem;
using appvault::api::RestorePlanRequest;

Result<RestorePlanRequest> ReadPlanRequest(std::string_view body) {
  Result<json> object = ParseJsonObject(body);
  if (!object.ok()) return object.status();
  return appvault::api::RestorePlanRequestFromJson(*object);
}

// The plan's item for one app, as the wire says it.
RestorePlanItem WireItem(const PlannedApp& planned) {
  const PlanItem& item = planned.item;
  RestorePlanItem out;
  out.requested = planned.requested;
  out.app = planned.app;
  out.outcome = item.outcome;
  out.software_id = item.software_id;
  out.version_substituted = item.version_substituted;
  out.alternative_for = item.alternative_for;
  out.reason = item.reason;
  out.backup_signer_sha256 = item.backup_signer_sha256;
  out.snapshot_id = planned.snapshot_id;
  if (item.package) {
    out.version_code = item.package->version.text();
    out.version_name = item.package->version_name;
    out.package = appvault::api::PlannedPackage{*item.package, BlobUrl(item.package->sha256)};
    for (const ChosenMember& member : item.members) {
      out.packages.push_back({member.split, member.sha256, member.size, BlobUrl(member.sha256)});
    }
  }
  if (item.config_sha256) {
    out.config = appvault::api::PlannedConfig{*item.config_sha256, BlobUrl(*item.config_sha256)};
  }
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
                                const RestorePlanRequest& request, Platform platform) {
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
  Result<RestorePlanRequest> request = ReadPlanRequest(call.request.message.body());
  if (!request.ok()) return request.status();
  store::MetadataStore& store = *call.services.store;
  Result<store::Device> device = store.FindDevice(call.user->id, request->device_id);
  if (!device.ok()) return NotFoundAs(device.status(), DeviceNotFound(request->device_id));
  Result<PlanSource> source =
      ChooseSource(store, call.user->id, *request, device->profile.platform);
  if (!source.ok()) return source.status();

  RestorePlanner planner(store, *call.user, device->profile, request->preferences,
                         std::move(source->backups));
  std::vector<std::string> apps = request->apps;
  appvault::api::RestorePlan plan{device->id, source->snapshot_id, {}, std::nullopt};
  if (request->all) {
    const std::vector<BackupRecord>& all = planner.backups();
    const std::size_t offset = request->offset.value_or(0);
    const std::size_t end = std::min(all.size(), offset + kMaxAppsPerPlan);
    for (std::size_t i = offset; i < end; ++i) {
      // An id backed up on both platforms is one app to restore (its records are adjacent).
      if (i > 0 && all[i - 1].app.str() == all[i].app.str()) continue;
      apps.push_back(all[i].app.str());
    }
    if (end < all.size()) plan.next_offset = end;
  }
  for (const std::string& app : apps) {
    Result<PlannedApp> planned = planner.Plan(app);
    if (!planned.ok()) return planned.status();
    plan.items.push_back(WireItem(*planned));
  }
  return JsonReply(http::status::ok, appvault::api::ToJson(plan));
}

}  // namespace appvault::server::api
