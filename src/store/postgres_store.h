// PostgresStore: the MetadataStore on a PostgreSQL server (`--database postgresql://…`),
// for a service whose metadata outgrows one machine or is shared by several appvaultd.
//
// Concurrency: a pool of sessions. A single read runs on its own; reads that must agree run
// in one REPEATABLE READ READ ONLY transaction; every write runs in one SERIALIZABLE
// transaction — as if the store's writes ran one at a time, as SQLite's do — and is run
// again (up to kMaxAttempts, with a growing random pause) when the server reports a
// serialization failure or deadlock. Writes that act outside the database (PlaceBytes,
// RemoveUnrecordedBytes's removal) also hold an advisory lock on the blob's digest, taken
// before the transaction begins, so that removing a blob's bytes and an upload putting them
// back never interleave, in this process or any other; the outside action runs at most once
// per call even when the transaction is run again. A user's private uploads also hold a lock
// on the user (taken first), so that they never conflict with each other: an upload refused
// for the quota has never put its bytes in place.
//
// Durability: the server's (every commit acknowledged is durable with its default
// synchronous_commit = on).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace appvault::store {

template <typename Connection>
class ConnectionPool;
namespace pg {
class Connection;
using ConnectionPool = store::ConnectionPool<Connection>;
}  // namespace pg

struct PostgresOptions {
  std::size_t pool_size = 8;  // sessions, 1..64: how many calls run at once
  // How long connecting may take, unless the URL sets connect_timeout itself.
  std::chrono::seconds connect_timeout{10};
  // Open for reading only (`appvaultd check`): the database must already be at this
  // binary's schema version; nothing is migrated and every write fails.
  bool read_only = false;
};

// Thread-safety: every method may be called from many threads at once (MetadataStore's
// contract). Owns its sessions; closes them on destruction.
class PostgresStore final : public MetadataStore {
 public:
  // How many times a write runs before a serialization failure is reported (kUnavailable).
  static constexpr int kMaxAttempts = 30;

  // Connects to the database the URL names (postgresql://USER@HOST:PORT/DB, libpq's URI
  // form: its parameters — sslmode, options, … — apply) and brings its schema to this
  // binary's version (pg::BinarySchemaVersion()) with the migrations of
  // postgres_migrations.h. Opening an up-to-date database changes nothing.
  // Errors: kInvalidArgument for a pool size outside 1..64 or a URL that does not parse;
  // kUnavailable when the server cannot be reached (naming the URL without its password) or
  // "database schema version N is newer than this binary (M)" (read-only: also when it is
  // older); kInternal when a migration fails (that migration is rolled back).
  static Result<std::unique_ptr<PostgresStore>> Open(const std::string& url,
                                                     PostgresOptions options = {});

  // Use Open. Public only for std::make_unique.
  explicit PostgresStore(std::unique_ptr<pg::ConnectionPool> pool);
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;
  ~PostgresStore() override;

  // How many times a write was run again after a serialization failure, since Open.
  std::uint64_t serialization_retries() const { return retries_.load(); }

  Result<User> CreateUser(const std::string& username, const std::string& password_hash, Role role,
                          std::int64_t now) override;
  Result<User> FindUserByName(std::string_view username) override;
  Result<User> FindUserById(std::int64_t user_id) override;
  Status SetPreferences(std::int64_t user_id, const Preferences& preferences) override;

  std::unique_ptr<ReadSnapshot> PinReadSnapshot() override;
  // This store's write transactions plus the server's WAL insert position
  // (pg_current_wal_insert_lsn(), which every commit moves before it is acknowledged), read
  // afresh on every call — one short query on a pooled session: several appvaultd on one
  // database are one service, and an answer cached by one is never served after a write
  // another acknowledged (CONTRACT §9). Any write to the cluster moves it: a false alarm costs
  // a cache refill, never a stale answer. nullopt when the position cannot be read (or past
  // 16 TiB of WAL): nothing is then cached.
  std::optional<std::uint64_t> ChangeCount() override;

  Status CreateSession(const Session& session) override;
  Result<Session> FindSession(const Sha256& token_hash) override;
  Status DeleteSession(const Sha256& token_hash) override;
  Result<std::int64_t> DeleteExpiredSessions(std::int64_t now) override;

  Status CreateDevice(const Device& device, std::size_t max_devices = kNoLimit) override;
  Result<std::vector<Device>> ListDevices(std::int64_t user_id) override;
  Result<Device> FindDevice(std::int64_t user_id, std::string_view device_id) override;

  Status AddPackage(const SoftwareRecord& software, const PackageRecord& package,
                    const PlaceBytes& place_bytes = nullptr) override;
  Result<SoftwareRecord> FindSoftware(std::string_view software_id) override;
  Result<std::vector<PackageRecord>> ListPackages(std::string_view software_id) override;
  Result<PackageRecord> FindPackage(const Sha256& sha256) override;
  Result<std::string> FindSoftwareIdByApp(Platform platform, const AppId& app) override;
  Result<std::vector<SoftwareRecord>> SearchSoftware(const SoftwareQuery& query) override;
  Result<std::vector<CatalogEntry>> CatalogInCategory(std::string_view category) override;
  Status AddVote(std::int64_t user_id, std::string_view software_id, std::int64_t now) override;

