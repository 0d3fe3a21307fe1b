#include "store/postgres_store.h"

#include <charconv>
#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/connection_pool.h"
#include "store/postgres_connection.h"
#include "store/postgres_migrations.h"

namespace appvault::store {
namespace {

constexpr std::size_t kMaxPoolSize = 64;

using pg::Connection;

Status CheckPoolSize(const PostgresOptions& options) {
  if (options.pool_size >= 1 && options.pool_size <= kMaxPoolSize) return Status::Ok();
  return Status(StatusCode::kInvalidArgument,
                "database pool size " + std::to_string(options.pool_size) + " is outside 1.." +
                    std::to_string(kMaxPoolSize) + " (--database-pool)");
}

// A database opened read-only cannot be migrated: it must be at this binary's version.
Status CheckSchemaCurrent(Connection& connection) {
  Result<std::int64_t> found = pg::SchemaVersion(connection);
  if (!found.ok()) return found.status();
  const std::int64_t binary = pg::BinarySchemaVersion();
  if (*found == binary) return Status::Ok();
  if (*found > binary) return SchemaTooNew(*found, binary);
  return Status(StatusCode::kUnavailable, "database schema version " + std::to_string(*found) +
                                              " is older than this binary (" +
                                              std::to_string(binary) +
                                              "); run appvaultd serve once to upgrade it");
}

Result<std::unique_ptr<Connection>> OpenSession(const std::string& url,
                                                const PostgresOptions& options) {
  Result<std::unique_ptr<Connection>> connection =
      Connection::Open(url, pg::ConnectionOptions{options.connect_timeout});
  if (!connection.ok() || !options.read_only) return connection;
  Status read_only = (*connection)->Exec("SET default_transaction_read_only = on");
  if (!read_only.ok()) return read_only;
  return connection;
}

// Opens the pool's sessions; the first one migrates the schema (or, read-only, checks it)
// before the others open.
Result<std::vector<std::unique_ptr<Connection>>> OpenSessions(const std::string& url,
                                                              const PostgresOptions& options) {
  std::vector<std::unique_ptr<Connection>> sessions;
  for (std::size_t i = 0; i < options.pool_size; ++i) {
    Result<std::unique_ptr<Connection>> session = OpenSession(url, options);
    if (!session.ok()) return session.status();
    if (i == 0) {
      Status schema = CheckSchemaCurrent(**session);
      if (!options.read_only) {
        Result<std::int64_t> migrated = pg::Migrate(**session, pg::SchemaMigrations());
        schema = migrated.ok() ? Status::Ok() : migrated.status();
      }
      if (!schema.ok()) return schema;
    }
    sessions.push_back(std::move(session).value());
  }
  return sessions;
}

// The read snapshot pinned on this thread, if any: its store and session.
struct PinnedSnapshot {
  const PostgresStore* store = nullptr;
  Connection* connection = nullptr;
};
thread_local PinnedSnapshot pinned_snapshot;

Connection* PinnedConnection(const PostgresStore* store) {
  return pinned_snapshot.store == store ? pinned_snapshot.connection : nullptr;
}

// Holds a pooled session in a read-only snapshot while it lives; registered as this
// thread's snapshot.
class PostgresReadSnapshot final : public ReadSnapshot {
 public:
  PostgresReadSnapshot(const PostgresStore* store, pg::ConnectionPool::Lease lease,
                       pg::Transaction transaction)
      : lease_(std::move(lease)), transaction_(std::move(transaction)) {
    pinned_snapshot = PinnedSnapshot{store, &*lease_};
  }
  PostgresReadSnapshot(const PostgresReadSnapshot&) = delete;
  PostgresReadSnapshot& operator=(const PostgresReadSnapshot&) = delete;
  ~PostgresReadSnapshot() override { pinned_snapshot = PinnedSnapshot{}; }

