// RestorePlanner: gathers the facts of CONTRACT §4 from the store for one user and device
// and runs core Decide() per app. Internal to the restore-plans handler.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decide.h"
#include "store/records.h"
#include "store/store.h"

namespace appvault::server::api {

// One answer: the text asked for, the app it names and the decision.
struct PlannedApp {
  std::string requested;  // as the client sent it: an app id or a software id
  std::string app;        // the backed-up app's id; `requested` when there is no backup
  std::optional<std::int64_t> snapshot_id;  // the snapshot of the record decided on
  PlanItem item;
};

// Not thread-safe: one planner per request. Holds references to its arguments.
class RestorePlanner {
 public:
  RestorePlanner(store::MetadataStore& store, const store::User& user, const DeviceProfile& device,
                 const Preferences& sent, std::vector<BackupRecord> backups);

  // The decision for `requested`: the user's backup of that app id or, when there is none,
  // of the app whose software has that id (CONTRACT §2: restore takes a software id).
  // Errors: the store's (kUnavailable, kInternal).
  Result<PlannedApp> Plan(const std::string& requested);
  // The records planned from, ordered by app id, then platform (what `all: true` restores).
  const std::vector<BackupRecord>& backups() const { return backups_; }

 private:
  // The backup named by `requested`, or nullptr.
  Result<const BackupRecord*> FindBackup(std::string_view requested);
  // The backup's software id: recorded at backup time, else looked up now (the app may have
  // been published since). nullopt when the library does not have it.
  Result<std::optional<std::string>> SoftwareIdOf(const BackupRecord& backup);
  // The software and its packages; nullopt when the library does not have it.
  Result<std::optional<CatalogEntry>> Entry(const std::string& software_id);
  // CatalogInCategory, remembered per category for this request.
  Result<std::vector<CatalogEntry>> Related(const std::string& category);

  store::MetadataStore& store_;
  const store::User& user_;
  const DeviceProfile& device_;
  const Preferences& sent_;
  std::vector<BackupRecord> backups_;
  std::map<std::string, std::optional<std::string>> software_ids_;  // by app id
  std::map<std::string, std::vector<CatalogEntry>> related_;        // by category
};

}  // namespace appvault::server::api
