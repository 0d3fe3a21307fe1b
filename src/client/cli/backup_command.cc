#include "client/cli/backup_command.h"

#include <iostream>
#include <memory>
#include <optional>

#include "client/backup/backup_run.h"
#include "client/cli/output.h"
#include "client/cli/server_access.h"
#include "client/cli/terminal_text.h"
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

Status Usage(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}

// --with-config / --without-config, else the user's stored backup_config (default false).
Result<bool> ConfigWanted(const BackupOptions& options, const ApiClient& api) {
  if (options.with_config || options.without_config) return options.with_config;
  Result<api::Me> me = api.Me();
  if (!me.ok()) return me.status();
  return me->preferences.backup_config.value_or(false);
}

json ItemJson(const backup::BackupItem& item) {
  const bool facts = item.installed.has_value() && item.installed->package.has_value();
  return {{"app", item.app},
          {"status", item.backed_up ? "backed_up" : "failed"},
          {"version_code", facts ? json(item.installed->package->version.text()) : json(nullptr)},
          {"version_name", facts ? json(item.installed->package->version_name) : json(nullptr)},
          {"software_id", item.software_id.empty() ? json(nullptr) : json(item.software_id)},
          {"config_sha256", item.config ? json(item.config->sha256.Hex()) : json(nullptr)},
          {"config_uploaded", item.config && item.config->uploaded},
          {"reason", item.reason}};
}

std::string ItemText(const backup::BackupItem& item) {
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

int Report(const GlobalOptions& globals, const std::vector<backup::BackupItem>& items,
           std::int64_t snapshot_id, const SignedIn& signed_in) {
  std::size_t done = 0;
  json documents = json::array();
  for (const backup::BackupItem& item : items) {
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
  for (const backup::BackupItem& item : items) {
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
  Result<backup::BackupPlan> plan =
      backup::PlanBackup(*signed_in->device, {.apps = options.apps, .all = options.all});
  if (!plan.ok()) return Fail(globals, plan.status(), FailureOrigin::kDevice);
  Result<bool> with_config = ConfigWanted(options, signed_in->api);
  if (!with_config.ok()) return FailServer(globals, with_config.status(), user);
  if (*with_config) {
    Status scratch = plan->WithConfiguration(*signed_in->device);
    if (!scratch.ok()) return Fail(globals, scratch, FailureOrigin::kDevice);
  }
  Result<std::string> device_id =
      EnsureDeviceId(signed_in->api, signed_in->session, *signed_in->device);
  if (!device_id.ok()) return FailServer(globals, device_id.status(), user);
  backup::ApiBackupServer server(signed_in->api);
  Result<std::int64_t> snapshot_id =
      backup::SendBackup(*plan, *signed_in->device, server, *device_id);
  if (!snapshot_id.ok()) return FailServer(globals, snapshot_id.status(), user);
  return Report(globals, plan->items, *snapshot_id, *signed_in);
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