 private:
  pg::ConnectionPool::Lease lease_;
  pg::Transaction transaction_;  // declared after lease_: ends before it
};

// A pause before attempt `attempt` (1, 2, …) of a write: random, growing, at most ~50 ms.
void PauseBeforeRetry(int attempt) {
  thread_local std::minstd_rand random(std::random_device{}());
  const int ceiling_us = std::min(50'000, 200 << std::min(attempt, 8));
  std::uniform_int_distribution<int> pause(ceiling_us / 4, ceiling_us);
  std::this_thread::sleep_for(std::chrono::microseconds(pause(random)));
}

}  // namespace

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& url,
                                                           PostgresOptions options) {
  Status checked = CheckPoolSize(options);
  if (!checked.ok()) return checked;
  Result<std::vector<std::unique_ptr<Connection>>> sessions = OpenSessions(url, options);
  if (!sessions.ok()) return sessions.status();
  auto pool = std::make_unique<pg::ConnectionPool>(std::move(sessions).value());
  return std::make_unique<PostgresStore>(std::move(pool));
}

PostgresStore::PostgresStore(std::unique_ptr<pg::ConnectionPool> pool) : pool_(std::move(pool)) {}

PostgresStore::~PostgresStore() = default;

std::int64_t PostgresStore::LockKeyOf(const Sha256& sha256) {
  std::uint64_t key = 0;
  for (std::size_t i = 0; i < 8; ++i)
    key = (key << 8) | sha256.bytes()[i];
  return static_cast<std::int64_t>(key);
}

std::int64_t PostgresStore::UserLockKeyOf(std::int64_t user_id) {
  // "user" in the high 32 bits: apart from blob keys but by chance (1 in 2^32 per blob).
  constexpr std::uint64_t kUserSpace = 0x7573657200000000;
  return static_cast<std::int64_t>(kUserSpace ^ static_cast<std::uint32_t>(user_id));
}

std::function<Status()> PostgresStore::OnceOnly(const std::function<Status()>& fn, bool* done) {
  if (!fn) return nullptr;
  return [fn, done]() -> Status {
    if (*done) return Status::Ok();
    Status status = fn();
    *done = status.ok();
    return status;
  };
}

std::unique_ptr<ReadSnapshot> PostgresStore::PinReadSnapshot() {
  if (pinned_snapshot.connection != nullptr) return nullptr;
  pg::ConnectionPool::Lease connection = pool_->Acquire();
  if (!connection->EnsureConnected().ok()) return nullptr;
  Result<pg::Transaction> tx = pg::Transaction::Begin(*connection, pg::Isolation::kSnapshot);
  if (!tx.ok()) return nullptr;
  return std::make_unique<PostgresReadSnapshot>(this, std::move(connection), std::move(tx).value());
}

namespace {

// "16/B374D848" (pg_lsn as text: two hex halves) as one number; nullopt when it does not parse.
std::optional<std::uint64_t> ParseLsn(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::uint64_t high = 0, low = 0;
  const auto parse = [](std::string_view part, std::uint64_t* out) {
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), *out, 16);
    return !part.empty() && error == std::errc() && end == part.data() + part.size() &&
           *out <= 0xffffffffu;
  };
  if (!parse(text.substr(0, slash), &high) || !parse(text.substr(slash + 1), &low))
    return std::nullopt;
  return (high << 32) | low;
}

}  // namespace

std::optional<std::uint64_t> PostgresStore::ChangeCount() {
  // The in-process count is read first: a write that ends after this read makes the
  // answer stale, as the contract says.
  const std::uint64_t local = local_changes_.load(std::memory_order_acquire);
  // Then the cluster's WAL insert position, afresh on every call: every commit — of this
  // process or of any other server on the database — moves it before it is acknowledged,
  // so an answer cached before another server's acknowledged write is never served after it.
  pg::ConnectionPool::Lease connection = pool_->Acquire();
  if (!connection->EnsureConnected().ok()) return std::nullopt;
  Result<pg::Rows> wal = connection->Query("SELECT pg_current_wal_insert_lsn()::text");
  if (!wal.ok() || wal->size() != 1) return std::nullopt;
  std::optional<std::uint64_t> lsn = ParseLsn((*wal)[0].Text(0));
  if (!lsn || *lsn >= (std::uint64_t{1} << 44))
    return std::nullopt;  // 16 TiB of WAL: cache nothing
  // Both parts only grow, so equal sums mean neither moved.
  return (*lsn << 20) + local;
}

Status PostgresStore::RunWriteOnce(pg::Connection& connection, const Work& work) {
  Result<pg::Transaction> tx = pg::Transaction::Begin(connection, pg::Isolation::kSerializable);
  if (!tx.ok()) return tx.status();
  Status done = work(connection);
  if (!done.ok()) return done;  // the transaction's destructor rolls back
  return tx->Commit();
}

Status PostgresStore::Run(Access access, const Work& work, const Locks& locks) {
  if (Connection* pinned = PinnedConnection(this)) {
    // Inside this thread's read transaction already: reads just run; a write cannot.
    if (access != Access::kWrite) return work(*pinned);
    return Status(StatusCode::kInternal, "database: a write inside a pinned read snapshot");
  }
  pg::ConnectionPool::Lease connection = pool_->Acquire();
  Status connected = connection->EnsureConnected();
  if (!connected.ok()) return connected;
  if (access == Access::kRead) return work(*connection);
  if (access == Access::kSnapshot) {
    Result<pg::Transaction> tx = pg::Transaction::Begin(*connection, pg::Isolation::kSnapshot);
    if (!tx.ok()) return tx.status();
    Status done = work(*connection);
    if (!done.ok()) return done;
    return tx->Commit();
  }
  std::vector<std::unique_ptr<pg::SessionLock>> held;  // released on return, before the lease
  for (std::int64_t key : locks) {
    Result<std::unique_ptr<pg::SessionLock>> taken = pg::SessionLock::Take(*connection, key);
    if (!taken.ok()) return taken.status();
    held.push_back(std::move(taken).value());
  }
  // A write counts as a change once it has ended, committed or not (ChangeCount()).
  struct CountWrite {
    std::atomic<std::uint64_t>* changes;
    ~CountWrite() { changes->fetch_add(1, std::memory_order_acq_rel); }
  } count{&local_changes_};
  Status done;
  for (int attempt = 1;; ++attempt) {
    done = RunWriteOnce(*connection, work);
    if (done.ok() || !connection->last_failure_retryable()) return done;
    if (attempt == kMaxAttempts) break;
    retries_.fetch_add(1, std::memory_order_relaxed);
    PauseBeforeRetry(attempt);
  }
  return Status(StatusCode::kUnavailable, "database: a write still conflicted with others after " +
                                              std::to_string(kMaxAttempts) +
                                              " attempts: " + done.message());
}

}  // namespace appvault::store
