#include "server/api/restore_planner.h"

#include <utility>

#include "core/preferences.h"

namespace appvault::server::api {

RestorePlanner::RestorePlanner(store::MetadataStore& store, const store::User& user,
                               const DeviceProfile& device, const Preferences& sent,
                               std::vector<BackupRecord> backups)
    : store_(store), user_(user), device_(device), sent_(sent), backups_(std::move(backups)) {}

Result<std::optional<std::string>> RestorePlanner::SoftwareIdOf(const BackupRecord& backup) {
  if (backup.software_id.has_value()) return backup.software_id;
  auto known = software_ids_.find(backup.app.str());
  if (known != software_ids_.end()) return known->second;
  Result<std::string> id = store_.FindSoftwareIdByApp(backup.platform, backup.app);
  if (!id.ok() && id.status().code() != StatusCode::kNotFound) return id.status();
  std::optional<std::string> found = id.ok() ? std::optional<std::string>(*id) : std::nullopt;
  software_ids_.emplace(backup.app.str(), found);
  return found;
}

Result<const BackupRecord*> RestorePlanner::FindBackup(std::string_view requested) {
  // An app id backed up on both platforms: the record of the device's platform first.
  const BackupRecord* other_platform = nullptr;
  for (const BackupRecord& backup : backups_) {
    if (backup.app.str() != requested) continue;
    if (backup.platform == device_.platform) return &backup;
    if (other_platform == nullptr) other_platform = &backup;
  }
  if (other_platform != nullptr) return other_platform;
  for (const BackupRecord& backup : backups_) {
    Result<std::optional<std::string>> id = SoftwareIdOf(backup);
    if (!id.ok()) return id.status();
    if (*id == requested) return &backup;
  }
  return static_cast<const BackupRecord*>(nullptr);
}

Result<std::optional<CatalogEntry>> RestorePlanner::Entry(const std::string& software_id) {
  Result<store::SoftwareRecord> software = store_.FindSoftware(software_id);
  if (!software.ok()) {
    if (software.status().code() == StatusCode::kNotFound) return std::optional<CatalogEntry>();
    return software.status();
  }
  Result<std::vector<store::PackageRecord>> packages = store_.ListPackages(software_id);
  if (!packages.ok()) return packages.status();
  CatalogEntry entry{software->software, {}};
  for (const store::PackageRecord& record : *packages)
    entry.packages.push_back(record.package);
  return std::optional<CatalogEntry>(std::move(entry));
}

Result<std::vector<CatalogEntry>> RestorePlanner::Related(const std::string& category) {
  auto known = related_.find(category);
  if (known != related_.end()) return known->second;
  Result<std::vector<CatalogEntry>> related = store_.CatalogInCategory(category);
  if (!related.ok()) return related.status();
  related_.emplace(category, *related);
  return related;
}

Result<PlannedApp> RestorePlanner::Plan(const std::string& requested) {
  DecisionInput input;
  input.sent = sent_;
  input.stored = user_.preferences;
  input.device = device_;
  Result<const BackupRecord*> backup = FindBackup(requested);
  if (!backup.ok()) return backup.status();
  if (*backup == nullptr) {
    Result<AppId> app = AppId::Parse(requested);
    if (app.ok()) input.app = *app;
    PlannedApp planned{requested, requested, std::nullopt, Decide(input)};
    if (!app.ok()) planned.item.reason = requested + " was never backed up by this user";
    return planned;
  }
  input.app = (*backup)->app;
  input.backup = **backup;
  Result<std::optional<std::string>> software_id = SoftwareIdOf(**backup);
  if (!software_id.ok()) return software_id.status();
  if (software_id->has_value()) {
    input.backup->software_id = **software_id;
    Result<std::optional<CatalogEntry>> entry = Entry(**software_id);
    if (!entry.ok()) return entry.status();
    input.backed_up_software = std::move(entry).value();
  }
  PlanItem item = Decide(input);
  // The software of the same category matter only when nothing of the app's own fits and
  // alternatives are accepted (CONTRACT §4 step 4): the category is read only then, and the
  // decision taken again with it — the same decision as with it from the start.
  if (item.outcome == PlanOutcome::kNoCompatiblePackage && input.backed_up_software.has_value() &&
      Resolve(sent_, user_.preferences).accept_alternatives) {
    Result<std::vector<CatalogEntry>> related =
        Related(input.backed_up_software->software.category);
    if (!related.ok()) return related.status();
    input.related = std::move(related).value();
    item = Decide(input);
  }
  return PlannedApp{requested, input.app.str(), (*backup)->snapshot_id, std::move(item)};
}

}  // namespace appvault::server::api
