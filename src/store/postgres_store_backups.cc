// PostgresStore: a user's snapshots and the backup records they hold (CONTRACT §6).
#include <algorithm>
#include <map>
#include <utility>

#include "store/backup_checks.h"
#include "store/postgres_connection.h"
#include "store/postgres_store.h"
#include "store/row_readers.h"

namespace appvault::store {
namespace {

using pg::Connection;
using pg::Params;
using pg::Row;
using pg::Rows;
using rows::Sql;

// The single count(*) a query answers.
Result<std::int64_t> Count(Connection& c, const std::string& sql, const Params& params) {
  Result<Rows> counted = c.Query(sql, params);
  if (!counted.ok()) return counted.status();
  return (*counted)[0].Int(0);
}

bool AnyConfig(const std::vector<BackupRecord>& apps) {
  return std::any_of(apps.begin(), apps.end(),
                     [](const BackupRecord& b) { return b.config_sha256.has_value(); });
}

Status CheckLimits(Connection& c, std::int64_t user_id, std::string_view device_id,
                   const SnapshotLimits& limits) {
  static const std::string kOfDevice =
      "SELECT count(*) FROM snapshots WHERE user_id = $1 AND device_id = $2";
  static const std::string kOfUser = "SELECT count(*) FROM snapshots WHERE user_id = $1";
  Result<std::int64_t> of_device = Count(c, kOfDevice, Params().Add(user_id).Add(device_id));
  if (!of_device.ok()) return of_device.status();
  Result<std::int64_t> of_user = Count(c, kOfUser, Params().Add(user_id));
  if (!of_user.ok()) return of_user.status();
  return CheckSnapshotRoom(device_id, *of_device, *of_user, limits);
}

// kInvalidArgument unless the user uploaded the configuration blob: checked in the
// transaction that names it (SERIALIZABLE: a garbage collection deleting the record
// meanwhile makes one of the two fail).
Status CheckConfigOwned(Connection& c, std::int64_t user_id, const BackupRecord& b) {
  static const std::string kSql = "SELECT 1 FROM blob_owners WHERE sha256 = $1 AND user_id = $2";
  if (!b.config_sha256.has_value()) return Status::Ok();
  Result<Rows> owned = c.Query(kSql, Params().Add(*b.config_sha256).Add(user_id));
  if (!owned.ok()) return owned.status();
  return owned->size() > 0 ? Status::Ok() : ConfigNotOwned(b);
}

// Inserts the apps' rows into snapshot `snapshot_id`.
Status InsertApps(Connection& c, std::int64_t user_id, std::int64_t snapshot_id,
                  const std::vector<BackupRecord>& apps) {
  static const std::string kSql =
      "INSERT INTO snapshot_apps (snapshot_id, platform, app, user_id, software_id, version, "
      "version_name, signer_sha256, backed_up_at, config_sha256) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
  for (const BackupRecord& b : apps) {
    Status owned = CheckConfigOwned(c, user_id, b);
    if (!owned.ok()) return owned;
    Params params;
    params.Add(snapshot_id).Add(PlatformName(b.platform)).Add(b.app.str());
    params.Add(user_id).Add(b.software_id).Add(b.version.text());
    params.Add(b.version_name).Add(b.signer_sha256).Add(b.backed_up_at).Add(b.config_sha256);
    Status put = c.Query(kSql, params).status();
    if (!put.ok()) return put;
  }
  return Status::Ok();
}

// Inserts the snapshot row and its apps; returns the snapshot.
Result<SnapshotRecord> InsertSnapshot(Connection& c, std::int64_t user_id,
                                      std::string_view device_id, Platform platform,
                                      std::int64_t created_at,
                                      const std::vector<BackupRecord>& apps) {
  static const std::string kSql =
      "INSERT INTO snapshots (user_id, device_id, platform, created_at, apps, with_config) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
  SnapshotRecord snapshot;
  snapshot.user_id = user_id;
  snapshot.device_id = std::string(device_id);
  snapshot.platform = platform;
  snapshot.created_at = created_at;
  snapshot.apps = static_cast<std::int64_t>(apps.size());
  snapshot.with_config = AnyConfig(apps);
  Result<Rows> inserted = c.Query(kSql, Params()
                                            .Add(user_id)
                                            .Add(device_id)
                                            .Add(PlatformName(platform))
                                            .Add(created_at)
                                            .Add(snapshot.apps)
                                            .Add(std::int64_t{snapshot.with_config}));
  if (!inserted.ok()) return inserted.status();
  snapshot.id = (*inserted)[0].Int(0);
  Status rows = InsertApps(c, user_id, snapshot.id, apps);
  if (!rows.ok()) return rows;
  return snapshot;
}

// The platform of the user's device, or kNotFound.
Result<Platform> DevicePlatform(Connection& c, std::int64_t user_id, std::string_view device_id) {
  static const std::string kSql = "SELECT platform FROM devices WHERE id = $1 AND user_id = $2";
  Result<Rows> found = c.Query(kSql, Params().Add(device_id).Add(user_id));
  if (!found.ok()) return found.status();
  return pg::ReadOne(
      *found, [](const Row& row) { return sqlite::StoredPlatform(row.Text(0)); },
      "no device \"" + std::string(device_id) + "\"");
}

// Ok while the user has at most `max` backed-up apps (distinct platform and app id over
// all snapshots; checked after the rows are written, inside the transaction).
Status CheckBackedUpApps(Connection& c, std::int64_t user_id, std::uint64_t max) {
  static const std::string kSql =
      "SELECT count(*) FROM (SELECT DISTINCT platform, app FROM snapshot_apps "
      "WHERE user_id = $1) apps";
  Result<std::int64_t> count = Count(c, kSql, Params().Add(user_id));
  if (!count.ok()) return count.status();
  return CheckBackedUpCount(*count, max);
}

// The user's snapshot `snapshot_id`, or kNotFound.
Result<SnapshotRecord> FindSnapshotIn(Connection& c, std::int64_t user_id,
                                      std::int64_t snapshot_id) {
  static const std::string kSql =
      Sql({"SELECT ", rows::kSnapshotColumns, " FROM snapshots WHERE id = $1 AND user_id = $2"});
  Result<Rows> found = c.Query(kSql, Params().Add(snapshot_id).Add(user_id));
  if (!found.ok()) return found.status();
  return pg::ReadOne(*found, rows::ReadSnapshotRow<Row>, NoSnapshot(snapshot_id));
}

// Ok unless the snapshot has a newer one of its device, or holds one of the apps.
Status CheckAppendable(Connection& c, const SnapshotRecord& snapshot,
                       const std::vector<BackupRecord>& apps) {
  static const std::string kNewer =
      "SELECT count(*) FROM snapshots WHERE user_id = $1 AND device_id = $2 AND id > $3";
  static const std::string kThere =
      "SELECT count(*) FROM snapshot_apps WHERE snapshot_id = $1 AND platform = $2 AND app = $3";
  Result<std::int64_t> newer =
      Count(c, kNewer, Params().Add(snapshot.user_id).Add(snapshot.device_id).Add(snapshot.id));
  if (!newer.ok()) return newer.status();
  if (*newer > 0) return NotNewestSnapshot(snapshot.id);
  for (const BackupRecord& b : apps) {
    Result<std::int64_t> found =
        Count(c, kThere, Params().Add(snapshot.id).Add(PlatformName(b.platform)).Add(b.app.str()));
    if (!found.ok()) return found.status();
    if (*found > 0) return AlreadyInSnapshot(b, snapshot.id);
  }
  return Status::Ok();
}

}  // namespace

Result<SnapshotRecord> PostgresStore::CreateSnapshot(std::int64_t user_id,
                                                     std::string_view device_id, std::int64_t now,
                                                     const std::vector<BackupRecord>& apps,
                                                     const SnapshotLimits& limits) {
  Result<std::vector<BackupRecord>> stamped = Stamped(apps, now);
  if (!stamped.ok()) return stamped.status();
  return Fetch(Access::kWrite, [&](Connection& c) -> Result<SnapshotRecord> {
    Result<Platform> platform = DevicePlatform(c, user_id, device_id);
    if (!platform.ok()) return platform.status();
    Status room = CheckLimits(c, user_id, device_id, limits);
    if (!room.ok()) return room;
    Result<SnapshotRecord> snapshot =
        InsertSnapshot(c, user_id, device_id, *platform, now, *stamped);
    if (!snapshot.ok()) return snapshot.status();
    Status apps_room =
        CheckBackedUpApps(c, user_id, static_cast<std::uint64_t>(limits.backed_up_apps));
    if (!apps_room.ok()) return apps_room;
    return snapshot;
  });
}

Result<SnapshotRecord> PostgresStore::AppendToSnapshot(std::int64_t user_id,
                                                       std::int64_t snapshot_id, std::int64_t now,
                                                       const std::vector<BackupRecord>& apps,
                                                       const SnapshotLimits& limits) {
  static const std::string kUpdate =
      "UPDATE snapshots SET apps = $2, with_config = $3 WHERE id = $1";
  Result<std::vector<BackupRecord>> stamped = Stamped(apps, now);
  if (!stamped.ok()) return stamped.status();
  return Fetch(Access::kWrite, [&](Connection& c) -> Result<SnapshotRecord> {
    Result<SnapshotRecord> snapshot = FindSnapshotIn(c, user_id, snapshot_id);
    if (!snapshot.ok()) return snapshot.status();
    Status appendable = CheckAppendable(c, *snapshot, *stamped);
    if (!appendable.ok()) return appendable;
    Status rows = InsertApps(c, user_id, snapshot_id, *stamped);
    if (!rows.ok()) return rows;
    snapshot->apps += static_cast<std::int64_t>(stamped->size());
    snapshot->with_config = snapshot->with_config || AnyConfig(*stamped);
    Status updated =
        c.Query(
             kUpdate,
             Params().Add(snapshot_id).Add(snapshot->apps).Add(std::int64_t{snapshot->with_config}))
            .status();
    if (!updated.ok()) return updated;
    Status apps_room =
        CheckBackedUpApps(c, user_id, static_cast<std::uint64_t>(limits.backed_up_apps));
    if (!apps_room.ok()) return apps_room;
    return snapshot;
  });
}

Result<std::vector<SnapshotRecord>> PostgresStore::ListSnapshots(
    std::int64_t user_id, std::optional<std::string_view> device_id) {
  static const std::string kAll = Sql(
      {"SELECT ", rows::kSnapshotColumns, " FROM snapshots WHERE user_id = $1 ORDER BY id DESC"});
  static const std::string kOfDevice =
      Sql({"SELECT ", rows::kSnapshotColumns,
           " FROM snapshots WHERE user_id = $1 AND device_id = $2 ORDER BY id DESC"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::vector<SnapshotRecord>> {
    Params params;
    params.Add(user_id);
    if (device_id) params.Add(*device_id);
    Result<Rows> found = c.Query(device_id ? kOfDevice : kAll, params);
    if (!found.ok()) return found.status();
    return pg::ReadAll(*found, rows::ReadSnapshotRow<Row>);
  });
}

Result<SnapshotRecord> PostgresStore::FindSnapshot(std::int64_t user_id, std::int64_t snapshot_id) {
  return Fetch(Access::kRead,
               [&](Connection& c) { return FindSnapshotIn(c, user_id, snapshot_id); });
}

Result<SnapshotRecord> PostgresStore::FindNewestSnapshot(std::int64_t user_id,
                                                         std::optional<Platform> platform) {
  static const std::string kAny = Sql({"SELECT ", rows::kSnapshotColumns,
                                       " FROM snapshots WHERE user_id = $1 ORDER BY id DESC "
                                       "LIMIT 1"});
  static const std::string kOn =
      Sql({"SELECT ", rows::kSnapshotColumns,
           " FROM snapshots WHERE user_id = $1 AND platform = $2 ORDER BY id DESC LIMIT 1"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<SnapshotRecord> {
    Params params;
    params.Add(user_id);
    if (platform) params.Add(PlatformName(*platform));
    Result<Rows> found = c.Query(platform ? kOn : kAny, params);
    if (!found.ok()) return found.status();
    return pg::ReadOne(*found, rows::ReadSnapshotRow<Row>, "no snapshot");
  });
}

Result<std::vector<BackupRecord>> PostgresStore::ListSnapshotApps(std::int64_t user_id,
                                                                  std::int64_t snapshot_id) {
  static const std::string kSql =
      Sql({"SELECT ", rows::kBackupColumns, " FROM snapshot_apps a JOIN snapshots s ON ",
           "s.id = a.snapshot_id WHERE a.snapshot_id = $1 AND s.user_id = $2 ",
           "ORDER BY a.platform, a.app"});
  return Fetch(Access::kSnapshot, [&](Connection& c) -> Result<std::vector<BackupRecord>> {
    Result<SnapshotRecord> snapshot = FindSnapshotIn(c, user_id, snapshot_id);
    if (!snapshot.ok()) return snapshot.status();
    Result<Rows> found = c.Query(kSql, Params().Add(snapshot_id).Add(user_id));
    if (!found.ok()) return found.status();
    return pg::ReadAll(*found, rows::ReadBackup<Row>);
  });
}

Status PostgresStore::DeleteSnapshots(std::int64_t user_id, const std::vector<std::int64_t>& ids) {
  static const std::string kSql = "DELETE FROM snapshots WHERE id = $1 AND user_id = $2";
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    for (std::int64_t id : ids) {
      Result<Rows> deleted = c.Query(kSql, Params().Add(id).Add(user_id));
      if (!deleted.ok()) return deleted.status();
      if (deleted->Affected() == 0) return Status(StatusCode::kNotFound, NoSnapshot(id));
    }
    return Status::Ok();
  });
}

Status PostgresStore::PutBackups(std::int64_t user_id, const std::vector<BackupRecord>& backups,
                                 std::size_t max_backups) {
  Result<std::map<std::string, std::vector<BackupRecord>>> grouped = ByDevice(backups);
  if (!grouped.ok()) return grouped.status();
  const std::map<std::string, std::vector<BackupRecord>>& by_device = *grouped;
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    for (const auto& [device, apps] : by_device) {
      std::int64_t newest = 0;
      for (const BackupRecord& b : apps)
        newest = std::max(newest, b.backed_up_at);
      Result<Platform> platform = DevicePlatform(c, user_id, device);
      if (!platform.ok() && platform.status().code() != StatusCode::kNotFound) {
        return platform.status();
      }
      Result<SnapshotRecord> put = InsertSnapshot(
          c, user_id, device, platform.ok() ? *platform : apps.front().platform, newest, apps);
      if (!put.ok()) return put.status();
    }
    return CheckBackedUpApps(c, user_id, max_backups);
  });
}

