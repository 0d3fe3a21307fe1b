// One `appvault backup` run (CONTRACT §6): choose the device's apps (PlanBackup), pack and
// upload each one's configuration when asked, and record them as one snapshot of the device
// — in requests of at most api::kMaxAppsPerBackup apps, each after the first adding to the
// first's snapshot (SendBackup). The CLI (cli/backup_command.cc) parses the command line and
// prints the report; this is everything in between.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/limits.h"
#include "api/snapshots.h"
#include "client/backup/config_upload.h"
#include "client/device.h"
#include "core/status.h"

namespace appvault::client::backup {

// What a backup run needs of the server: the ApiClient in the client (ApiBackupServer), a
// fake in unit tests.
class BackupServer {
 public:
  virtual ~BackupServer() = default;
  // As backup::UploadConfig.
  virtual Result<UploadedConfig> UploadConfig(const std::string& bundle_path,
                                              const ConfigBundleInfo& bundle) = 0;
  // As ApiClient::CreateSnapshot.
  virtual Result<api::CreatedSnapshot> CreateSnapshot(const std::string& device_id,
                                                      const nlohmann::json& apps,
                                                      std::optional<std::int64_t> snapshot_id) = 0;
};

// BackupServer over the API.
class ApiBackupServer : public BackupServer {
 public:
  explicit ApiBackupServer(const ApiClient& api) : api_(api) {}
  Result<UploadedConfig> UploadConfig(const std::string& bundle_path,
                                      const ConfigBundleInfo& bundle) override;
  Result<api::CreatedSnapshot> CreateSnapshot(const std::string& device_id,
                                              const nlohmann::json& apps,
                                              std::optional<std::int64_t> snapshot_id) override;

 private:
  const ApiClient& api_;
};

// What to back up: the named apps (each once, in the order given), or every installed app.
struct Selection {
  std::vector<std::string> apps;
  bool all = false;
};

// One app of the run and what became of it.
struct BackupItem {
  BackupItem(std::string name, std::optional<InstalledApp> app)
      : app(std::move(name)), installed(std::move(app)) {}

  std::string app;
  std::optional<InstalledApp> installed;  // nullopt: not installed on the device
  bool backed_up = false;
  std::string reason;  // why not (the device's trouble, or what the server said)
  std::optional<UploadedConfig> config;
  std::string software_id;  // the library's, when the app is in it

  void Fail(std::string why) {
    backed_up = false;
    reason = std::move(why);
  }
  bool Ready() const { return installed.has_value() && reason.empty(); }
};

// The device's half of a run: the apps selected, and (with configuration) a scratch folder
// under the device's state folder for their bundles, removed with the plan.
class BackupPlan {
 public:
  explicit BackupPlan(std::vector<BackupItem> items) : items(std::move(items)) {}
  ~BackupPlan();
  BackupPlan(BackupPlan&& other) noexcept;
  BackupPlan& operator=(BackupPlan&&) = delete;
  BackupPlan(const BackupPlan&) = delete;
  BackupPlan& operator=(const BackupPlan&) = delete;

  // Backs up each app's configuration too: makes the scratch folder. Errors: the device's.
  Status WithConfiguration(Device& device);

  std::vector<BackupItem> items;  // in the order selected; SendBackup fills in the outcome
  const std::string& scratch_dir() const { return scratch_dir_; }  // "": no configuration

 private:
  std::string scratch_dir_;
};

// Selects the apps of `selection` on the device (an app not installed is an item that
// failed). Errors, all the device's: kInvalidArgument naming a bad app id; its failure to
// list its apps.
Result<BackupPlan> PlanBackup(Device& device, const Selection& selection);

// The server's half: packs and uploads each ready app's configuration (with a scratch
// folder), then records the ready apps as one snapshot of the server's device `device_id`,
// `per_request` apps a request (tests make it small), each request after the first adding
// to the first's snapshot; a device with no app at all (`all`) makes an empty snapshot.
// Per-app trouble (damaged, a configuration that cannot be packed or is refused, an app the
// server does not back up) is that item's reason. Returns the snapshot's id (0: none made).
// Errors: a failure of the server or the session — unreachable, 5xx, 401, 429, an answer
// that does not parse — which ends the run.
Result<std::int64_t> SendBackup(BackupPlan& plan, Device& device, BackupServer& server,
                                const std::string& device_id,
                                std::size_t per_request = api::kMaxAppsPerBackup);

}  // namespace appvault::client::backup
