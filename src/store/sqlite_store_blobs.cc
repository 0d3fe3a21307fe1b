// SqliteStore: blob records and who may read them.
#include "store/blob_checks.h"
#include "store/sqlite_codec.h"
#include "store/sqlite_connection.h"
#include "store/sqlite_rows.h"
#include "store/sqlite_store.h"

namespace appvault::store {
namespace {

using sqlite::Connection;
using sqlite::Sql;
using sqlite::Statement;

// Inserts the blob, or keeps the existing row's size, moving its time forward (a grace
// period counts from the latest upload) and only ever turning a private blob into a package
// blob.
Status UpsertBlob(Connection& c, const BlobRecord& blob, std::int64_t size) {
  Result<Statement> stmt = c.Prepare(
      "INSERT INTO blobs (sha256, size, kind, created_at) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (sha256) DO UPDATE SET "
      "kind = CASE WHEN excluded.kind = 'package' THEN 'package' ELSE blobs.kind END, "
      "created_at = MAX(blobs.created_at, excluded.created_at)");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, blob.sha256).Bind(2, size).Bind(3, sqlite::BlobKindName(blob.kind));
  return stmt->Bind(4, blob.created_at).Run();
}

Status InsertOwner(Connection& c, const Sha256& sha256, std::int64_t user_id) {
  Result<Statement> stmt =
      c.Prepare("INSERT INTO blob_owners (sha256, user_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
  if (!stmt.ok()) return stmt.status();
  return stmt->Bind(1, sha256).Bind(2, user_id).Run();
}

// The bytes of the user's private blobs, in all.
Result<std::uint64_t> SumPrivateBytes(Connection& c, std::int64_t user_id) {
  Result<Statement> stmt = c.Prepare(
      "SELECT COALESCE(SUM(b.size), 0) FROM blob_owners o JOIN blobs b ON b.sha256 = o.sha256 "
      "WHERE o.user_id = ?1 AND b.kind = 'private'");
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Bind(1, user_id).Step();
  if (!row.ok()) return row.status();
  return static_cast<std::uint64_t>(stmt->Int(0));
}

// Ok when the user owns the blob already or it fits in what is left of the quota.
Status CheckQuota(Connection& c, const BlobRecord& blob, std::int64_t user_id,
                  std::uint64_t quota_bytes) {
  Result<Statement> owned =
      c.Prepare("SELECT 1 FROM blob_owners WHERE sha256 = ?1 AND user_id = ?2");
  if (!owned.ok()) return owned.status();
  Result<bool> has = owned->Bind(1, blob.sha256).Bind(2, user_id).Step();
  if (!has.ok() || *has) return has.status();
  Result<std::uint64_t> used = SumPrivateBytes(c, user_id);
  if (!used.ok()) return used.status();
  return CheckQuotaRoom(blob.size, *used, quota_bytes);
}

// SQL: true while nothing references the blob named by `column`.
constexpr std::string_view kUnreferenced =
    "NOT EXISTS (SELECT 1 FROM packages p WHERE p.sha256 = {0}) AND "
    "NOT EXISTS (SELECT 1 FROM package_splits ps WHERE ps.sha256 = {0}) AND "
    "NOT EXISTS (SELECT 1 FROM snapshot_apps a WHERE a.config_sha256 = {0})";

std::string Unreferenced(std::string_view column) {
  std::string sql(kUnreferenced);
  for (std::size_t at; (at = sql.find("{0}")) != std::string::npos;)
    sql.replace(at, 3, column);
  return sql;
}

Result<bool> Recorded(Connection& c, const Sha256& sha256) {
  Result<Statement> stmt = c.Prepare(
      "SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = ?1) OR "
      "EXISTS (SELECT 1 FROM packages WHERE sha256 = ?1) OR "
      "EXISTS (SELECT 1 FROM package_splits WHERE sha256 = ?1)");
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Bind(1, sha256).Step();
  if (!row.ok()) return row.status();
  return stmt->Int(0) != 0;
}

}  // namespace

Status SqliteStore::RecordPrivateBlob(const BlobRecord& blob, std::int64_t owner_id,
                                      std::uint64_t quota_bytes, const PlaceBytes& place_bytes) {
  Result<std::int64_t> size = sqlite::SizeColumn(blob.size);
  if (!size.ok()) return size.status();
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    Status status = CheckQuota(c, blob, owner_id, quota_bytes);
    if (status.ok() && place_bytes) status = place_bytes();
    if (status.ok()) status = UpsertBlob(c, blob, *size);
    if (status.ok()) status = InsertOwner(c, blob.sha256, owner_id);
    return status;
  });
}

