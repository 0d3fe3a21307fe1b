// SqliteStore: blob records and who may read them.
#include "store/sqlite_codec.h"
#include "store/sqlite_connection.h"
#include "store/sqlite_rows.h"
#include "store/sqlite_store.h"

namespace appvault::store {
namespace {

using sqlite::Connection;
using sqlite::Sql;
using sqlite::Statement;

// Inserts the blob, or keeps the existing row (its size and time), only ever turning a
// private blob into a package blob.
Status UpsertBlob(Connection& c, const BlobRecord& blob, std::int64_t size) {
  Result<Statement> stmt = c.Prepare(
      "INSERT INTO blobs (sha256, size, kind, created_at) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (sha256) DO UPDATE SET kind = 'package' WHERE excluded.kind = 'package'");
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

}  // namespace

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

}  // namespace appvault::store
