// Connection: one open SQLite database handle with its cache of prepared statements, and
// Transaction, an RAII guard that rolls back whatever it did not commit.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"
#include "store/connection_pool.h"
#include "store/sqlite_statement.h"

namespace appvault::store::sqlite {

struct ConnectionOptions {
  // How long a statement waits for another connection's lock before giving up with
  // SQLITE_BUSY (→ kUnavailable).
  std::chrono::milliseconds busy_timeout{5000};
  // synchronous=FULL instead of NORMAL (see SqliteOptions for the durability trade-off).
  bool synchronous_full = false;
  // SQLITE_OPEN_READONLY, the file must exist; the journal mode is left as the file has it.
  bool read_only = false;
};

// Thread-safety: one thread at a time (the pool hands a connection to one thread).
// Move-less; owns its sqlite3* and statements and closes them on destruction.
class Connection {
 public:
  // Opens (creating it when missing) the database file at `path` and sets the pragmas of
  // every connection: busy_timeout, WAL journal, foreign keys on, synchronous. Read-only
  // (options.read_only): opens an existing file and sets busy_timeout and query_only.
  // Errors: kUnavailable when the file cannot be opened or is not usable in WAL mode.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path,
                                                  const ConnectionOptions& options);

  struct Key {  // lets only Open construct
   private:
    Key() = default;
    friend class Connection;
  };
  Connection(Key, sqlite3* db) : db_(db) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more statements without parameters, discarding any rows.
  Status Exec(std::string_view sql);
  // The cached prepared statement for `sql` (prepared on first use), lent until the
  // returned Statement is destroyed. Errors: kInternal for SQL that does not compile or a
  // statement that is already lent out (a nested use of the same SQL); otherwise as mapped
  // by SqliteStatus (a file that is not a database is kDataLoss).
  Result<Statement> Prepare(std::string_view sql);
  // The value of an integer pragma ("user_version").
  Result<std::int64_t> PragmaInt(std::string_view pragma);

  sqlite3* handle() const { return db_; }

 private:
  struct StatementDeleter {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };
  struct Cached {
    std::unique_ptr<sqlite3_stmt, StatementDeleter> stmt;
    bool in_use = false;
  };

  Status Configure(const ConnectionOptions& options);

  sqlite3* db_;
  std::unordered_map<std::string, Cached> cache_;
};

enum class TransactionMode {
  kRead,   // BEGIN DEFERRED: one consistent snapshot for several reads
  kWrite,  // BEGIN IMMEDIATE: takes the write lock up front, so it never fails half-way
};

// An open transaction on a connection: Commit() makes it durable; destruction without a
// successful Commit() rolls it back. Move-only; must not outlive its connection.
class Transaction {
 public:
  // Errors: kUnavailable when the write lock stays busy past the busy timeout.
  static Result<Transaction> Begin(Connection& connection, TransactionMode mode);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  // Errors: the mapped SQLite error; the transaction is then rolled back on destruction.
  Status Commit();

 private:
  explicit Transaction(Connection* connection) : connection_(connection) {}

  Connection* connection_;  // null once committed or moved from
};

// The SQLite store's pool of connections.
using ConnectionPool = store::ConnectionPool<Connection>;

}  // namespace appvault::store::sqlite
