// SqliteStore: a user's snapshots and the backup records they hold (CONTRACT §6).
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <utility>

#include "store/backup_checks.h"
#include "store/sqlite_codec.h"
#include "store/sqlite_connection.h"
#include "store/sqlite_rows.h"
#include "store/sqlite_store.h"

namespace appvault::store {
namespace {

using sqlite::Connection;
using sqlite::Sql;
using sqlite::Statement;

// The single count(*) a prepared statement answers.
Result<std::int64_t> ReadCount(Statement& stmt) {
  return sqlite::ReadOne(
      stmt, [](const Statement& row) -> Result<std::int64_t> { return row.Int(0); }, "no count");
}

Result<std::int64_t> CountSnapshots(Connection& c, std::int64_t user_id,
                                    std::optional<std::string_view> device_id) {
  Result<Statement> stmt =
      device_id ? c.Prepare("SELECT count(*) FROM snapshots WHERE user_id = ?1 AND device_id = ?2")
                : c.Prepare("SELECT count(*) FROM snapshots WHERE user_id = ?1");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, user_id);
  if (device_id) stmt->Bind(2, *device_id);
  return ReadCount(*stmt);
}

Status CheckLimits(Connection& c, std::int64_t user_id, std::string_view device_id,
                   const SnapshotLimits& limits) {
  Result<std::int64_t> of_device = CountSnapshots(c, user_id, device_id);
  if (!of_device.ok()) return of_device.status();
  Result<std::int64_t> of_user = CountSnapshots(c, user_id, std::nullopt);
  if (!of_user.ok()) return of_user.status();
  return CheckSnapshotRoom(device_id, *of_device, *of_user, limits);
}

Status InsertApps(Connection& c, std::int64_t user_id, std::int64_t snapshot_id,
                  const std::vector<BackupRecord>& apps);

// Inserts the snapshot row and its apps; returns the snapshot.
Result<SnapshotRecord> InsertSnapshot(Connection& c, std::int64_t user_id,
                                      std::string_view device_id, Platform platform,
                                      std::int64_t created_at,
                                      const std::vector<BackupRecord>& apps) {
  SnapshotRecord snapshot;
  snapshot.user_id = user_id;
  snapshot.device_id = std::string(device_id);
  snapshot.platform = platform;
  snapshot.created_at = created_at;
  snapshot.apps = static_cast<std::int64_t>(apps.size());
  snapshot.with_config = std::any_of(
      apps.begin(), apps.end(), [](const BackupRecord& b) { return b.config_sha256.has_value(); });
  Result<Statement> head = c.Prepare(
      "INSERT INTO snapshots (user_id, device_id, platform, created_at, apps, with_config) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!head.ok()) return head.status();
  head->Bind(1, user_id).Bind(2, device_id).Bind(3, PlatformName(platform));
  head->Bind(4, created_at).Bind(5, snapshot.apps).Bind(6, std::int64_t{snapshot.with_config});
  Status inserted = head->Run();
  if (!inserted.ok()) return inserted;
  snapshot.id = sqlite3_last_insert_rowid(c.handle());
  Status rows = InsertApps(c, user_id, snapshot.id, apps);
  if (!rows.ok()) return rows;
  return snapshot;
}

// kInvalidArgument unless the user uploaded the configuration blob: checked in the
// transaction that names it, so garbage collection (which deletes a blob record only while
// nothing names it, in a transaction of its own) cannot delete it in between.
Status CheckConfigOwned(Connection& c, std::int64_t user_id, const BackupRecord& b) {
  if (!b.config_sha256.has_value()) return Status::Ok();
  Result<Statement> owned =
      c.Prepare("SELECT 1 FROM blob_owners WHERE sha256 = ?1 AND user_id = ?2");
  if (!owned.ok()) return owned.status();
  Result<bool> has = owned->Bind(1, *b.config_sha256).Bind(2, user_id).Step();
  if (!has.ok() || *has) return has.status();
  return ConfigNotOwned(b);
}

// Inserts the apps' rows into snapshot `snapshot_id`.
Status InsertApps(Connection& c, std::int64_t user_id, std::int64_t snapshot_id,
                  const std::vector<BackupRecord>& apps) {
  for (const BackupRecord& b : apps) {
    Status owned = CheckConfigOwned(c, user_id, b);
    if (!owned.ok()) return owned;
    Result<Statement> row = c.Prepare(
        "INSERT INTO snapshot_apps (snapshot_id, platform, app, user_id, software_id, version, "
        "version_name, signer_sha256, backed_up_at, config_sha256) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!row.ok()) return row.status();
    row->Bind(1, snapshot_id).Bind(2, PlatformName(b.platform)).Bind(3, b.app.str());
    row->Bind(4, user_id).Bind(5, b.software_id).Bind(6, b.version.text());
    row->Bind(7, b.version_name).Bind(8, b.signer_sha256).Bind(9, b.backed_up_at);
    Status put = row->Bind(10, b.config_sha256).Run();
    if (!put.ok()) return put;
  }
  return Status::Ok();
}

// The platform of the user's device, or kNotFound.
Result<Platform> DevicePlatform(Connection& c, std::int64_t user_id, std::string_view device_id) {
  Result<Statement> stmt = c.Prepare("SELECT platform FROM devices WHERE id = ?1 AND user_id = ?2");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, device_id).Bind(2, user_id);
  return sqlite::ReadOne(
      *stmt, [](const Statement& row) { return sqlite::StoredPlatform(row.Text(0)); },
      "no device \"" + std::string(device_id) + "\"");
}

// How many apps (distinct platform and app id) the user has backed up, over all snapshots.
Result<std::int64_t> CountBackedUpApps(Connection& c, std::int64_t user_id) {
  Result<Statement> stmt = c.Prepare(
      "SELECT count(*) FROM (SELECT DISTINCT platform, app FROM snapshot_apps WHERE user_id = ?1)");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, user_id);
  return ReadCount(*stmt);
}

// The user's snapshot `snapshot_id`, or kNotFound.
Result<SnapshotRecord> FindSnapshotIn(Connection& c, std::int64_t user_id,
                                      std::int64_t snapshot_id) {
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kSnapshotColumns, " FROM snapshots WHERE id = ?1 AND user_id = ?2"});
  Result<Statement> stmt = c.Prepare(kSql);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, snapshot_id).Bind(2, user_id);
  return sqlite::ReadOne(*stmt, sqlite::ReadSnapshotRow, NoSnapshot(snapshot_id));
}

