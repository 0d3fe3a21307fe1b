#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "store/connection_pool.h"
#include "store/migrations.h"
#include "store/sqlite_connection.h"

namespace appvault::store {
namespace {

constexpr std::size_t kMaxPoolSize = 64;

using sqlite::Connection;
using sqlite::ConnectionOptions;

Status CheckOpenArguments(const std::string& path, const SqliteOptions& options) {
  if (options.pool_size < 1 || options.pool_size > kMaxPoolSize) {
    return Status(StatusCode::kInvalidArgument,
                  "database pool size " + std::to_string(options.pool_size) + " is outside 1.." +
                      std::to_string(kMaxPoolSize));
  }
  if (path.empty() || path == ":memory:") {
    return Status(StatusCode::kInvalidArgument,
                  "database path \"" + path + "\" must name a file (the pool shares it)");
  }
  if (sqlite3_threadsafe() == 0) {
    return Status(StatusCode::kInternal, "database: SQLite was built without thread support");
  }
  return Status::Ok();
}

// SQLite's memory statistics take a process-wide mutex on every allocation, which the
// store's concurrent readers then contend for; nothing here reads them. Must happen before
// SQLite initializes: with SQLite in use already, the call is refused and changes nothing.
void TurnOffMemoryStatisticsOnce() {
  static std::once_flag once;
  std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

Status MigrateSchema(Connection& connection) {
  Result<std::int64_t> migrated = sqlite::Migrate(connection, sqlite::SchemaMigrations());
  return migrated.ok() ? Status::Ok() : migrated.status();
}

// A database opened read-only cannot be migrated: it must be at this binary's version.
Status CheckSchemaCurrent(Connection& connection) {
  Result<std::int64_t> found = connection.PragmaInt("user_version");
  if (!found.ok()) return found.status();
  const std::int64_t binary = sqlite::BinarySchemaVersion();
  if (*found == binary) return Status::Ok();
  const bool newer = *found > binary;
  std::string message = "database schema version ";
  message += std::to_string(*found);
  message += newer ? " is newer than this binary (" : " is older than this binary (";
  message += std::to_string(binary);
  message += newer ? "); use a newer appvaultd" : "); run appvaultd serve once to upgrade it";
  return Status(StatusCode::kUnavailable, std::move(message));
}

// Opens the pool's connections; the first one migrates the schema (or, read-only, checks
// it) before the others open.
Result<std::vector<std::unique_ptr<Connection>>> OpenConnections(const std::string& path,
                                                                 const SqliteOptions& options) {
  const ConnectionOptions connection_options{options.busy_timeout, options.synchronous_full,
                                             options.read_only};
  std::vector<std::unique_ptr<Connection>> connections;
  for (std::size_t i = 0; i < options.pool_size; ++i) {
    Result<std::unique_ptr<Connection>> connection = Connection::Open(path, connection_options);
    if (!connection.ok()) return connection.status();
    if (i == 0) {
      Status schema =
          options.read_only ? CheckSchemaCurrent(**connection) : MigrateSchema(**connection);
      if (!schema.ok()) return schema;
    }
    connections.push_back(std::move(connection).value());
  }
  return connections;
}

// The read snapshot pinned on this thread, if any: its store and connection.
struct PinnedSnapshot {
  const SqliteStore* store = nullptr;
  Connection* connection = nullptr;
};
thread_local PinnedSnapshot pinned_snapshot;

// The connection of this thread's snapshot of `store`, or null.
Connection* PinnedConnection(const SqliteStore* store) {
  return pinned_snapshot.store == store ? pinned_snapshot.connection : nullptr;
}

// Holds a pooled connection in a read transaction while it lives; registered as this
// thread's snapshot.
class SqliteReadSnapshot final : public ReadSnapshot {
 public:
  SqliteReadSnapshot(const SqliteStore* store, sqlite::ConnectionPool::Lease lease,
                     sqlite::Transaction transaction)
      : lease_(std::move(lease)), transaction_(std::move(transaction)) {
    pinned_snapshot = PinnedSnapshot{store, &*lease_};
  }
  SqliteReadSnapshot(const SqliteReadSnapshot&) = delete;
  SqliteReadSnapshot& operator=(const SqliteReadSnapshot&) = delete;
  // The transaction ends (rolled back: it wrote nothing) before the lease returns.
  ~SqliteReadSnapshot() override { pinned_snapshot = PinnedSnapshot{}; }

 private:
  sqlite::ConnectionPool::Lease lease_;
  sqlite::Transaction transaction_;  // declared after lease_: ends before it
};

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                       SqliteOptions options) {
  Status checked = CheckOpenArguments(path, options);
  if (!checked.ok()) return checked;
  TurnOffMemoryStatisticsOnce();
  Result<std::vector<std::unique_ptr<Connection>>> connections = OpenConnections(path, options);
  if (!connections.ok()) return connections.status();
  // The change watcher opens after the schema is current, like the pool's other
  // connections; it only ever reads one pragma.
  Result<std::unique_ptr<Connection>> watch =
      Connection::Open(path, {options.busy_timeout, options.synchronous_full, options.read_only});
  if (!watch.ok()) return watch.status();
  auto pool = std::make_unique<sqlite::ConnectionPool>(std::move(connections).value());
  return std::make_unique<SqliteStore>(std::move(pool), std::move(watch).value());
}

SqliteStore::SqliteStore(std::unique_ptr<sqlite::ConnectionPool> pool,
                         std::unique_ptr<sqlite::Connection> watch)
    : pool_(std::move(pool)), watch_(std::move(watch)) {}

SqliteStore::~SqliteStore() = default;

std::unique_ptr<ReadSnapshot> SqliteStore::PinReadSnapshot() {
  if (pinned_snapshot.connection != nullptr) return nullptr;
  sqlite::ConnectionPool::Lease connection = pool_->Acquire();
  Result<sqlite::Transaction> tx =
      sqlite::Transaction::Begin(*connection, sqlite::TransactionMode::kRead);
  if (!tx.ok()) return nullptr;
  return std::make_unique<SqliteReadSnapshot>(this, std::move(connection), std::move(tx).value());
}

std::optional<std::uint64_t> SqliteStore::ChangeCount() {
  // The in-process count is read first: a write that ends after this read makes the
  // answer stale, as the contract says.
  const std::uint64_t local = local_changes_.load(std::memory_order_acquire);
  const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::steady_clock::now().time_since_epoch())
                               .count();
  if (now >= next_watch_ns_.load(std::memory_order_relaxed)) {
    // One thread reads data_version; the others go on with what was last seen.
    std::unique_lock lock(watch_mu_, std::try_to_lock);
    if (lock.owns_lock()) {
      next_watch_ns_.store(now + std::chrono::nanoseconds(kForeignChangeDelay).count(),
                           std::memory_order_relaxed);
      Result<std::int64_t> version = watch_->PragmaInt("data_version");
      if (!version.ok()) return std::nullopt;
      if (last_data_version_ != *version) {
        last_data_version_ = *version;
        foreign_changes_.fetch_add(1, std::memory_order_acq_rel);
      }
    }
  }
  return local + foreign_changes_.load(std::memory_order_acquire);
}

Status SqliteStore::Run(Access access, const Work& work) {
  if (Connection* pinned = PinnedConnection(this)) {
    // Inside this thread's read transaction already: reads just run; a write cannot.
    if (access != Access::kWrite) return work(*pinned);
    return Status(StatusCode::kInternal, "database: a write inside a pinned read snapshot");
  }
  sqlite::ConnectionPool::Lease connection = pool_->Acquire();
  if (access == Access::kRead) return work(*connection);
  std::unique_lock<std::mutex> writer;
  if (access == Access::kWrite) writer = std::unique_lock(write_mu_);
  Result<sqlite::Transaction> tx = sqlite::Transaction::Begin(
      *connection,
      access == Access::kWrite ? sqlite::TransactionMode::kWrite : sqlite::TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  // A write counts as a change once it has ended, committed or not (ChangeCount()).
  struct CountWrite {
    std::atomic<std::uint64_t>* changes;
    ~CountWrite() {
      if (changes) changes->fetch_add(1, std::memory_order_acq_rel);
    }
  } count{access == Access::kWrite ? &local_changes_ : nullptr};
  Status done = work(*connection);
  if (!done.ok()) return done;  // the transaction's destructor rolls back
  return tx->Commit();
}

}  // namespace appvault::store