Result<std::vector<BackupRecord>> PostgresStore::ListBackups(std::int64_t user_id) {
  // The highest snapshot id per (platform, app) through the index on
  // (user_id, platform, app, snapshot_id), then that row.
  static const std::string kSql =
      Sql({"SELECT ", rows::kBackupColumns, " FROM (SELECT platform, app, max(snapshot_id) AS id ",
           "FROM snapshot_apps WHERE user_id = $1 GROUP BY platform, app) n ",
           "JOIN snapshot_apps a ON a.snapshot_id = n.id AND a.platform = n.platform AND ",
           "a.app = n.app JOIN snapshots s ON s.id = a.snapshot_id ORDER BY a.app, a.platform"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::vector<BackupRecord>> {
    Result<Rows> found = c.Query(kSql, Params().Add(user_id));
    if (!found.ok()) return found.status();
    return pg::ReadAll(*found, rows::ReadBackup<Row>);
  });
}

Result<BackupRecord> PostgresStore::FindBackup(std::int64_t user_id, const AppId& app) {
  static const std::string kSql =
      Sql({"SELECT ", rows::kBackupColumns, " FROM snapshot_apps a JOIN snapshots s ON ",
           "s.id = a.snapshot_id WHERE a.user_id = $1 AND a.platform IN ('android', 'ios') ",
           "AND a.app = $2 ORDER BY a.snapshot_id DESC, a.platform LIMIT 1"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<BackupRecord> {
    Result<Rows> found = c.Query(kSql, Params().Add(user_id).Add(app.str()));
    if (!found.ok()) return found.status();
    return pg::ReadOne(*found, rows::ReadBackup<Row>, NoBackup(app).message());
  });
}

Result<BackupRecord> PostgresStore::FindBackupOn(std::int64_t user_id, Platform platform,
                                                 const AppId& app) {
  static const std::string kSql =
      Sql({"SELECT ", rows::kBackupColumns, " FROM snapshot_apps a JOIN snapshots s ON ",
           "s.id = a.snapshot_id WHERE a.user_id = $1 AND a.platform = $2 AND a.app = $3 ",
           "ORDER BY a.snapshot_id DESC LIMIT 1"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<BackupRecord> {
    Result<Rows> found =
        c.Query(kSql, Params().Add(user_id).Add(PlatformName(platform)).Add(app.str()));
    if (!found.ok()) return found.status();
    return pg::ReadOne(*found, rows::ReadBackup<Row>, NoBackup(app).message());
  });
}

Status PostgresStore::DeleteBackup(std::int64_t user_id, const AppId& app) {
  // The snapshots that lose an app keep their counts right.
  static const std::string kCounts =
      "UPDATE snapshots SET apps = apps - (SELECT count(*) FROM snapshot_apps a WHERE "
      "a.snapshot_id = snapshots.id AND a.app = $2), with_config = (EXISTS (SELECT 1 FROM "
      "snapshot_apps a WHERE a.snapshot_id = snapshots.id AND a.app <> $2 AND "
      "a.config_sha256 IS NOT NULL))::int WHERE user_id = $1 AND id IN (SELECT snapshot_id FROM "
      "snapshot_apps WHERE user_id = $1 AND platform IN ('android', 'ios') AND app = $2)";
  static const std::string kDelete =
      "DELETE FROM snapshot_apps WHERE user_id = $1 AND platform IN ('android', 'ios') AND "
      "app = $2";
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    Status counted = c.Query(kCounts, Params().Add(user_id).Add(app.str())).status();
    if (!counted.ok()) return counted;
    Result<Rows> deleted = c.Query(kDelete, Params().Add(user_id).Add(app.str()));
    if (!deleted.ok()) return deleted.status();
    if (deleted->Affected() == 0) return NoBackup(app);
    return Status::Ok();
  });
}

}  // namespace appvault::store