// Ok while the user has at most `max` backed-up apps (checked after the rows are written,
// inside the transaction: a refusal rolls them back).
Status CheckBackedUpApps(Connection& c, std::int64_t user_id, std::uint64_t max) {
  Result<std::int64_t> count = CountBackedUpApps(c, user_id);
  if (!count.ok()) return count.status();
  return CheckBackedUpCount(*count, max);
}

}  // namespace

Result<SnapshotRecord> SqliteStore::CreateSnapshot(std::int64_t user_id, std::string_view device_id,
                                                   std::int64_t now,
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

Result<SnapshotRecord> SqliteStore::AppendToSnapshot(std::int64_t user_id, std::int64_t snapshot_id,
                                                     std::int64_t now,
                                                     const std::vector<BackupRecord>& apps,
                                                     const SnapshotLimits& limits) {
  Result<std::vector<BackupRecord>> stamped = Stamped(apps, now);
  if (!stamped.ok()) return stamped.status();
  return Fetch(Access::kWrite, [&](Connection& c) -> Result<SnapshotRecord> {
    Result<SnapshotRecord> snapshot = FindSnapshotIn(c, user_id, snapshot_id);
    if (!snapshot.ok()) return snapshot.status();
    Result<Statement> newer = c.Prepare(
        "SELECT count(*) FROM snapshots WHERE user_id = ?1 AND device_id = ?2 AND id > ?3");
    if (!newer.ok()) return newer.status();
    newer->Bind(1, user_id).Bind(2, snapshot->device_id).Bind(3, snapshot_id);
    Result<std::int64_t> count = ReadCount(*newer);
    if (!count.ok()) return count.status();
    if (*count > 0) return NotNewestSnapshot(snapshot_id);
    for (const BackupRecord& b : *stamped) {
      Result<Statement> there = c.Prepare(
          "SELECT count(*) FROM snapshot_apps WHERE snapshot_id = ?1 AND platform = ?2 AND "
          "app = ?3");
      if (!there.ok()) return there.status();
      there->Bind(1, snapshot_id).Bind(2, PlatformName(b.platform)).Bind(3, b.app.str());
      Result<std::int64_t> found = ReadCount(*there);
      if (!found.ok()) return found.status();
      if (*found > 0) return AlreadyInSnapshot(b, snapshot_id);
    }
    Status rows = InsertApps(c, user_id, snapshot_id, *stamped);
    if (!rows.ok()) return rows;
    snapshot->apps += static_cast<std::int64_t>(stamped->size());
    snapshot->with_config =
        snapshot->with_config ||
        std::any_of(stamped->begin(), stamped->end(),
                    [](const BackupRecord& b) { return b.config_sha256.has_value(); });
    Result<Statement> update =
        c.Prepare("UPDATE snapshots SET apps = ?2, with_config = ?3 WHERE id = ?1");
    if (!update.ok()) return update.status();
    update->Bind(1, snapshot_id).Bind(2, snapshot->apps);
    Status updated = update->Bind(3, std::int64_t{snapshot->with_config}).Run();
    if (!updated.ok()) return updated;
    Status apps_room =
        CheckBackedUpApps(c, user_id, static_cast<std::uint64_t>(limits.backed_up_apps));
    if (!apps_room.ok()) return apps_room;
    return snapshot;
  });
}

Result<std::vector<SnapshotRecord>> SqliteStore::ListSnapshots(
    std::int64_t user_id, std::optional<std::string_view> device_id) {
  static const std::string kAll = Sql(
      {"SELECT ", sqlite::kSnapshotColumns, " FROM snapshots WHERE user_id = ?1 ORDER BY id DESC"});
  static const std::string kOfDevice =
      Sql({"SELECT ", sqlite::kSnapshotColumns,
           " FROM snapshots WHERE user_id = ?1 AND device_id = ?2 ORDER BY id DESC"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::vector<SnapshotRecord>> {
    Result<Statement> stmt = c.Prepare(device_id ? kOfDevice : kAll);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, user_id);
    if (device_id) stmt->Bind(2, *device_id);
    return sqlite::ReadAll(*stmt, sqlite::ReadSnapshotRow);
  });
}

Result<SnapshotRecord> SqliteStore::FindSnapshot(std::int64_t user_id, std::int64_t snapshot_id) {
  return Fetch(Access::kRead, [&](Connection& c) -> Result<SnapshotRecord> {
    return FindSnapshotIn(c, user_id, snapshot_id);
  });
}

Result<SnapshotRecord> SqliteStore::FindNewestSnapshot(std::int64_t user_id,
                                                       std::optional<Platform> platform) {
  static const std::string kAny = Sql({"SELECT ", sqlite::kSnapshotColumns,
                                       " FROM snapshots WHERE user_id = ?1 ORDER BY id DESC "
                                       "LIMIT 1"});
  static const std::string kOn =
      Sql({"SELECT ", sqlite::kSnapshotColumns,
           " FROM snapshots WHERE user_id = ?1 AND platform = ?2 ORDER BY id DESC LIMIT 1"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<SnapshotRecord> {
    Result<Statement> stmt = c.Prepare(platform ? kOn : kAny);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, user_id);
    if (platform) stmt->Bind(2, PlatformName(*platform));
    return sqlite::ReadOne(*stmt, sqlite::ReadSnapshotRow, "no snapshot");
  });
}

Result<std::vector<BackupRecord>> SqliteStore::ListSnapshotApps(std::int64_t user_id,
                                                                std::int64_t snapshot_id) {
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kBackupColumns, " FROM snapshot_apps a JOIN snapshots s ON ",
           "s.id = a.snapshot_id WHERE a.snapshot_id = ?1 AND s.user_id = ?2 ",
           "ORDER BY a.platform, a.app"});
  return Fetch(Access::kSnapshot, [&](Connection& c) -> Result<std::vector<BackupRecord>> {
    Result<Statement> owned = c.Prepare("SELECT 1 FROM snapshots WHERE id = ?1 AND user_id = ?2");
    if (!owned.ok()) return owned.status();
    owned->Bind(1, snapshot_id).Bind(2, user_id);
    Result<bool> found = owned->Step();
    if (!found.ok()) return found.status();
    if (!*found) return Status(StatusCode::kNotFound, NoSnapshot(snapshot_id));
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, snapshot_id).Bind(2, user_id);
    return sqlite::ReadAll(*stmt, sqlite::ReadBackup);
  });
}

