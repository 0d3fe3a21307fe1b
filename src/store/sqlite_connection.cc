#include "store/sqlite_connection.h"

#include <utility>

#include "store/sqlite_error.h"

namespace appvault::store::sqlite {

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path,
                                                     const ConnectionOptions& options) {
  sqlite3* db = nullptr;
  // NOMUTEX: the pool guarantees one thread per connection at a time.
  const int access =
      options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const int flags = access | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  auto connection = std::make_unique<Connection>(Key(), db);  // owns db even on failure
  if (rc != SQLITE_OK) {
    return SqliteStatus(rc, db, "open " + path);
  }
  sqlite3_extended_result_codes(db, 1);
  Status configured = connection->Configure(options);
  if (!configured.ok()) return configured;
  return connection;
}

Connection::~Connection() {
  cache_.clear();  // finalize every statement before closing
  sqlite3_close_v2(db_);
}

Status Connection::Configure(const ConnectionOptions& options) {
  const int rc = sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout.count()));
  if (rc != SQLITE_OK) return SqliteStatus(rc, db_, "set busy_timeout");
  if (options.read_only) return Exec("PRAGMA query_only = ON;");
  Result<Statement> journal = Prepare("PRAGMA journal_mode = WAL");
  if (!journal.ok()) return journal.status();
  Result<bool> row = journal->Step();
  if (!row.ok()) return row.status();
  if (!*row || journal->Text(0) != "wal") {
    return Status(StatusCode::kUnavailable, "database: cannot switch to WAL journal mode");
  }
  std::string pragmas = "PRAGMA foreign_keys = ON; PRAGMA synchronous = ";
  pragmas += options.synchronous_full ? "FULL;" : "NORMAL;";
  return Exec(pragmas);
}

Status Connection::Exec(std::string_view sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);  // sqlite3_errmsg still holds the message
  if (rc != SQLITE_OK) return SqliteStatus(rc, db_, sql.substr(0, 60));
  return Status::Ok();
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  auto [it, inserted] = cache_.try_emplace(std::string(sql));
  Cached& cached = it->second;
  if (cached.in_use) {
    return Status(StatusCode::kInternal,
                  "database: statement used twice at once: " + std::string(sql.substr(0, 60)));
  }
  if (!cached.stmt) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      cache_.erase(it);
      // Bad SQL is SQLITE_ERROR (→ kInternal); a busy or unreadable file maps as usual.
      return SqliteStatus(rc, db_, "prepare " + std::string(sql.substr(0, 60)));
    }
    cached.stmt.reset(stmt);
  }
  cached.in_use = true;
  return Statement(cached.stmt.get(), db_, &cached.in_use);
}

Result<std::int64_t> Connection::PragmaInt(std::string_view pragma) {
  Result<Statement> stmt = Prepare("PRAGMA " + std::string(pragma));
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status(StatusCode::kInternal, "database: no value for " + std::string(pragma));
  return stmt->Int(0);
}

namespace {

// BEGIN and COMMIT run for nearly every call of the store: from the statement cache, not
// parsed again each time.
Status RunCached(Connection& connection, std::string_view sql) {
  Result<Statement> stmt = connection.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  return stmt->Run();
}

}  // namespace

Result<Transaction> Transaction::Begin(Connection& connection, TransactionMode mode) {
  Status begun =
      RunCached(connection, mode == TransactionMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  if (!begun.ok()) return begun;
  return Transaction(&connection);
}

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

Transaction::~Transaction() {
  if (connection_ == nullptr) return;
  // SQLite may already have rolled back by itself (after SQLITE_FULL, SQLITE_IOERR, ...).
  if (sqlite3_get_autocommit(connection_->handle()) == 0) {
    (void)connection_->Exec("ROLLBACK");
  }
}

Status Transaction::Commit() {
  Status committed = RunCached(*connection_, "COMMIT");
  if (committed.ok()) connection_ = nullptr;
  return committed;
}

}  // namespace appvault::store::sqlite
