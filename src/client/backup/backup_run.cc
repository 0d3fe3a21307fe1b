#include "client/backup/backup_run.h"

#include <map>
#include <set>

#include "client/file_util.h"

namespace appvault::client::backup {
namespace {

using nlohmann::json;

// The items asked for: every installed app with `all`, else the named ones (each once).
Result<std::vector<BackupItem>> SelectItems(const Selection& selection,
                                            const std::vector<InstalledApp>& installed,
                                            Platform platform) {
  std::vector<BackupItem> items;
  if (selection.all) {
    for (const InstalledApp& app : installed)
      items.emplace_back(app.app.str(), app);
    return items;
  }
  std::map<std::string, const InstalledApp*> by_id;
  for (const InstalledApp& app : installed)
    by_id[app.app.str()] = &app;
  std::set<std::string> seen;
  for (const std::string& name : selection.apps) {
    Result<AppId> id = AppId::ParseFor(platform, name);
    if (!id.ok()) {
      return Status(StatusCode::kInvalidArgument, "APP \"" + name + "\": " + id.status().message());
    }
    if (!seen.insert(name).second) continue;
    BackupItem item(name, std::nullopt);
    auto it = by_id.find(name);
    if (it == by_id.end()) {
      item.Fail("not installed on this device");
    } else {
      item.installed = *it->second;
    }
    items.push_back(std::move(item));
  }
  return items;
}

// Whether a failed call means the server (or the session) is in trouble rather than
// refusing one app.
bool IsServerFailure(const Status& status) {
  switch (status.code()) {
    case StatusCode::kUnavailable:
    case StatusCode::kUnauthenticated:
    case StatusCode::kInternal:
    case StatusCode::kRateLimited:
      return true;
    default:
      return false;
  }
}

// Packs item's configuration into scratch_dir and puts it on the server. A failure of the
// device is the item's; a failure of the server is returned.
Status PrepareConfig(BackupItem& item, Device& device, BackupServer& server,
                     const std::string& scratch_dir) {
  const std::string bundle_path = scratch_dir + "/" + item.app + ".tar.gz";
  Result<ConfigBundleInfo> bundle = device.PackConfig(item.installed->app, bundle_path);
  if (!bundle.ok()) {
    item.Fail("configuration: " + bundle.status().message());
    return Status::Ok();
  }
  Result<UploadedConfig> config = server.UploadConfig(bundle_path, *bundle);
  (void)RemoveTree(bundle_path);
  if (!config.ok() && IsServerFailure(config.status())) return config.status();
  if (config.ok()) {
    item.config = *config;
  } else {
    item.Fail("configuration: " + config.status().message());
  }
  return Status::Ok();
}

// Damaged apps fail; with configuration (scratch_dir not ""), each ready app's bundle is put
// on the server. Returns the server's failure, which ends the run.
Status PrepareItems(std::vector<BackupItem>& items, Device& device, BackupServer& server,
                    const std::string& scratch_dir) {
  for (BackupItem& item : items) {
    if (item.installed && (!item.installed->healthy() || !item.installed->package.has_value())) {
      item.Fail("the installed app is damaged: " + item.installed->problem);
    }
    if (!item.Ready() || scratch_dir.empty()) continue;
    Status prepared = PrepareConfig(item, device, server, scratch_dir);
    if (!prepared.ok()) return prepared;
  }
  return Status::Ok();
}

json RequestItem(const BackupItem& item) {
  const pkg::PackageFacts& facts = *item.installed->package;
  json request = {{"app", item.app},
                  {"version_code", facts.version.text()},
                  {"version_name", facts.version_name}};
  if (facts.signer_sha256) request["signer_sha256"] = facts.signer_sha256->Hex();
  if (item.config) request["config_sha256"] = item.config->sha256.Hex();
  return request;
}

// One request for the items of batch, adding to `snapshot_id` when it is not 0; the
// server's report per app is copied into them and snapshot_id set to the snapshot made.
Status SendBatch(const std::vector<BackupItem*>& batch, BackupServer& server,
                 const std::string& device_id, std::int64_t& snapshot_id) {
  json apps = json::array();
  for (const BackupItem* item : batch)
    apps.push_back(RequestItem(*item));
  Result<api::CreatedSnapshot> created = server.CreateSnapshot(
      device_id, apps, snapshot_id == 0 ? std::nullopt : std::optional<std::int64_t>(snapshot_id));
  if (!created.ok()) return created.status();
  if (created->snapshot_id != 0) snapshot_id = created->snapshot_id;
  std::map<std::string, const api::BackupReportItem*> reports;
  for (const api::BackupReportItem& report : created->items)
    reports[report.app] = &report;
  for (BackupItem* item : batch) {
    auto it = reports.find(item->app);
    if (it == reports.end()) {
      item->Fail("the server did not report on this app");
    } else if (it->second->backed_up) {
      item->backed_up = true;
      item->software_id = it->second->software_id.value_or("");
    } else {
      const std::string& why = it->second->reason;
      item->Fail(why.empty() ? "the server did not back it up" : why);
    }
  }
  return Status::Ok();
}

// Sends the ready items as one snapshot, per_request a request. Returns the snapshot's id.
Result<std::int64_t> SendBackups(std::vector<BackupItem>& items, BackupServer& server,
                                 const std::string& device_id, std::size_t per_request) {
  std::int64_t snapshot_id = 0;
  std::vector<BackupItem*> batch;
  for (BackupItem& item : items) {
    if (!item.Ready()) continue;
    batch.push_back(&item);
    if (batch.size() == per_request) {
      Status sent = SendBatch(batch, server, device_id, snapshot_id);
      if (!sent.ok()) return sent;
      batch.clear();
    }
  }
  if (!batch.empty() || items.empty()) {
    Status sent = SendBatch(batch, server, device_id, snapshot_id);
    if (!sent.ok()) return sent;
  }
  return snapshot_id;
}

}  // namespace

Result<UploadedConfig> ApiBackupServer::UploadConfig(const std::string& bundle_path,
                                                     const ConfigBundleInfo& bundle) {
  return backup::UploadConfig(api_, bundle_path, bundle);
}

Result<api::CreatedSnapshot> ApiBackupServer::CreateSnapshot(
    const std::string& device_id, const json& apps, std::optional<std::int64_t> snapshot_id) {
  return api_.CreateSnapshot(device_id, apps, snapshot_id);
}

BackupPlan::~BackupPlan() {
  if (!scratch_dir_.empty()) (void)RemoveTree(scratch_dir_);
}

BackupPlan::BackupPlan(BackupPlan&& other) noexcept
    : items(std::move(other.items)), scratch_dir_(std::move(other.scratch_dir_)) {
  other.scratch_dir_.clear();
}

Result<BackupPlan> PlanBackup(Device& device, const Selection& selection) {
  Result<std::vector<InstalledApp>> installed = device.InstalledApps();
  if (!installed.ok()) return installed.status();
  Result<std::vector<BackupItem>> items =
      SelectItems(selection, *installed, device.Profile().platform);
  if (!items.ok()) return items.status();
  return BackupPlan(std::move(*items));
}

Status BackupPlan::WithConfiguration(Device& device) {
  if (!scratch_dir_.empty()) return Status::Ok();
  Result<std::string> made = MakeTempDirectory(device.StateDirectory(), "backup-");
  if (!made.ok()) return made.status();
  scratch_dir_ = *made;
  return Status::Ok();
}

Result<std::int64_t> SendBackup(BackupPlan& plan, Device& device, BackupServer& server,
                                const std::string& device_id, std::size_t per_request) {
  Status prepared = PrepareItems(plan.items, device, server, plan.scratch_dir());
  if (!prepared.ok()) return prepared;
  return SendBackups(plan.items, server, device_id, per_request);
}

}  // namespace appvault::client::backup
