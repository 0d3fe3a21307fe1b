// What every store checks of a backup or snapshot before and while writing it, and the
// refusals it answers (CONTRACT §6, §10).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/backup.h"
#include "core/status.h"
#include "store/records.h"

namespace appvault::store {

// kInvalidArgument when an app's version is not of its platform or an app is named twice
// for one platform.
inline Status ValidateApps(const std::vector<BackupRecord>& apps) {
  std::set<std::pair<Platform, std::string>> seen;
  for (const BackupRecord& backup : apps) {
    if (backup.version.platform() != backup.platform) {
      return Status(StatusCode::kInvalidArgument,
                    "backup of \"" + backup.app.str() + "\": the version is not of its platform");
    }
    if (!seen.emplace(backup.platform, backup.app.str()).second) {
      return Status(StatusCode::kInvalidArgument, "backup of \"" + backup.app.str() + "\" (" +
                                                      std::string(PlatformName(backup.platform)) +
                                                      ") is named twice");
    }
  }
  return Status::Ok();
}

// The apps, checked (ValidateApps), each stamped as backed up at `now`.
inline Result<std::vector<BackupRecord>> Stamped(const std::vector<BackupRecord>& apps,
                                                 std::int64_t now) {
  Status valid = ValidateApps(apps);
  if (!valid.ok()) return valid;
  std::vector<BackupRecord> stamped = apps;
  for (BackupRecord& b : stamped)
    b.backed_up_at = now;
  return stamped;
}

// The backups grouped by the device they name, each group checked (ValidateApps).
inline Result<std::map<std::string, std::vector<BackupRecord>>> ByDevice(
    const std::vector<BackupRecord>& backups) {
  std::map<std::string, std::vector<BackupRecord>> by_device;
  for (const BackupRecord& backup : backups)
    by_device[backup.device_id].push_back(backup);
  for (const auto& [device, apps] : by_device) {
    Status valid = ValidateApps(apps);
    if (!valid.ok()) return valid;
  }
  return by_device;
}

inline Status NoBackup(const AppId& app) {
  return Status(StatusCode::kNotFound, "no backup of \"" + app.str() + "\"");
}

inline std::string NoSnapshot(std::int64_t id) {
  return "no snapshot " + std::to_string(id);
}

// Ok while a device has fewer than limits.per_device snapshots and its user fewer than
// limits.per_user, given how many they have; else kQuotaExceeded naming the limit.
inline Status CheckSnapshotRoom(std::string_view device_id, std::int64_t of_device,
                                std::int64_t of_user, const SnapshotLimits& limits) {
  constexpr std::string_view kForget =
      "); remove old ones with `appvault forget --keep-last N` (or "
      "--keep-daily/--keep-weekly/--keep-monthly)";
  if (of_device >= limits.per_device) {
    return Status(StatusCode::kQuotaExceeded,
                  "device \"" + std::string(device_id) + "\" has " + std::to_string(of_device) +
                      " snapshots, the limit of snapshots per device (" +
                      std::to_string(limits.per_device) + std::string(kForget));
  }
  if (of_user >= limits.per_user) {
    return Status(StatusCode::kQuotaExceeded, "you have " + std::to_string(of_user) +
                                                  " snapshots, the limit of snapshots per user (" +
                                                  std::to_string(limits.per_user) +
                                                  std::string(kForget));
  }
  return Status::Ok();
}

// Ok while `count` backed-up apps are at most `max`; else kQuotaExceeded naming the limit.
inline Status CheckBackedUpCount(std::int64_t count, std::uint64_t max) {
  if (static_cast<std::uint64_t>(count) <= max) return Status::Ok();
  return Status(StatusCode::kQuotaExceeded,
                "this backup would give the user " + std::to_string(count) +
                    " backed-up apps, more than the " + std::to_string(max) +
                    " allowed per user (--max-backups-per-user); nothing was stored");
}

// The refusal of a configuration blob the user did not upload.
inline Status ConfigNotOwned(const BackupRecord& b) {
  return Status(StatusCode::kInvalidArgument,
                "the configuration blob " + b.config_sha256->Hex() + " of \"" + b.app.str() +
                    "\" is not one of this user's uploads (upload it first)");
}

// The refusal of an append to a snapshot that is not its device's newest.
inline Status NotNewestSnapshot(std::int64_t snapshot_id) {
  return Status(StatusCode::kConflict,
                "snapshot " + std::to_string(snapshot_id) +
                    " is not the newest of its device: only the newest takes more apps");
}

// The refusal of an append naming an app the snapshot holds.
inline Status AlreadyInSnapshot(const BackupRecord& b, std::int64_t snapshot_id) {
  return Status(StatusCode::kInvalidArgument, "\"" + b.app.str() + "\" is in snapshot " +
                                                  std::to_string(snapshot_id) + " already");
}

}  // namespace appvault::store
