// The wire types of the snapshot routes (CONTRACT §6) and their JSON codecs, used by the
// server's handlers to answer and by the client to read the answers. A decoder names the
// first field that is wrong ("items[3].version_code: expected a string").
//
//   POST   /v1/snapshots {device_id, apps:[BackupItem…]}  → CreatedSnapshot
//   GET    /v1/snapshots[?device_id=]                     → SnapshotList
//   GET    /v1/snapshots/{id}                             → SnapshotDetail
//   DELETE /v1/snapshots/{id}                             → ForgetReply (one removed)
//   POST   /v1/snapshots/forget ForgetRequest             → ForgetReply
//   GET    /v1/backups                                    → BackupList
//   DELETE /v1/backups/{app}                              → ForgottenApp
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/sha256.h"
#include "core/status.h"
#include "core/version.h"

namespace appvault::api {

// One snapshot as listed: `device_name` is the device's name at the time of the answer.
struct SnapshotSummary {
  std::int64_t snapshot_id = 0;
  std::string device_id;
  std::string device_name;
  Platform platform = Platform::kAndroid;
  std::int64_t created_at = 0;  // seconds since the Unix epoch
  std::int64_t apps = 0;
  bool with_config = false;
};

// One app of a snapshot.
struct SnapshotApp {
  std::string app;
  Platform platform = Platform::kAndroid;
  std::optional<std::string> software_id;  // the library's software, when it has the app
  std::string version_code;
  std::string version_name;
  std::optional<Sha256> signer_sha256;
  std::optional<Sha256> config_sha256;
};

struct SnapshotList {
  std::vector<SnapshotSummary> items;  // newest first
};

struct SnapshotDetail {
  SnapshotSummary snapshot;
  std::vector<SnapshotApp> items;  // ordered by platform, then app id
};

// The newest record of one (platform, app) over all snapshots, with where and when it was
// backed up.
struct BackupListItem {
  SnapshotApp app;
  std::string device_id;
  std::int64_t backed_up_at = 0;  // seconds since the Unix epoch
};

struct BackupList {
  std::vector<BackupListItem> items;  // ordered by app id, then platform
};

struct ForgottenApp {
  std::string app;
  bool deleted = true;
};

// One app of a backup run as the server answered it.
struct BackupReportItem {
  std::string app;
  bool backed_up = false;  // "status": "backed_up" | "failed"
  std::optional<std::string> software_id;
  std::string version_code;
  std::optional<Sha256> config_sha256;
  std::string reason;  // why it failed; "" when backed up
};

// The answer to POST /v1/snapshots: the snapshot made (0 when no app was accepted, and
// then nothing was recorded) and a report per app sent.
struct CreatedSnapshot {
  std::int64_t snapshot_id = 0;
  std::vector<BackupReportItem> items;
};

// Retention (CONTRACT §6, restic's meaning): per device, the newest keep_last snapshots,
// the newest snapshot of each of the newest keep_daily days (UTC), keep_weekly ISO weeks
// and keep_monthly months; a snapshot kept by any rule stays, every other one goes. At
// least one rule is > 0. `device_id` narrows it to one device; `dry_run` removes nothing.
struct ForgetRequest {
  std::int64_t keep_last = 0;
  std::int64_t keep_daily = 0;
  std::int64_t keep_weekly = 0;
  std::int64_t keep_monthly = 0;
  std::optional<std::string> device_id;
  bool dry_run = false;
};

// What a forget removed (or, with dry_run, would remove) and what it kept.
struct ForgetReply {
  std::vector<SnapshotSummary> removed;
  std::vector<SnapshotSummary> kept;
  bool dry_run = false;
};

nlohmann::json ToJson(const SnapshotSummary& value);
nlohmann::json ToJson(const SnapshotApp& value);
nlohmann::json ToJson(const SnapshotList& value);
nlohmann::json ToJson(const SnapshotDetail& value);
nlohmann::json ToJson(const BackupReportItem& value);
nlohmann::json ToJson(const CreatedSnapshot& value);
nlohmann::json ToJson(const ForgetRequest& value);
nlohmann::json ToJson(const ForgetReply& value);
nlohmann::json ToJson(const BackupListItem& value);
nlohmann::json ToJson(const BackupList& value);
nlohmann::json ToJson(const ForgottenApp& value);

// Decoders: the value, or kInvalidArgument naming the first wrong field. Unknown fields
// are ignored in answers (a newer server may add some) and refused in requests.
Result<SnapshotSummary> SnapshotSummaryFromJson(const nlohmann::json& json);
Result<SnapshotApp> SnapshotAppFromJson(const nlohmann::json& json);
Result<SnapshotList> SnapshotListFromJson(const nlohmann::json& json);
Result<SnapshotDetail> SnapshotDetailFromJson(const nlohmann::json& json);
Result<BackupReportItem> BackupReportItemFromJson(const nlohmann::json& json);
Result<CreatedSnapshot> CreatedSnapshotFromJson(const nlohmann::json& json);
Result<ForgetRequest> ForgetRequestFromJson(const nlohmann::json& json);
Result<ForgetReply> ForgetReplyFromJson(const nlohmann::json& json);
Result<BackupList> BackupListFromJson(const nlohmann::json& json);
Result<ForgottenApp> ForgottenAppFromJson(const nlohmann::json& json);

}  // namespace appvault::api
