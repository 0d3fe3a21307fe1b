// POST /v1/restore-plans: the install decision of CONTRACT §4 for each app asked for.
#include <algorithm>

#include "server/api/errors.h"
#include "server/api/handlers.h"
#include "server/api/json_util.h"
#include "server/api/restore_planner.h"
#include "server/api/views.h"

namespace appvault::server::api {

namespace http = boost::beast::http;
using nlohmann::json;

namespace {

// The most apps one plan decides: the apps listed, or one page of `all: true` (the rest:
// from `next_offset`).
constexpr std::size_t kMaxAppsPerPlan = 1000;

struct PlanRequest {
  std::string device_id;
  std::vector<std::string> apps;  // empty with `all`
  bool all = false;
  std::size_t offset = 0;  // with `all`: the first backup (by app id) of this page
  Preferences sent;
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
  reader.RejectUnknown({"device_id", "apps", "all", "offset", "preferences"});
  if (!reader.status().ok()) return reader.status();
  return request;
}

json PlannedJson(const PlannedApp& planned) {
  json out = PlanItemJson(planned.item);
  out["app"] = planned.app;
  out["requested"] = planned.requested;
  return out;
}

}  // namespace

Result<server::Reply> CreateRestorePlan(const Call& call) {
  Result<PlanRequest> request = ReadPlanRequest(call.request.message.body());
  if (!request.ok()) return request.status();
  store::MetadataStore& store = *call.services.store;
  Result<store::Device> device = store.FindDevice(call.user->id, request->device_id);
  if (!device.ok()) return NotFoundAs(device.status(), DeviceNotFound(request->device_id));
  Result<std::vector<BackupRecord>> backups = store.ListBackups(call.user->id);
  if (!backups.ok()) return backups.status();

  RestorePlanner planner(store, *call.user, device->profile, request->sent,
                         std::move(backups).value());
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
                                      {"items", std::move(items)},
                                      {"next_offset", std::move(next_offset)}});
}

}  // namespace appvault::server::api
