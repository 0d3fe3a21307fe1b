// SqliteStore: sessions and devices.
#include "store/sqlite_codec.h"
#include "store/sqlite_connection.h"
#include "store/sqlite_rows.h"
#include "store/sqlite_store.h"

namespace appvault::store {

using sqlite::Connection;
using sqlite::Sql;
using sqlite::Statement;

Status SqliteStore::CreateSession(const Session& session) {
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    Result<Statement> stmt = c.Prepare(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) "
        "VALUES (?1, ?2, ?3, ?4)");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, session.token_hash)
        .Bind(2, session.user_id)
        .Bind(3, session.created_at)
        .Bind(4, session.expires_at);
    return stmt->Run();
  });
}

Result<Session> SqliteStore::FindSession(const Sha256& token_hash) {
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kSessionColumns, " FROM sessions WHERE token_hash = ?1"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<Session> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, token_hash);
    return sqlite::ReadOne(*stmt, sqlite::ReadSession, "no such session");
  });
}

Status SqliteStore::DeleteSession(const Sha256& token_hash) {
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    Result<Statement> stmt = c.Prepare("DELETE FROM sessions WHERE token_hash = ?1");
    if (!stmt.ok()) return stmt.status();
    Status deleted = stmt->Bind(1, token_hash).Run();
    if (deleted.ok() && stmt->Changes() == 0) {
      return Status(StatusCode::kNotFound, "no such session");
    }
    return deleted;
  });
}

Result<std::int64_t> SqliteStore::DeleteExpiredSessions(std::int64_t now) {
  return Fetch(Access::kWrite, [&](Connection& c) -> Result<std::int64_t> {
    Result<Statement> stmt = c.Prepare("DELETE FROM sessions WHERE expires_at <= ?1");
    if (!stmt.ok()) return stmt.status();
    Status deleted = stmt->Bind(1, now).Run();
    if (!deleted.ok()) return deleted;
    return stmt->Changes();
  });
}

Status SqliteStore::CreateDevice(const Device& device, std::size_t max_devices) {
  Status valid = device.profile.Validate();
  if (!valid.ok()) return valid;
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    Result<std::int64_t> count = sqlite::CountRows(c, "devices", device.user_id);
    if (!count.ok()) return count.status();
    if (static_cast<std::uint64_t>(*count) >= max_devices) {
      return Status(StatusCode::kQuotaExceeded, "this user has " + std::to_string(*count) +
                                                    " devices, the most allowed "
                                                    "per user (--max-devices-per-user " +
                                                    std::to_string(max_devices) + ")");
    }
    Result<Statement> stmt = c.Prepare(
        "INSERT INTO devices (id, user_id, name, platform, os_version, abis, created_at, "
        "density, locales) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, device.id)
        .Bind(2, device.user_id)
        .Bind(3, device.name)
        .Bind(4, PlatformName(device.profile.platform))
        .Bind(5, device.profile.os_version.text())
        .Bind(6, sqlite::AbisJson(device.profile.abis))
        .Bind(7, device.created_at)
        .Bind(8, static_cast<std::int64_t>(device.profile.density))
        .Bind(9, sqlite::AbisJson(device.profile.locales));
    Status inserted = stmt->Run();
    if (inserted.code() == StatusCode::kConflict) {
      return Status(StatusCode::kConflict, "device \"" + device.id + "\" exists");
    }
    return inserted;
  });
}

Result<std::vector<Device>> SqliteStore::ListDevices(std::int64_t user_id) {
  static const std::string kSql = Sql({"SELECT ", sqlite::kDeviceColumns,
                                       " FROM devices WHERE user_id = ?1 "
                                       "ORDER BY created_at, rowid"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::vector<Device>> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, user_id);
    return sqlite::ReadAll(*stmt, sqlite::ReadDevice);
  });
}

Result<Device> SqliteStore::FindDevice(std::int64_t user_id, std::string_view device_id) {
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kDeviceColumns, " FROM devices WHERE id = ?1 AND user_id = ?2"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<Device> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, device_id).Bind(2, user_id);
    return sqlite::ReadOne(*stmt, sqlite::ReadDevice,
                           "no device \"" + std::string(device_id) + "\"");
  });
}

}  // namespace appvault::store
