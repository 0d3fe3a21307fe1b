// The SQLite store's readers of result rows (row_readers.h, for its Statement) and the
// helpers that step a statement through its rows.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/backup.h"
#include "core/status.h"
#include "store/records.h"
#include "store/row_readers.h"
#include "store/sqlite_connection.h"
#include "store/sqlite_statement.h"
#include "store/store.h"

namespace appvault::store::sqlite {

using rows::kBackupColumns;
using rows::kBlobColumns;
using rows::kDeviceColumns;
using rows::kPackageColumns;
using rows::kSessionColumns;
using rows::kSnapshotColumns;
using rows::kSoftwareColumns;
using rows::kUserColumns;

using rows::Sql;

// The rows of `table` (a table with a user_id column; a constant, never data) that belong
// to the user.
Result<std::int64_t> CountRows(Connection& c, std::string_view table, std::int64_t user_id);

Result<User> ReadUser(const Statement& row);
Result<Session> ReadSession(const Statement& row);
Result<Device> ReadDevice(const Statement& row);
Result<SoftwareRecord> ReadSoftware(const Statement& row);
Result<PackageRecord> ReadPackage(const Statement& row);
Result<BlobRecord> ReadBlob(const Statement& row);
Result<BackupRecord> ReadBackup(const Statement& row);
Result<SnapshotRecord> ReadSnapshotRow(const Statement& row);

// Steps `stmt` once and reads the row; kNotFound with `not_found` as message when there
// is none. Errors: the step's or the reader's.
template <typename Reader>
auto ReadOne(Statement& stmt, Reader read, std::string_view not_found) -> decltype(read(stmt)) {
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status(StatusCode::kNotFound, std::string(not_found));
  return read(stmt);
}

// Steps `stmt` to the end, reading every row into a vector.
template <typename Reader>
auto ReadAll(Statement& stmt, Reader read)
    -> Result<std::vector<std::decay_t<decltype(read(stmt).value())>>> {
  std::vector<std::decay_t<decltype(read(stmt).value())>> rows;
  while (true) {
    Result<bool> row = stmt.Step();
    if (!row.ok()) return row.status();
    if (!*row) return rows;
    auto value = read(stmt);
    if (!value.ok()) return value.status();
    rows.push_back(std::move(value).value());
  }
}

}  // namespace appvault::store::sqlite
