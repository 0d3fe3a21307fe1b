// SqliteStore: the MetadataStore kept in one SQLite database file (the default backend,
// `sqlite:DATA/appvault.db`).
//
// Concurrency: a small pool of connections in WAL mode — readers never wait for the
// writer and see a consistent snapshot; writes are serialised (in process by a mutex,
// across processes by SQLite's lock, waited for up to busy_timeout) and each runs in one
// BEGIN IMMEDIATE transaction that rolls back on any error.
//
// Durability: synchronous=NORMAL in WAL mode by default — every commit is atomic and
// survives a crash of the process; a power loss or OS crash may lose the last commits
// (never corrupt the database). Set synchronous_full to fsync the WAL on every commit.
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

#include "store/store.h"

namespace appvault::store {

template <typename Connection>
class ConnectionPool;
namespace sqlite {
class Connection;
using ConnectionPool = store::ConnectionPool<Connection>;
}  // namespace sqlite

struct SqliteOptions {
  std::size_t pool_size = 4;  // connections, 1..64: how many calls run at once
  // How long a call waits for another process's write lock before kUnavailable.
  std::chrono::milliseconds busy_timeout{5000};
  bool synchronous_full = false;  // fsync every commit (see Durability above)
  // Open for reading only (`appvaultd check`): the file must exist and already be at this
  // binary's schema version; nothing is migrated or written, and every write fails.
  bool read_only = false;
};

// Thread-safety: every method may be called from many threads at once (MetadataStore's
// contract). Owns its connections; closes them on destruction.
class SqliteStore final : public MetadataStore {
 public:
  // Opens the database file at `path`, creating it when missing, and brings its schema to
  // this binary's version (sqlite::BinarySchemaVersion()) with the migrations of
  // migrations.h. Opening an up-to-date database changes nothing.
  // With options.read_only, opens an existing file without changing it.
  // Errors: kInvalidArgument for a pool size outside 1..64 or an in-memory path;
  // kUnavailable when the file cannot be opened or written, or "database schema version
  // N is newer than this binary (M)" (read-only: also when it is older); kDataLoss when it
  // is not an SQLite database; kInternal when a migration fails (that migration is rolled
  // back).
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                   SqliteOptions options = {});

  // Use Open. Public only for std::make_unique.
  SqliteStore(std::unique_ptr<sqlite::ConnectionPool> pool,
              std::unique_ptr<sqlite::Connection> watch);
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  ~SqliteStore() override;

  Result<User> CreateUser(const std::string& username, const std::string& password_hash, Role role,
                          std::int64_t now) override;
  Result<User> FindUserByName(std::string_view username) override;
  Result<User> FindUserById(std::int64_t user_id) override;
  Status SetPreferences(std::int64_t user_id, const Preferences& preferences) override;

  std::unique_ptr<ReadSnapshot> PinReadSnapshot() override;
  // Counts this store's write transactions; another process's commits are seen through
  // SQLite's `PRAGMA data_version` on a connection of its own that never writes, read at
  // most once per kForeignChangeDelay.
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
  using Work = std::function<Status(sqlite::Connection&)>;
  enum class Access {
    kRead,      // one statement: needs no transaction
    kSnapshot,  // several reads that must agree: one read transaction
    kWrite,     // BEGIN IMMEDIATE, committed when the work succeeds, else rolled back
  };

  // Runs `work` on a pooled connection with the given access.
  Status Run(Access access, const Work& work);

  // As Run, for work that returns a Result<T>; returns that result (or the failure to
  // begin or commit the transaction).
  template <typename Fn>
  auto Fetch(Access access, Fn&& fn) -> decltype(fn(std::declval<sqlite::Connection&>())) {
    std::optional<decltype(fn(std::declval<sqlite::Connection&>()))> result;
    Status done = Run(access, [&](sqlite::Connection& connection) {
      result.emplace(fn(connection));
      return result->status();
    });
    if (!done.ok()) return done;
    return std::move(result).value();
  }

  std::unique_ptr<sqlite::ConnectionPool> pool_;
  // ChangeCount() is local_changes_ + foreign_changes_ (both only grow).
  std::atomic<std::uint64_t> local_changes_{0};    // write transactions ended here
  std::atomic<std::uint64_t> foreign_changes_{0};  // data_version changes seen
  std::atomic<std::int64_t> next_watch_ns_{0};     // steady clock: when to read it again
  std::mutex watch_mu_;                            // guards watch_ and last_data_version_
  std::unique_ptr<sqlite::Connection> watch_;      // outside the pool; never writes
  std::optional<std::int64_t> last_data_version_;
  std::mutex write_mu_;  // one writer at a time in this process: no busy-waiting on locks
};

}  // namespace appvault::store
