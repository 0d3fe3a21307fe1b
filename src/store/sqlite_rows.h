// The column lists the SQLite store selects, and the readers that turn one result row into
// a record. Each reader expects exactly its column list, in that order.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/backup.h"
#include "core/status.h"
#include "store/records.h"
#include "store/sqlite_connection.h"
#include "store/sqlite_statement.h"
#include "store/store.h"

namespace appvault::store::sqlite {

inline constexpr std::string_view kUserColumns =
    "id, username, password_hash, role, install_latest, accept_alternatives, backup_config, "
    "created_at";
inline constexpr std::string_view kSessionColumns = "token_hash, user_id, created_at, expires_at";
inline constexpr std::string_view kDeviceColumns =
    "id, user_id, name, platform, os_version, abis, created_at, density, locales";
inline constexpr std::string_view kSoftwareColumns =
    "s.id, s.name, s.publisher, s.category, s.description, s.votes, s.owner_id, s.created_at, "
    "(SELECT u.username FROM users u WHERE u.id = s.owner_id)";
inline constexpr std::string_view kPackageColumns =
    "p.sha256, p.size, p.software_id, p.platform, p.app_id, p.version, p.version_name, "
    "p.min_os, p.max_os, p.abis, p.signer_sha256, p.signer_subject, p.published_by, "
    "p.published_at, p.signer_lineage, p.required_split_types, p.split_types";
inline constexpr std::string_view kBlobColumns = "sha256, size, kind, created_at";
// Of snapshot_apps `a` joined with snapshots `s`.
inline constexpr std::string_view kBackupColumns =
    "a.app, a.platform, a.software_id, a.version, a.version_name, a.signer_sha256, s.device_id, "
    "a.backed_up_at, a.config_sha256, a.snapshot_id";
inline constexpr std::string_view kSnapshotColumns =
    "id, user_id, device_id, platform, created_at, apps, with_config";

// The concatenation of `parts`: SQL text assembled from the column lists above.
std::string Sql(std::initializer_list<std::string_view> parts);

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