  Status RecordBlob(const BlobRecord& blob, std::optional<std::int64_t> owner_id) override;
  Status RecordPrivateBlob(const BlobRecord& blob, std::int64_t owner_id, std::uint64_t quota_bytes,
                           const PlaceBytes& place_bytes) override;
  Result<std::uint64_t> PrivateBytes(std::int64_t owner_id) override;
  Result<BlobRecord> FindBlob(const Sha256& sha256) override;
  Result<bool> IsBlobOwner(const Sha256& sha256, std::int64_t user_id) override;
  Result<std::vector<BlobRecord>> ListBlobs() override;
  Result<std::vector<BlobRecord>> ListUnreferencedBlobs(std::int64_t recorded_before,
                                                        std::optional<Sha256> after,
                                                        std::size_t limit) override;
  Result<bool> DeleteUnreferencedBlob(const Sha256& sha256, std::int64_t recorded_before) override;
  Result<bool> IsBlobRecorded(const Sha256& sha256) override;
  Result<bool> RemoveUnrecordedBytes(const Sha256& sha256,
                                     const std::function<Status()>& remove) override;

  Result<SnapshotRecord> CreateSnapshot(std::int64_t user_id, std::string_view device_id,
                                        std::int64_t now, const std::vector<BackupRecord>& apps,
                                        const SnapshotLimits& limits) override;
  Result<SnapshotRecord> AppendToSnapshot(std::int64_t user_id, std::int64_t snapshot_id,
                                          std::int64_t now, const std::vector<BackupRecord>& apps,
                                          const SnapshotLimits& limits) override;
  Result<std::vector<SnapshotRecord>> ListSnapshots(
      std::int64_t user_id, std::optional<std::string_view> device_id) override;
  Result<SnapshotRecord> FindSnapshot(std::int64_t user_id, std::int64_t snapshot_id) override;
  Result<SnapshotRecord> FindNewestSnapshot(std::int64_t user_id,
                                            std::optional<Platform> platform) override;
  Result<std::vector<BackupRecord>> ListSnapshotApps(std::int64_t user_id,
                                                     std::int64_t snapshot_id) override;
  Status DeleteSnapshots(std::int64_t user_id, const std::vector<std::int64_t>& ids) override;
  Status PutBackups(std::int64_t user_id, const std::vector<BackupRecord>& backups,
                    std::size_t max_backups = kNoLimit) override;
  Result<std::vector<BackupRecord>> ListBackups(std::int64_t user_id) override;
  Result<BackupRecord> FindBackup(std::int64_t user_id, const AppId& app) override;
  Result<BackupRecord> FindBackupOn(std::int64_t user_id, Platform platform,
                                    const AppId& app) override;
  Status DeleteBackup(std::int64_t user_id, const AppId& app) override;

 private:
  using Work = std::function<Status(pg::Connection&)>;
  enum class Access {
    kRead,      // one statement: needs no transaction
    kSnapshot,  // several reads that must agree: one read-only snapshot
    kWrite,     // SERIALIZABLE, committed when the work succeeds, else rolled back; retried
  };

  // Advisory lock keys, taken in the order given.
  using Locks = std::vector<std::int64_t>;
  // Runs `work` on a pooled session with the given access; a write with `locks` (advisory
  // lock keys) holds them from before its transaction begins until it has ended.
  Status Run(Access access, const Work& work, const Locks& locks = {});
  // The advisory lock key of a blob (its digest's first 8 bytes).
  static std::int64_t LockKeyOf(const Sha256& sha256);
  // The advisory lock key of a user's uploads.
  static std::int64_t UserLockKeyOf(std::int64_t user_id);
  // `fn`, or Ok without running it again once it has succeeded: for an action outside the
  // database inside a write that may be run again. `done` must outlive the result.
  static std::function<Status()> OnceOnly(const std::function<Status()>& fn, bool* done);
  // One write transaction: begun, worked, committed.
  Status RunWriteOnce(pg::Connection& connection, const Work& work);

  // As Run, for work that returns a Result<T>; returns that result (or the failure to
  // begin or commit the transaction).
  template <typename Fn>
  auto Fetch(Access access, Fn&& fn, const Locks& locks = {})
      -> decltype(fn(std::declval<pg::Connection&>())) {
    std::optional<decltype(fn(std::declval<pg::Connection&>()))> result;
    Status done = Run(
        access,
        [&](pg::Connection& connection) {
          result.emplace(fn(connection));
          return result->status();
        },
        locks);
    if (!done.ok()) return done;
    return std::move(result).value();
  }

  std::unique_ptr<pg::ConnectionPool> pool_;
  std::atomic<std::uint64_t> retries_{0};
  std::atomic<std::uint64_t> local_changes_{0};  // write transactions ended here (ChangeCount)
};

}  // namespace appvault::store
