#include "store/sqlite_rows.h"

#include <utility>

#include "store/sqlite_codec.h"

namespace appvault::store::sqlite {

Result<std::int64_t> CountRows(Connection& c, std::string_view table, std::int64_t user_id) {
  Result<Statement> stmt = c.Prepare(Sql({"SELECT COUNT(*) FROM ", table, " WHERE user_id = ?1"}));
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Bind(1, user_id).Step();
  if (!row.ok()) return row.status();
  return stmt->Int(0);
}

Result<User> ReadUser(const Statement& row) {
  return rows::ReadUser(row);
}

Result<Session> ReadSession(const Statement& row) {
  return rows::ReadSession(row);
}

Result<Device> ReadDevice(const Statement& row) {
  return rows::ReadDevice(row);
}

Result<SoftwareRecord> ReadSoftware(const Statement& row) {
  return rows::ReadSoftware(row);
}

Result<PackageRecord> ReadPackage(const Statement& row) {
  return rows::ReadPackage(row);
}

Result<BlobRecord> ReadBlob(const Statement& row) {
  return rows::ReadBlob(row);
}

Result<BackupRecord> ReadBackup(const Statement& row) {
  return rows::ReadBackup(row);
}

Result<SnapshotRecord> ReadSnapshotRow(const Statement& row) {
  return rows::ReadSnapshotRow(row);
}

}  // namespace appvault::store::sqlite
