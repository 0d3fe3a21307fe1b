// PostgresStore: sessions and devices.
#include "store/postgres_connection.h"
#include "store/postgres_store.h"
#include "store/row_readers.h"

namespace appvault::store {

using pg::Connection;
using pg::Params;
using pg::Row;
using pg::Rows;
using rows::Sql;

Status PostgresStore::CreateSession(const Session& session) {
  static const std::string kSql =
      "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    return c
        .Query(kSql, Params()
                         .Add(session.token_hash)
                         .Add(session.user_id)
                         .Add(session.created_at)
                         .Add(session.expires_at))
        .status();
  });
}

Result<Session> PostgresStore::FindSession(const Sha256& token_hash) {
  static const std::string kSql =
      Sql({"SELECT ", rows::kSessionColumns, " FROM sessions WHERE token_hash = $1"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<Session> {
    Result<Rows> found = c.Query(kSql, Params().Add(token_hash));
    if (!found.ok()) return found.status();
    return pg::ReadOne(*found, rows::ReadSession<Row>, "no such session");
  });
}

Status PostgresStore::DeleteSession(const Sha256& token_hash) {
  static const std::string kSql = "DELETE FROM sessions WHERE token_hash = $1";
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    Result<Rows> deleted = c.Query(kSql, Params().Add(token_hash));
    if (!deleted.ok()) return deleted.status();
    if (deleted->Affected() == 0) return Status(StatusCode::kNotFound, "no such session");
    return Status::Ok();
  });
}

Result<std::int64_t> PostgresStore::DeleteExpiredSessions(std::int64_t now) {
  static const std::string kSql = "DELETE FROM sessions WHERE expires_at <= $1";
  return Fetch(Access::kWrite, [&](Connection& c) -> Result<std::int64_t> {
    Result<Rows> deleted = c.Query(kSql, Params().Add(now));
    if (!deleted.ok()) return deleted.status();
    return deleted->Affected();
  });
}

Status PostgresStore::CreateDevice(const Device& device, std::size_t max_devices) {
  static const std::string kCount = "SELECT count(*) FROM devices WHERE user_id = $1";
  static const std::string kInsert =
      "INSERT INTO devices (id, user_id, name, platform, os_version, abis, created_at, density, "
      "locales) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
  Status valid = device.profile.Validate();
  if (!valid.ok()) return valid;
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    Result<Rows> counted = c.Query(kCount, Params().Add(device.user_id));
    if (!counted.ok()) return counted.status();
    const std::int64_t count = (*counted)[0].Int(0);
    if (static_cast<std::uint64_t>(count) >= max_devices) {
      return Status(StatusCode::kQuotaExceeded, "this user has " + std::to_string(count) +
                                                    " devices, the most allowed "
                                                    "per user (--max-devices-per-user " +
                                                    std::to_string(max_devices) + ")");
    }
    Result<Rows> inserted = c.Query(kInsert, Params()
                                                 .Add(device.id)
                                                 .Add(device.user_id)
                                                 .Add(device.name)
                                                 .Add(PlatformName(device.profile.platform))
                                                 .Add(device.profile.os_version.text())
                                                 .Add(sqlite::AbisJson(device.profile.abis))
                                                 .Add(device.created_at)
                                                 .Add(std::int64_t{device.profile.density})
                                                 .Add(sqlite::AbisJson(device.profile.locales)));
    if (inserted.status().code() == StatusCode::kConflict) {
      return Status(StatusCode::kConflict, "device \"" + device.id + "\" exists");
    }
    return inserted.status();
  });
}

Result<std::vector<Device>> PostgresStore::ListDevices(std::int64_t user_id) {
  static const std::string kSql =
      Sql({"SELECT ", rows::kDeviceColumns,
           " FROM devices WHERE user_id = $1 ORDER BY created_at, seq"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::vector<Device>> {
    Result<Rows> found = c.Query(kSql, Params().Add(user_id));
    if (!found.ok()) return found.status();
    return pg::ReadAll(*found, rows::ReadDevice<Row>);
  });
}

Result<Device> PostgresStore::FindDevice(std::int64_t user_id, std::string_view device_id) {
  static const std::string kSql =
      Sql({"SELECT ", rows::kDeviceColumns, " FROM devices WHERE id = $1 AND user_id = $2"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<Device> {
    Result<Rows> found = c.Query(kSql, Params().Add(device_id).Add(user_id));
    if (!found.ok()) return found.status();
    return pg::ReadOne(*found, rows::ReadDevice<Row>,
                       "no device \"" + std::string(device_id) + "\"");
  });
}

}  // namespace appvault::store