Result<std::uint64_t> SqliteStore::PrivateBytes(std::int64_t owner_id) {
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::uint64_t> {
    return SumPrivateBytes(c, owner_id);
  });
}

Status SqliteStore::RecordBlob(const BlobRecord& blob, std::optional<std::int64_t> owner_id) {
  Result<std::int64_t> size = sqlite::SizeColumn(blob.size);
  if (!size.ok()) return size.status();
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    Status recorded = UpsertBlob(c, blob, *size);
    if (!recorded.ok() || !owner_id.has_value()) return recorded;
    return InsertOwner(c, blob.sha256, *owner_id);
  });
}

Result<BlobRecord> SqliteStore::FindBlob(const Sha256& sha256) {
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kBlobColumns, " FROM blobs WHERE sha256 = ?1"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<BlobRecord> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, sha256);
    return sqlite::ReadOne(*stmt, sqlite::ReadBlob, "no blob " + sha256.Short());
  });
}

Result<bool> SqliteStore::IsBlobOwner(const Sha256& sha256, std::int64_t user_id) {
  return Fetch(Access::kRead, [&](Connection& c) -> Result<bool> {
    Result<Statement> stmt =
        c.Prepare("SELECT 1 FROM blob_owners WHERE sha256 = ?1 AND user_id = ?2");
    if (!stmt.ok()) return stmt.status();
    return stmt->Bind(1, sha256).Bind(2, user_id).Step();
  });
}

Result<std::vector<BlobRecord>> SqliteStore::ListBlobs() {
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kBlobColumns, " FROM blobs ORDER BY sha256"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::vector<BlobRecord>> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    return sqlite::ReadAll(*stmt, sqlite::ReadBlob);
  });
}

Result<std::vector<BlobRecord>> SqliteStore::ListUnreferencedBlobs(std::int64_t recorded_before,
                                                                   std::optional<Sha256> after,
                                                                   std::size_t limit) {
  static const std::string kSql =
      Sql({"SELECT ", sqlite::kBlobColumns,
           " FROM blobs WHERE created_at <= ?1 AND (?2 IS NULL OR sha256 > ?2) AND ",
           Unreferenced("blobs.sha256"), " ORDER BY sha256 LIMIT ?3"});
  Result<std::int64_t> count = sqlite::SizeColumn(limit);
  if (!count.ok()) return count.status();
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::vector<BlobRecord>> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, recorded_before).Bind(2, after).Bind(3, *count);
    return sqlite::ReadAll(*stmt, sqlite::ReadBlob);
  });
}

Result<bool> SqliteStore::DeleteUnreferencedBlob(const Sha256& sha256,
                                                 std::int64_t recorded_before) {
  static const std::string kSql =
      Sql({"DELETE FROM blobs WHERE sha256 = ?1 AND created_at <= ?2 AND ",
           Unreferenced("blobs.sha256")});
  return Fetch(Access::kWrite, [&](Connection& c) -> Result<bool> {
    Result<Statement> stmt = c.Prepare(kSql);
    if (!stmt.ok()) return stmt.status();
    Status deleted = stmt->Bind(1, sha256).Bind(2, recorded_before).Run();
    if (!deleted.ok()) return deleted;
    return stmt->Changes() == 1;
  });
}

Result<bool> SqliteStore::IsBlobRecorded(const Sha256& sha256) {
  return Fetch(Access::kRead, [&](Connection& c) { return Recorded(c, sha256); });
}

Result<bool> SqliteStore::RemoveUnrecordedBytes(const Sha256& sha256,
                                                const std::function<Status()>& remove) {
  return Fetch(Access::kWrite, [&](Connection& c) -> Result<bool> {
    Result<bool> recorded = Recorded(c, sha256);
    if (!recorded.ok()) return recorded.status();
    if (*recorded) return false;
    Status removed = remove();
    if (!removed.ok()) return removed;
    return true;
  });
}

}  // namespace appvault::store
