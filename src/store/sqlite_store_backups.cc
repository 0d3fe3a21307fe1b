// SqliteStore: a user's backup records.
#include "store/sqlite_codec.h"
#include "store/sqlite_connection.h"
#include "store/sqlite_rows.h"
#include "store/sqlite_store.h"

namespace appvault::store {
namespace {

using sqlite::Connection;
using sqlite::Sql;
using sqlite::Statement;

Status ValidateBackup(const BackupRecord& backup) {
  if (backup.version.platform() != backup.platform) {
    return Status(StatusCode::kInvalidArgument,
                  "backup of \"" + backup.app.str() + "\": the version is not of its platform");
  }
  return Status::Ok();
}

Status UpsertBackup(Connection& c, std::int64_t user_id, const BackupRecord& b) {
  Result<Statement> stmt = c.Prepare(
      "INSERT INTO backups (user_id, app, platform, software_id, version, version_name, "
      "signer_sha256, device_id, backed_up_at, config_sha256) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
      "ON CONFLICT (user_id, app) DO UPDATE SET platform = excluded.platform, "
      "software_id = excluded.software_id, version = excluded.version, "
      "version_name = excluded.version_name, signer_sha256 = excluded.signer_sha256, "
      "device_id = excluded.device_id, backed_up_at = excluded.backed_up_at, "
      "config_sha256 = excluded.config_sha256");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, user_id).Bind(2, b.app.str()).Bind(3, PlatformName(b.platform));
  stmt->Bind(4, b.software_id).Bind(5, b.version.text()).Bind(6, b.version_name);
  stmt->Bind(7, b.signer_sha256).Bind(8, b.device_id).Bind(9, b.backed_up_at);
  return stmt->Bind(10, b.config_sha256).Run();
}

Status NoBackup(const AppId& app) {
  return Status(StatusCode::kNotFound, "no backup of \"" + app.str() + "\"");
}

}  // namespace

Status SqliteStore::PutBackups(std::int64_t user_id, const std::vector<BackupRecord>& backups,
                               std::size_t max_backups) {
  for (const BackupRecord& backup : backups) {
    Status valid = ValidateBackup(backup);
    if (!valid.ok()) return valid;
  }
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    for (const BackupRecord& backup : backups) {
      Status put = UpsertBackup(c, user_id, backup);
      if (!put.ok()) return put;
    }
    Result<std::int64_t> count = sqlite::CountRows(c, "backups", user_id);
    if (!count.ok()) return count.status();
    if (static_cast<std::uint64_t>(*count) <= max_backups) return Status::Ok();
    return Status(StatusCode::kQuotaExceeded,
                  "this backup would give the user " + std::to_string(*count) +
                      " backed-up apps, more than the " + std::to_string(max_backups) +
                      " allowed per user (--max-backups-per-user); nothing was stored");
  });
}

Result<std::vector<BackupRecord>> SqliteStore::ListBackups(std::int64_t user_id) {
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kBackupColumns, " FROM backups WHERE user_id = ?1 ORDER BY app"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::vector<BackupRecord>> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, user_id);
    return sqlite::ReadAll(*stmt, sqlite::ReadBackup);
  });
}

Result<BackupRecord> SqliteStore::FindBackup(std::int64_t user_id, const AppId& app) {
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kBackupColumns, " FROM backups WHERE user_id = ?1 AND app = ?2"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<BackupRecord> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, user_id).Bind(2, app.str());
    return sqlite::ReadOne(*stmt, sqlite::ReadBackup, NoBackup(app).message());
  });
}

Status SqliteStore::DeleteBackup(std::int64_t user_id, const AppId& app) {
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    Result<Statement> stmt = c.Prepare("DELETE FROM backups WHERE user_id = ?1 AND app = ?2");
    if (!stmt.ok()) return stmt.status();
    Status deleted = stmt->Bind(1, user_id).Bind(2, app.str()).Run();
    if (deleted.ok() && stmt->Changes() == 0) return NoBackup(app);
    return deleted;
  });
}

}  // namespace appvault::store
