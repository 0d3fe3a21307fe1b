// PostgresStore: blob records and who may read them.
#include "store/blob_checks.h"
#include "store/postgres_connection.h"
#include "store/postgres_store.h"
#include "store/row_readers.h"
#include "store/sqlite_codec.h"

namespace appvault::store {
namespace {

using pg::Connection;
using pg::Params;
using pg::Row;
using pg::Rows;
using rows::Sql;

// Inserts the blob, or keeps the existing row's size, moving its time forward (a grace
// period counts from the latest upload) and only ever turning a private blob into a package
// blob.
Status UpsertBlob(Connection& c, const BlobRecord& blob, std::int64_t size) {
  static const std::string kSql =
      "INSERT INTO blobs (sha256, size, kind, created_at) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (sha256) DO UPDATE SET "
      "kind = CASE WHEN excluded.kind = 'package' THEN 'package' ELSE blobs.kind END, "
      "created_at = GREATEST(blobs.created_at, excluded.created_at)";
  return c
      .Query(kSql, Params()
                       .Add(blob.sha256)
                       .Add(size)
                       .Add(sqlite::BlobKindName(blob.kind))
                       .Add(blob.created_at))
      .status();
}

Status InsertOwner(Connection& c, const Sha256& sha256, std::int64_t user_id) {
  static const std::string kSql =
      "INSERT INTO blob_owners (sha256, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
  return c.Query(kSql, Params().Add(sha256).Add(user_id)).status();
}

// The bytes of the user's private blobs, in all.
Result<std::uint64_t> SumPrivateBytes(Connection& c, std::int64_t user_id) {
  static const std::string kSql =
      "SELECT COALESCE(SUM(b.size), 0) FROM blob_owners o JOIN blobs b ON b.sha256 = o.sha256 "
      "WHERE o.user_id = $1 AND b.kind = 'private'";
  Result<Rows> sum = c.Query(kSql, Params().Add(user_id));
  if (!sum.ok()) return sum.status();
  return static_cast<std::uint64_t>((*sum)[0].Int(0));
}

Result<bool> IsOwner(Connection& c, const Sha256& sha256, std::int64_t user_id) {
  static const std::string kSql = "SELECT 1 FROM blob_owners WHERE sha256 = $1 AND user_id = $2";
  Result<Rows> owned = c.Query(kSql, Params().Add(sha256).Add(user_id));
  if (!owned.ok()) return owned.status();
  return owned->size() > 0;
}

// Ok when the user owns the blob already or it fits in what is left of the quota.
Status CheckQuota(Connection& c, const BlobRecord& blob, std::int64_t user_id,
                  std::uint64_t quota_bytes) {
  Result<bool> has = IsOwner(c, blob.sha256, user_id);
  if (!has.ok() || *has) return has.status();
  Result<std::uint64_t> used = SumPrivateBytes(c, user_id);
  if (!used.ok()) return used.status();
  return CheckQuotaRoom(blob.size, *used, quota_bytes);
}

// SQL: true while nothing references blobs.sha256.
constexpr std::string_view kUnreferenced =
    "NOT EXISTS (SELECT 1 FROM packages p WHERE p.sha256 = blobs.sha256) AND "
    "NOT EXISTS (SELECT 1 FROM package_splits ps WHERE ps.sha256 = blobs.sha256) AND "
    "NOT EXISTS (SELECT 1 FROM snapshot_apps a WHERE a.config_sha256 = blobs.sha256)";

Result<bool> Recorded(Connection& c, const Sha256& sha256) {
  static const std::string kSql =
      "SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = $1) OR "
      "EXISTS (SELECT 1 FROM packages WHERE sha256 = $1) OR "
      "EXISTS (SELECT 1 FROM package_splits WHERE sha256 = $1)";
  Result<Rows> found = c.Query(kSql, Params().Add(sha256));
  if (!found.ok()) return found.status();
  return (*found)[0].Text(0) == "t";
}

}  // namespace

Status PostgresStore::RecordPrivateBlob(const BlobRecord& blob, std::int64_t owner_id,
                                        std::uint64_t quota_bytes, const PlaceBytes& place_bytes) {
  Result<std::int64_t> size = sqlite::SizeColumn(blob.size);
  if (!size.ok()) return size.status();
  bool placed = false;
  const std::function<Status()> place = OnceOnly(place_bytes, &placed);
  return Run(Access::kWrite,
             [&](Connection& c) -> Status {
               Status status = CheckQuota(c, blob, owner_id, quota_bytes);
               if (status.ok() && place) status = place();
               if (status.ok()) status = UpsertBlob(c, blob, *size);
               if (status.ok()) status = InsertOwner(c, blob.sha256, owner_id);
               return status;
             },
             {UserLockKeyOf(owner_id), LockKeyOf(blob.sha256)});
}

Result<std::uint64_t> PostgresStore::PrivateBytes(std::int64_t owner_id) {
  return Fetch(Access::kRead, [&](Connection& c) { return SumPrivateBytes(c, owner_id); });
}

Status PostgresStore::RecordBlob(const BlobRecord& blob, std::optional<std::int64_t> owner_id) {
  Result<std::int64_t> size = sqlite::SizeColumn(blob.size);
  if (!size.ok()) return size.status();
  return Run(Access::kWrite, [&](Connection& c) -> Status {
    Status recorded = UpsertBlob(c, blob, *size);
    if (!recorded.ok() || !owner_id.has_value()) return recorded;
    return InsertOwner(c, blob.sha256, *owner_id);
  });
}

Result<BlobRecord> PostgresStore::FindBlob(const Sha256& sha256) {
  static const std::string kSql =
      Sql({"SELECT ", rows::kBlobColumns, " FROM blobs WHERE sha256 = $1"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<BlobRecord> {
    Result<Rows> found = c.Query(kSql, Params().Add(sha256));
    if (!found.ok()) return found.status();
    return pg::ReadOne(*found, rows::ReadBlob<Row>, "no blob " + sha256.Short());
  });
}

Result<bool> PostgresStore::IsBlobOwner(const Sha256& sha256, std::int64_t user_id) {
  return Fetch(Access::kRead, [&](Connection& c) { return IsOwner(c, sha256, user_id); });
}

Result<std::vector<BlobRecord>> PostgresStore::ListBlobs() {
  static const std::string kSql =
      Sql({"SELECT ", rows::kBlobColumns, " FROM blobs ORDER BY sha256"});
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::vector<BlobRecord>> {
    Result<Rows> found = c.Query(kSql);
    if (!found.ok()) return found.status();
    return pg::ReadAll(*found, rows::ReadBlob<Row>);
  });
}

Result<std::vector<BlobRecord>> PostgresStore::ListUnreferencedBlobs(std::int64_t recorded_before,
                                                                     std::optional<Sha256> after,
                                                                     std::size_t limit) {
  static const std::string kSql =
      Sql({"SELECT ", rows::kBlobColumns,
           " FROM blobs WHERE created_at <= $1 AND ($2::bytea IS NULL OR sha256 > $2::bytea) AND ",
           kUnreferenced, " ORDER BY sha256 LIMIT $3"});
  Result<std::int64_t> count = sqlite::SizeColumn(limit);
  if (!count.ok()) return count.status();
  return Fetch(Access::kRead, [&](Connection& c) -> Result<std::vector<BlobRecord>> {
    Result<Rows> found = c.Query(kSql, Params().Add(recorded_before).Add(after).Add(*count));
    if (!found.ok()) return found.status();
    return pg::ReadAll(*found, rows::ReadBlob<Row>);
  });
}

Result<bool> PostgresStore::DeleteUnreferencedBlob(const Sha256& sha256,
                                                   std::int64_t recorded_before) {
  static const std::string kSql =
      Sql({"DELETE FROM blobs WHERE sha256 = $1 AND created_at <= $2 AND ", kUnreferenced});
  return Fetch(Access::kWrite, [&](Connection& c) -> Result<bool> {
    Result<Rows> deleted = c.Query(kSql, Params().Add(sha256).Add(recorded_before));
    if (!deleted.ok()) return deleted.status();
    return deleted->Affected() == 1;
  });
}

Result<bool> PostgresStore::IsBlobRecorded(const Sha256& sha256) {
  return Fetch(Access::kRead, [&](Connection& c) { return Recorded(c, sha256); });
}

Result<bool> PostgresStore::RemoveUnrecordedBytes(const Sha256& sha256,
                                                  const std::function<Status()>& remove) {
  bool removed = false;
  const std::function<Status()> remove_once = OnceOnly(remove, &removed);
  return Fetch(Access::kWrite,
               [&](Connection& c) -> Result<bool> {
                 Result<bool> recorded = Recorded(c, sha256);
                 if (!recorded.ok()) return recorded.status();
                 if (*recorded) return false;
                 Status status = remove_once();
                 if (!status.ok()) return status;
                 return true;
               },
               {LockKeyOf(sha256)});
}

}  // namespace appvault::store