Status SqliteStore::DeleteSnapshots(std::int64_t user_id, const std::vector<std::int64_t>& ids) {
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    for (std::int64_t id : ids) {
      Result<Statement> stmt = c.Prepare("DELETE FROM snapshots WHERE id = ?1 AND user_id = ?2");
      if (!stmt.ok()) return stmt.status();
      Status deleted = stmt->Bind(1, id).Bind(2, user_id).Run();
      if (!deleted.ok()) return deleted;
      if (stmt->Changes() == 0) return Status(StatusCode::kNotFound, NoSnapshot(id));
    }
    return Status::Ok();
  });
}

Status SqliteStore::PutBackups(std::int64_t user_id, const std::vector<BackupRecord>& backups,
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

Result<std::vector<BackupRecord>> SqliteStore::ListBackups(std::int64_t user_id) {
  // The highest snapshot id per (platform, app) through the index on
  // (user_id, platform, app, snapshot_id), then that row.
  static const std::string kSql = Sql(
      {"SELECT ", sqlite::kBackupColumns, " FROM (SELECT platform, app, max(snapshot_id) AS id ",
       "FROM snapshot_apps WHERE user_id = ?1 GROUP BY platform, app) n ",
       "JOIN snapshot_apps a ON a.snapshot_id = n.id AND a.platform = n.platform AND ",
       "a.app = n.app JOIN snapshots s ON s.id = a.snapshot_id ORDER BY a.app, a.platform"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::vector<BackupRecord>> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, user_id);
    return sqlite::ReadAll(*stmt, sqlite::ReadBackup);
  });
}

