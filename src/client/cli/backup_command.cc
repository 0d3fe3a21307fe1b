#include "client/cli/backup_command.h"

#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "api/limits.h"
#include "api/snapshots.h"
#include "client/cli/api_answer.h"
#include "client/cli/config_upload.h"
#include "client/cli/output.h"
#include "client/cli/server_access.h"
#include "client/cli/terminal_text.h"
#include "client/file_util.h"
#include "client/net/json_fields.h"
#include "client/net/session.h"

namespace appvault::client::cli {
namespace {

using nlohmann::json;

struct BackupOptions {
  std::vector<std::string> apps;
  bool all = false;
  bool with_config = false;
  bool without_config = false;
};

struct BackupItem {
  BackupItem(std::string name, const InstalledApp* app) : app(std::move(name)), installed(app) {}

  std::string app;
  const InstalledApp* installed = nullptr;  // nullptr: not installed
  bool backed_up = false;
  std::string reason;  // why not, or what the server said
  std::optional<UploadedConfig> config;
  std::string software_id;

  void Fail(std::string why) {
    backed_up = false;
    reason = std::move(why);
  }
  bool Ready() const { return installed != nullptr && reason.empty(); }
};

Status Usage(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}

// The items asked for: every installed app with --all, else the named ones (each once).
Result<std::vector<BackupItem>> SelectItems(const BackupOptions& options,
                                            const std::vector<InstalledApp>& installed,
                                            Platform platform) {
  std::map<std::string, const InstalledApp*> by_id;
  for (const InstalledApp& app : installed)
    by_id[app.app.str()] = &app;
  std::vector<BackupItem> items;
  if (options.all) {
    for (const InstalledApp& app : installed)
      items.emplace_back(app.app.str(), &app);
    return items;
  }
  std::set<std::string> seen;
  for (const std::string& name : options.apps) {
    Result<AppId> id = AppId::ParseFor(platform, name);
    if (!id.ok()) return Usage("APP \"" + name + "\": " + id.status().message());
    if (!seen.insert(name).second) continue;
    auto it = by_id.find(name);
    BackupItem item(name, it == by_id.end() ? nullptr : it->second);
    if (item.installed == nullptr) item.Fail("not installed on this device");
    items.push_back(std::move(item));
  }
  return items;
}

// --with-config / --without-config, else the user's stored backup_config (default false).
Result<bool> ConfigWanted(const BackupOptions& options, const ServerConnection& server) {
  if (options.with_config || options.without_config) return options.with_config;
  Result<json> me = server.Call("GET", "/v1/me");
  if (!me.ok()) return me.status();
  return Boolean(Field(*me, "preferences"), "backup_config").value_or(false);
}

// Failures of the server itself (or of the session) end the whole command; others are the
// one app's.
bool ServerTrouble(const Status& status) {
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
// device is the item's (returned as the item's reason); a failure of the server is returned.
Status PrepareConfig(BackupItem& item, const SignedIn& signed_in, const std::string& scratch_dir) {
  const std::string bundle_path = scratch_dir + "/" + item.app + ".tar.gz";
  Result<ConfigBundleInfo> bundle = signed_in.device->PackConfig(item.installed->app, bundle_path);
  if (!bundle.ok()) {
    item.Fail("configuration: " + bundle.status().message());
    return Status::Ok();
  }
  Result<UploadedConfig> config = UploadConfig(signed_in.server, bundle_path, *bundle);
  (void)RemoveTree(bundle_path);
  if (!config.ok() && ServerTrouble(config.status())) return config.status();
  if (config.ok()) {
    item.config = *config;
  } else {
    item.Fail("configuration: " + config.status().message());
  }
  return Status::Ok();
}

// Damaged apps fail; with configuration (scratch_dir not ""), each ready app's bundle is put
// on the server. Returns the server's failure, which ends the command.
Status PrepareItems(std::vector<BackupItem>& items, const std::string& scratch_dir,
                    const SignedIn& signed_in) {
  for (BackupItem& item : items) {
    if (item.installed != nullptr &&
        (!item.installed->healthy() || !item.installed->package.has_value())) {
      item.Fail("the installed app is damaged: " + item.installed->problem);
    }
    if (!item.Ready() || scratch_dir.empty()) continue;
    Status prepared = PrepareConfig(item, signed_in, scratch_dir);
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

// One POST /v1/snapshots for the items of batch, adding to `snapshot_id` when it is not 0
// (a run of more apps than one request takes); the server's report per app is copied into
// them and snapshot_id set to the snapshot made.
Status SendBatch(std::vector<BackupItem*>& batch, const ServerConnection& server,
                 const std::string& device_id, std::int64_t& snapshot_id) {
  json apps = json::array();
  for (const BackupItem* item : batch)
    apps.push_back(RequestItem(*item));
  json body = {{"device_id", device_id}, {"apps", apps}};
  if (snapshot_id != 0) body["snapshot_id"] = snapshot_id;
  Result<api::CreatedSnapshot> created =
      DecodeAnswer(server.Call("POST", "/v1/snapshots", &body), api::CreatedSnapshotFromJson,
                   "POST /v1/snapshots");
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

// Sends the ready items as one snapshot, api::kMaxAppsPerBackup a request; a device with no
// app at all (`--all`) makes an empty snapshot. Returns the snapshot's id (0: none made).
Result<std::int64_t> SendBackups(std::vector<BackupItem>& items, const ServerConnection& server,
                                 const std::string& device_id) {
  std::int64_t snapshot_id = 0;
  std::vector<BackupItem*> batch;
  for (BackupItem& item : items) {
    if (!item.Ready()) continue;
    batch.push_back(&item);
    if (batch.size() == api::kMaxAppsPerBackup) {
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

json ItemJson(const BackupItem& item) {
  const bool facts = item.installed != nullptr && item.installed->package.has_value();
  return {{"app", item.app},
          {"status", item.backed_up ? "backed_up" : "failed"},
          {"version_code", facts ? json(item.installed->package->version.text()) : json(nullptr)},
          {"version_name", facts ? json(item.installed->package->version_name) : json(nullptr)},
          {"software_id", item.software_id.empty() ? json(nullptr) : json(item.software_id)},
          {"config_sha256", item.config ? json(item.config->sha256.Hex()) : json(nullptr)},
          {"config_uploaded", item.config && item.config->uploaded},
          {"reason", item.reason}};
}

std::string ItemText(const BackupItem& item) {
  const pkg::PackageFacts& facts = *item.installed->package;
  std::string text = "backed up " + item.app + " version " + facts.version.text();
  if (!facts.version_name.empty()) text += " (" + facts.version_name + ")";
  if (!item.config) return text + ", without configuration";
  const std::string digest = item.config->sha256.Short();
  if (item.config->uploaded) {
    return text + ", configuration " + digest + " uploaded (" + std::to_string(item.config->size) +
           " bytes)";
  }
  return text + ", configuration " + digest + " unchanged (already on the server)";
}

int Report(const GlobalOptions& globals, const std::vector<BackupItem>& items,
           std::int64_t snapshot_id, const SignedIn& signed_in) {
  std::size_t done = 0;
  json documents = json::array();
  for (const BackupItem& item : items) {
    documents.push_back(ItemJson(item));
    if (item.backed_up) ++done;
    if (item.backed_up && !globals.json) PrintSafeLines(ItemText(item));
  }
  if (globals.json) {
    PrintJson({{"snapshot_id", snapshot_id == 0 ? json(nullptr) : json(snapshot_id)},
               {"items", documents}});
  } else {
    std::cout << "backed up " << done << " of " << items.size() << " apps to "
              << signed_in.session.server << " as " << signed_in.session.username;
    if (snapshot_id != 0) std::cout << " (snapshot " << snapshot_id << ")";
    std::cout << "\n";
  }
  for (const BackupItem& item : items) {
    if (!item.backed_up) PrintError("cannot back up " + item.app + ": " + item.reason);
  }
  return done == items.size() ? kExitOk : kExitNotDone;
}

int RunBackup(const GlobalOptions& globals, const BackupOptions& options) {
  if (options.apps.empty() && !options.all) {
    return Fail(globals, Usage("name the apps to back up, or --all"), FailureOrigin::kDevice);
  }
  if (!options.apps.empty() && options.all) {
    return Fail(globals, Usage("--all backs up every app: name no APP with it"),
                FailureOrigin::kDevice);
  }
  int exit_code = kExitOk;
  std::optional<SignedIn> signed_in = OpenSignedIn(globals, exit_code);
  if (!signed_in) return exit_code;
  const std::string& user = signed_in->session.username;
  Result<std::vector<InstalledApp>> installed = signed_in->device->InstalledApps();
  if (!installed.ok()) return Fail(globals, installed.status(), FailureOrigin::kDevice);
  Result<std::vector<BackupItem>> items =
      SelectItems(options, *installed, signed_in->device->Profile().platform);
  if (!items.ok()) return Fail(globals, items.status(), FailureOrigin::kDevice);
  Result<bool> with_config = ConfigWanted(options, signed_in->server);
  if (!with_config.ok()) return FailServer(globals, with_config.status(), user);
  Result<std::string> device_id =
      EnsureDeviceId(signed_in->server, signed_in->session, *signed_in->device);
  if (!device_id.ok()) return FailServer(globals, device_id.status(), user);
  std::string scratch;  // configuration bundles, removed when packed and sent
  if (*with_config) {
    Result<std::string> made = MakeTempDirectory(signed_in->device->StateDirectory(), "backup-");
    if (!made.ok()) return Fail(globals, made.status(), FailureOrigin::kDevice);
    scratch = *made;
  }
  Status prepared = PrepareItems(*items, scratch, *signed_in);
  if (!scratch.empty()) (void)RemoveTree(scratch);
  if (!prepared.ok()) return FailServer(globals, prepared, user);
  Result<std::int64_t> snapshot_id = SendBackups(*items, signed_in->server, *device_id);
  if (!snapshot_id.ok()) return FailServer(globals, snapshot_id.status(), user);
  return Report(globals, *items, *snapshot_id, *signed_in);
}

}  // namespace

void AddBackupCommand(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry) {
  auto options = std::make_shared<BackupOptions>();
  CLI::App* backup = app.add_subcommand("backup", "Back up installed apps to the server");
  backup->add_option("APP", options->apps, "App ids to back up");
  backup->add_flag("--all", options->all, "Back up every installed app");
  CLI::Option* with = backup->add_flag("--with-config", options->with_config,
                                       "Also back up each app's configuration");
  CLI::Option* without =
      backup->add_flag("--without-config", options->without_config, "Do not back up configuration");
  with->excludes(without);
  registry.Add(backup, [&globals, options] { return RunBackup(globals, *options); });
}

}  // namespace appvault::client::cli