Result<BackupRecord> SqliteStore::FindBackup(std::int64_t user_id, const AppId& app) {
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kBackupColumns, " FROM snapshot_apps a JOIN snapshots s ON ",
           "s.id = a.snapshot_id WHERE a.user_id = ?1 AND a.platform IN ('android', 'ios') ",
           "AND a.app = ?2 ", "ORDER BY a.snapshot_id DESC, a.platform LIMIT 1"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<BackupRecord> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, user_id).Bind(2, app.str());
    return sqlite::ReadOne(*stmt, sqlite::ReadBackup, NoBackup(app).message());
  });
}

Result<BackupRecord> SqliteStore::FindBackupOn(std::int64_t user_id, Platform platform,
                                               const AppId& app) {
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kBackupColumns, " FROM snapshot_apps a JOIN snapshots s ON ",
           "s.id = a.snapshot_id WHERE a.user_id = ?1 AND a.platform = ?2 AND a.app = ?3 ",
           "ORDER BY a.snapshot_id DESC LIMIT 1"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<BackupRecord> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, user_id).Bind(2, PlatformName(platform)).Bind(3, app.str());
    return sqlite::ReadOne(*stmt, sqlite::ReadBackup, NoBackup(app).message());
  });
}

Status SqliteStore::DeleteBackup(std::int64_t user_id, const AppId& app) {
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    // The snapshots that lose an app keep their counts right.
    Result<Statement> counts = c.Prepare(
        "UPDATE snapshots SET apps = apps - (SELECT count(*) FROM snapshot_apps a WHERE "
        "a.snapshot_id = snapshots.id AND a.app = ?2), with_config = EXISTS (SELECT 1 FROM "
        "snapshot_apps a WHERE a.snapshot_id = snapshots.id AND a.app != ?2 AND "
        "a.config_sha256 IS NOT NULL) WHERE user_id = ?1 AND id IN (SELECT snapshot_id FROM "
        "snapshot_apps WHERE user_id = ?1 AND platform IN ('android', 'ios') AND app = ?2)");
    if (!counts.ok()) return counts.status();
    Status counted = counts->Bind(1, user_id).Bind(2, app.str()).Run();
    if (!counted.ok()) return counted;
    Result<Statement> stmt = c.Prepare(
        "DELETE FROM snapshot_apps WHERE user_id = ?1 AND platform IN ('android', 'ios') AND "
        "app = ?2");
    if (!stmt.ok()) return stmt.status();
    Status deleted = stmt->Bind(1, user_id).Bind(2, app.str()).Run();
    if (deleted.ok() && stmt->Changes() == 0) return NoBackup(app);
    return deleted;
  });
}

}  // namespace appvault::store
